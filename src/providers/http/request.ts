/**
 * POSTing JSON to an image API with plain fetch: the caller's abort signal,
 * errors classified by status, network failures as transient, and the key
 * redacted from anything an error carries.
 */
import { ProviderError } from '../../types/errors.js';
import type { Redactor } from '../../util/redact.js';
import { errorForStatus, type StatusRules } from './status.js';

export interface PostOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  redactor: Redactor;
  /** Names the API in messages, e.g. "Together". */
  label: string;
  rules?: StatusRules;
}

export async function postJson(url: string, body: unknown, options: PostOptions): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ProviderError(
      'transient',
      options.redactor.message(`${options.label}: cannot reach ${url} (${reason})`),
      {
        cause: error,
      },
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (options.signal.aborted) throw error;
    throw new ProviderError('response', `${options.label}: the connection dropped while reading the answer`, {
      status: response.status,
      cause: error,
    });
  }
  if (!response.ok) {
    throw errorForStatus({
      status: response.status,
      // Held keys out before the message is cut to length (half a key is still a leak), the rest after parsing.
      body: options.redactor.secretsIn(text),
      headers: response.headers,
      label: options.label,
      ...(options.rules ? { rules: options.rules } : {}),
      redact: (message) => options.redactor.message(message),
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderError('response', `${options.label}: the answer is not JSON (${text.length} bytes, truncated?)`, {
      status: response.status,
    });
  }
}
