import { createHash } from 'node:crypto';

/** Hex SHA-256 of bytes: a baseline's identity in its sidecar, and how repeats count distinct outputs. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
