/**
 * Keeping API keys out of everything seedsnap writes. Known secret values are
 * replaced wherever they appear; so are strings that merely look like keys
 * (a Bearer token, an `sk-…` or `tgp_v1_…` key), in case a server echoes one.
 */
export const REDACTED = '[redacted]';

const KEY_LIKE = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\b(?:sk|tgp_v1|key)[-_][A-Za-z0-9_-]{16,}/g,
  /\b(?:authorization|x-api-key)\s*[:=]\s*["']?[^\s"',}]{8,}/gi,
];

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string> = []) {
    // Longest first, so a secret containing another is replaced whole.
    this.secrets = [...new Set([...secrets].filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    for (const pattern of KEY_LIKE) out = out.replace(pattern, REDACTED);
    return out;
  }

  /** Every string inside a JSON-like value, redacted (the value is copied, not changed). */
  deep<T>(value: T): T {
    return JSON.parse(this.text(JSON.stringify(value))) as T;
  }
}
