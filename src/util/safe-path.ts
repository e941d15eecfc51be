/**
 * Case ids become file paths. Ids come from suites (and so from users), so
 * every segment is encoded to a safe character set and the result is checked
 * to stay inside its root: no `..`, no absolute paths, no odd bytes.
 */
import path from 'node:path';
import { SeedsnapError } from '../errors.js';

const SAFE = /^[A-Za-z0-9._=,+@-]$/;

/** Percent-encode everything outside a conservative set; `.` and `..` segments are encoded too. */
export function encodeSegment(segment: string): string {
  if (segment === '') return '%';
  let out = '';
  for (const char of segment) {
    out += SAFE.test(char)
      ? char
      : [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  if (/^\.+$/.test(out)) out = out.replace(/\./g, '%2E');
  return out;
}

/** Relative path (with `/`) for an id like `suite/case/model/seed=1`. */
export function idToRelativePath(id: string): string {
  return id.split('/').map(encodeSegment).join('/');
}

/** Join `relative` under `root`, refusing anything that would land outside it. */
export function resolveInside(root: string, relative: string): string {
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (full !== base && !full.startsWith(base + path.sep)) {
    throw new SeedsnapError('UNSAFE_PATH', `refusing a path that leads outside ${base}: ${relative}`, {
      hint: 'a case id or a path in results.json points out of its folder; run the suite again rather than trust this run folder',
    });
  }
  return full;
}
