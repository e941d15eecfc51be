/**
 * From an HTTP answer to a ProviderError kind, the same way for every HTTP
 * provider: 422 is a safety refusal, 401/402/403 stop the run, 400/404 are
 * errors the server explained, 408/409/429/5xx are worth retrying.
 */
import { ProviderError } from '../../types/errors.js';

/** Server-requested wait: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The message a JSON error body carries ({error: {message}} or {error: "…"} or {detail: …}), else the text. */
export function errorMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: unknown; detail?: unknown; message?: unknown };
    const error = json.error;
    if (error && typeof error === 'object' && 'message' in error)
      return String((error as { message: unknown }).message);
    if (typeof error === 'string') return error;
    if (typeof json.detail === 'string') return json.detail;
    if (typeof json.message === 'string') return json.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || '(empty body)';
}

export interface StatusRules {
  /** Statuses that mean "the safety checker refused" (Together: 422; A1111 uses 422 for validation instead). */
  blocked: readonly number[];
  /** Recognise a refusal the API reports under another status (OpenAI: 400 content_policy_violation). */
  isRefusal?: (body: string) => boolean;
}

export const TOGETHER_RULES: StatusRules = { blocked: [422] };

export interface StatusAnswer {
  status: number;
  /** The raw body: the refusal rules read it as the server sent it. */
  body: string;
  headers: Headers;
  /** Names the API in messages, e.g. "Together". */
  label: string;
  rules?: StatusRules;
  /** Applied to the message taken from the body (keys a server echoes are redacted there, after parsing). */
  redact?: (message: string) => string;
}

export function errorForStatus(answer: StatusAnswer): ProviderError {
  const { status, body, headers, label, rules = TOGETHER_RULES } = answer;
  const message = `${label}: ${(answer.redact ?? ((m: string) => m))(errorMessage(body))}`;
  const options = { status };
  if (rules.blocked.includes(status) || rules.isRefusal?.(body)) return new ProviderError('blocked', message, options);
  if (status === 401 || status === 402 || status === 403) {
    const hint =
      status === 402
        ? 'the account has no credit left'
        : 'check that the API key variable holds a valid key for this API';
    return new ProviderError('auth', message, { ...options, hint });
  }
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    const wait = retryAfterMs(headers);
    return new ProviderError('transient', message, wait === undefined ? options : { ...options, retryAfterMs: wait });
  }
  return new ProviderError('invalid', message, options);
}
