/**
 * Keeping API keys out of everything seedsnap writes.
 *
 * Two strengths, for two kinds of text:
 * - The key values the run actually holds (the providers' environment variables) are replaced
 *   everywhere: `deep()` walks a value and rewrites every string (and object key) that holds one.
 * - Strings that merely look like credentials (a Bearer token, an `sk-…` / `tgp_v1_…` key, an
 *   `Authorization:` header) are replaced only in what a server said (`message()`): a prompt that
 *   says "Authorization: Required" is the user's own text and is kept as written.
 *
 * Walking the value instead of rewriting its JSON text means redaction cannot change the
 * structure or throw: the old way turned `"x-api-key=12345678\""` into broken JSON.
 */
export const REDACTED = '[redacted]';

/** Shorter values are not secrets worth rewriting every matching word for (no real API key is this short). */
export const MIN_SECRET_LENGTH = 8;

const KEY_LIKE = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\b(?:sk|tgp_v1|key)[-_][A-Za-z0-9_-]{16,}/g,
  /\b(?:authorization|x-api-key)\s*[:=]\s*["']?[^\s"',}]{8,}/gi,
];

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export class Redactor {
  private readonly secrets: string[];
  private readonly encoded: Buffer[];

  constructor(secrets: Iterable<string> = []) {
    // Longest first, so a secret containing another is replaced whole.
    this.secrets = [...new Set([...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
      (a, b) => b.length - a.length,
    );
    this.encoded = this.secrets.map((s) => Buffer.from(s, 'utf8'));
  }

  /** The held secrets replaced; nothing else changes. */
  secretsIn(value: string): string {
    let out = value;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** What a server said (an error body, a model name it answered with): held secrets and key-shaped strings replaced. */
  message(value: string): string {
    let out = this.secretsIn(value);
    for (const pattern of KEY_LIKE) out = out.replace(pattern, REDACTED);
    return out;
  }

  /**
   * A copy of a JSON-like value with every held secret replaced in its strings and object keys. Arrays and
   * plain objects are walked (iteratively: depth costs no stack; a cycle stays a cycle), other values are
   * kept as they are. Never throws.
   */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.secretsIn(value) as T;
    if (!isContainer(value)) return value;
    const copies = new Map<Container, Container>();
    const copyOf = (source: Container): Container => {
      let copy = copies.get(source);
      if (!copy) {
        copy = Array.isArray(source) ? new Array<unknown>(source.length) : {};
        copies.set(source, copy);
        pending.push(source);
      }
      return copy;
    };
    const pending: Container[] = [];
    const root = copyOf(value);
    for (let source = pending.pop(); source !== undefined; source = pending.pop()) {
      const copy = copies.get(source) as Container;
      const leaf = (v: unknown) => (typeof v === 'string' ? this.secretsIn(v) : isContainer(v) ? copyOf(v) : v);
      if (Array.isArray(source)) {
        const target = copy as unknown[];
        for (let i = 0; i < source.length; i++) target[i] = leaf(source[i]);
      } else {
        const target = copy as Record<string, unknown>;
        for (const [key, v] of Object.entries(source)) target[this.secretsIn(key)] = leaf(v);
      }
    }
    return root as T;
  }

  /** Whether a value (walked like `deep`) or a byte buffer holds one of the secrets. */
  holdsSecret(value: unknown): boolean {
    if (this.secrets.length === 0) return false;
    if (value instanceof Uint8Array) {
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return this.encoded.some((secret) => bytes.includes(secret));
    }
    const seen = new Set<unknown>();
    const pending: unknown[] = [value];
    while (pending.length > 0) {
      const next = pending.pop();
      if (typeof next === 'string') {
        if (this.secrets.some((secret) => next.includes(secret))) return true;
      } else if (isContainer(next) && !seen.has(next)) {
        seen.add(next);
        for (const [key, v] of Object.entries(next)) pending.push(key, v);
      }
    }
    return false;
  }
}
