/**
 * Which image of a comparison could not be decoded: in a module of its own, so that the compare pool and
 * `seedsnap compare` can tell it without loading the comparator on the main thread (its workers load it).
 */
import { ImageDecodeError } from '../image/decode-error.js';

export class CompareInputError extends ImageDecodeError {
  constructor(
    readonly side: 'expected' | 'actual',
    cause: ImageDecodeError,
  ) {
    super(`${side === 'expected' ? 'baseline' : 'generated'} image: ${cause.message}`, cause);
    this.name = 'CompareInputError';
  }
}
