/**
 * PNG and JPEG to RGBA, refusing what would cost memory the image cannot
 * justify: the size is checked from the header first, then the data against
 * the header (png-inspect.ts, jpeg-inspect.ts) — a decompression bomb is refused
 * before it is inflated or allocated for.
 *
 * PNG: the fast path of png-decode.ts, else pngjs (same pixels either way).
 * JPEG: jpeg-js in `decodeImage` (synchronous); in `decodeImageAsync` (the
 * comparator), libjpeg-turbo when it loads and accepts the file
 * (turbo-decode.ts), else libvips when it loads (native-decode.ts), forty and
 * twenty times faster than jpeg-js. JPEG decoders differ by a level here and
 * there, so every comparison goes through the same rule, file by file.
 */
import { ImageDecodeError } from './decode-error.js';
import { inspectJpeg } from './jpeg-inspect.js';
import { loadJpegJs, loadPngjs } from './lazy-codecs.js';
import { type DecodedSamples, loadNativeDecoder } from './native-decode.js';
import { decodePngFast } from './png-decode.js';
import { checkPngData, checkPngPlausible, DIRECT_INFLATE_BYTES, type PngLayout, readPngLayout } from './png-inspect.js';
import { type ImageHeader, readImageHeader } from './sniff.js';
import { decodeJpegTurbo, turboAvailable } from './turbo-decode.js';
import type { PixelPlace, RgbaImage } from './types.js';

export { ImageDecodeError } from './decode-error.js';

/** Images claiming more pixels than this are refused before decoding. */
export const DEFAULT_MAX_MEGAPIXELS = 64;
const MiB = 1024 * 1024;

export interface DecodeOptions {
  maxMegapixels?: number;
  /** Where to put the pixels of a PNG the fast path decodes (the comparator's pass reads them there). */
  place?: PixelPlace;
}

function checkHeader(bytes: Uint8Array, options: DecodeOptions): ImageHeader {
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
  return header;
}

/**
 * Everything decodeImage checks, without decoding the pixels: for an image kept without being compared
 * (a new baseline), so that a bomb is refused before it is stored. Throws ImageDecodeError.
 */
export function checkImage(bytes: Uint8Array, options: DecodeOptions = {}): ImageHeader {
  const header = checkHeader(bytes, options);
  if (header.format === 'png') {
    const layout = readPngLayout(bytes);
    checkPngPlausible(layout);
    checkPngData(layout);
  } else {
    inspectJpeg(bytes);
  }
  return header;
}

/**
 * The size of an image the comparator may decode straight into its place (compare/placed-pair.ts), read
 * from the header alone after every check that comes before decoding; undefined for anything else. A PNG
 * that decodeImage would decode directly (within the limit, plausible for its file, small enough to inflate
 * in one go), or a JPEG when libjpeg-turbo is here. A bomb's header must not make the comparator reserve
 * memory for it.
 */
export function placeableSize(bytes: Uint8Array, options: DecodeOptions = {}): ImageHeader | undefined {
  try {
    const header = checkHeader(bytes, options);
    if (header.format === 'jpeg') {
      if (!turboAvailable()) return undefined;
      inspectJpeg(bytes);
      return header;
    }
    const layout = readPngLayout(bytes);
    checkPngPlausible(layout);
    return layout.rawBytes <= DIRECT_INFLATE_BYTES ? header : undefined;
  } catch (error) {
    if (error instanceof ImageDecodeError) return undefined;
    throw error;
  }
}

/**
 * A JPEG decoded by libjpeg-turbo into `place`, with every check decodeImageAsync makes; undefined when
 * libjpeg-turbo is not here or refuses the file (decodeImageAsync then decodes it through libvips). The
 * place then holds opaque pixels. Throws ImageDecodeError as decodeImageAsync does.
 */
export function decodeJpegInto(
  bytes: Uint8Array,
  place: PixelPlace,
  options: DecodeOptions = {},
): RgbaImage | undefined {
  const header = checkHeader(bytes, options);
  if (header.format !== 'jpeg') return undefined;
  inspectJpeg(bytes);
  const view = new Uint8Array(place.memory.buffer, place.at, place.bytes);
  const image = decodeJpegTurbo(bytes, header, view);
  if (image) place.opaque = true;
  return image;
}

export function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): RgbaImage {
  const header = checkHeader(bytes, options);
  // Checked outside the try below: their messages are already the whole story.
  const png = header.format === 'png' ? readPngLayout(bytes) : undefined;
  if (png) checkPngPlausible(png);
  const frame = header.format === 'jpeg' ? inspectJpeg(bytes) : undefined;
  try {
    if (png) return decodePng(bytes, png, options.place);
    const decoded = loadJpegJs().decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: options.maxMegapixels ?? DEFAULT_MAX_MEGAPIXELS,
      // What this frame needs and a little more: jpeg-js may not allocate for anything the header did not declare.
      maxMemoryUsageInMB: Math.ceil((frame?.memoryBytes ?? 0) / MiB) + 16,
    });
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError(`cannot decode ${header.format} (${bytes.length} bytes): ${reason}`, error);
  }
}

/**
 * decodeImage for the comparator: the same checks and the same PNG pixels, and JPEG decoded by libjpeg-turbo
 * when it loaded and accepts the file (turbo-decode.ts), else by libvips when it loaded (native-decode.ts),
 * else by jpeg-js. PNG stays on the JavaScript fast path: measured on the model's
 * 1024×1024 RGB PNGs it costs about what libvips does once the data is also checked against its header
 * (libvips inflates past it silently, so a bomb would decode instead of being refused), and it keeps every
 * accepted file and message the same. A JPEG libvips refuses is refused: jpeg-js's pixels must not meet
 * libvips's in one comparison.
 */
export async function decodeImageAsync(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RgbaImage> {
  const header = checkHeader(bytes, options);
  if (header.format === 'png') return decodeImage(bytes, options);
  // What jpeg-js would be refused for (scan data too short for the frame: a bomb or a cut file) is refused here.
  inspectJpeg(bytes);
  const turbo = decodeJpegTurbo(bytes, header);
  if (turbo) return turbo;
  const { decoder } = await loadNativeDecoder();
  if (!decoder) return decodeImage(bytes, options);
  const maxPixels = (options.maxMegapixels ?? DEFAULT_MAX_MEGAPIXELS) * 1e6;
  try {
    return await decoder.decode(bytes, { maxPixels });
  } catch (error) {
    const reason = error instanceof Error ? error.message.trim() : String(error);
    throw new ImageDecodeError(`cannot decode jpeg (${bytes.length} bytes): ${reason}`, error);
  }
}

/**
 * A JPEG's samples as libvips gives them (decodeSamples: RGB, 3 a pixel, for most files), with every check
 * decodeImageAsync makes; undefined when it would not decode this JPEG through libvips (not a JPEG, no
 * libvips here, libjpeg-turbo here: it may accept the file) or libvips gives other than 3 channels: then
 * decodeImageAsync decodes it. Its RGB pixels
 * are the very pixels decodeImageAsync gives, without the alpha. Throws ImageDecodeError.
 */
export async function decodeJpegSamples(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): Promise<DecodedSamples | undefined> {
  const header = checkHeader(bytes, options);
  if (header.format !== 'jpeg' || turboAvailable()) return undefined;
  const { decoder } = await loadNativeDecoder();
  if (!decoder) return undefined;
  inspectJpeg(bytes);
  const maxPixels = (options.maxMegapixels ?? DEFAULT_MAX_MEGAPIXELS) * 1e6;
  let samples: DecodedSamples;
  try {
    samples = await decoder.decodeSamples(bytes, { maxPixels });
  } catch (error) {
    const reason = error instanceof Error ? error.message.trim() : String(error);
    throw new ImageDecodeError(`cannot decode jpeg (${bytes.length} bytes): ${reason}`, error);
  }
  return samples.channels === 3 ? samples : undefined;
}

function decodePng(bytes: Uint8Array, layout: PngLayout, place: PixelPlace | undefined): RgbaImage {
  // The fast path inflates at most the header's size + 1 byte: for a small image, a bomb costs no more.
  const small = layout.rawBytes <= DIRECT_INFLATE_BYTES;
  if (small) {
    const fast = decodePngFast(bytes, place);
    if (fast) return fast;
  }
  // Everything else (big, interlaced, palette, 16-bit, grey < 8 bits, damaged): first make sure the data
  // inflates to exactly the header's size, in bounded memory. pngjs inflates an interlaced image's data
  // without any limit, so it must never see more than that.
  checkPngData(layout);
  if (!small) {
    const fast = decodePngFast(bytes, place);
    if (fast) return fast;
  }
  const png = loadPngjs().PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return {
    width: png.width,
    height: png.height,
    data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
  };
}
