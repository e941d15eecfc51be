/**
 * PNG and JPEG to RGBA, with the size checked from the header first. PNG: the
 * fast path of png-decode.ts, else pngjs (same pixels either way). JPEG:
 * jpeg-js, everywhere — decoders differ by a level here and there, so both
 * sides of every comparison, in a worker or not, go through this one.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { SeedsnapError } from '../errors.js';
import { decodePngFast } from './png-decode.js';
import { readImageHeader } from './sniff.js';
import type { RgbaImage } from './types.js';

/** Images claiming more pixels than this are refused before decoding. */
export const DEFAULT_MAX_MEGAPIXELS = 64;

export class ImageDecodeError extends SeedsnapError {
  constructor(message: string, cause?: unknown) {
    super('IMAGE_DECODE', message, { exitCode: 1, ...(cause === undefined ? {} : { cause }) });
    this.name = 'ImageDecodeError';
  }
}

export interface DecodeOptions {
  maxMegapixels?: number;
}

export function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): RgbaImage {
  const header = readImageHeader(bytes);
  if (!header) {
    const head = Buffer.from(bytes.subarray(0, 8)).toString('hex');
    throw new ImageDecodeError(`not a PNG or JPEG image (${bytes.length} bytes, starting ${head || 'with nothing'})`);
  }
  const limit = options.maxMegapixels ?? DEFAULT_MAX_MEGAPIXELS;
  const megapixels = (header.width * header.height) / 1e6;
  if (header.width === 0 || header.height === 0) {
    throw new ImageDecodeError(`${header.format} header gives an empty size ${header.width}×${header.height}`);
  }
  if (megapixels > limit) {
    throw new ImageDecodeError(
      `${header.format} header claims ${header.width}×${header.height} (${megapixels.toFixed(1)} MP), over the ${limit} MP limit`,
    );
  }
  try {
    if (header.format === 'png') {
      const fast = decodePngFast(bytes);
      if (fast) return fast;
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return {
        width: png.width,
        height: png.height,
        data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
      };
    }
    const decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: limit,
      maxMemoryUsageInMB: Math.ceil(limit * 16),
    });
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError(`cannot decode ${header.format} (${bytes.length} bytes): ${reason}`, error);
  }
}
