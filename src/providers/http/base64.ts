import { ProviderError } from '../../errors.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (Buffer.from would silently skip bad characters and return garbage bytes). */
export function decodeBase64Image(value: unknown, label: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ProviderError('response', `${label}: the answer holds no base64 image`);
  }
  const body = value.startsWith('data:') ? value.slice(value.indexOf(',') + 1) : value;
  const clean = body.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !BASE64.test(clean)) {
    throw new ProviderError('response', `${label}: the base64 image is malformed (${clean.length} characters)`);
  }
  return new Uint8Array(Buffer.from(clean, 'base64'));
}
