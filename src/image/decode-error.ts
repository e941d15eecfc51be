import { SeedsnapError } from '../types/errors.js';
import { thousands } from '../util/thousands.js';

/** An image that cannot be (or must not be) decoded; the message says what is wrong with the bytes. */
export class ImageDecodeError extends SeedsnapError {
  constructor(message: string, cause?: unknown) {
    super('IMAGE_DECODE', message, { exitCode: 1, ...(cause === undefined ? {} : { cause }) });
    this.name = 'ImageDecodeError';
  }
}

/** 1234567 → "1,234,567": byte counts in messages. */
export function count(n: number): string {
  return thousands(n);
}
