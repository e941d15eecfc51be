/**
 * A pair of same-size PNGs, or JPEGs libjpeg-turbo decodes, decoded straight into the kernels' memory, where the comparator's pass reads
 * them (pixel-pass-wasm.ts puts both images first in its layout): the decoder does not copy each image
 * out and the pass does not copy it back in, 16 MB less to move per 1024×1024 pair.
 *
 * The decoded images' `data` are then views of that memory, valid until it is reserved again: the pass,
 * then the findings on the resident pair (resident-pair.ts), read them before anything else reserves it.
 * They must not outlive the comparison, which is why decode-cache.ts keeps no image decoded in place.
 * Where a view could be stale the pass's own check sees it: a view of a memory that has grown since is
 * empty, and one of a memory handed back (wasm-kernels.ts) is not the current memory, so it is copied.
 */
import { placeableSize } from '../image/decode.js';
import type { DecodedSamples } from '../image/native-decode.js';
import { toRgba } from '../image/png-decode.js';
import type { PixelPlace, RgbaImage } from '../image/types.js';
import { align, type Kernels, reservationCount, reserve, wasmKernels } from '../util/wasm-kernels.js';
import { passLayout } from './pass-layout.js';

/** The last pair of places: in which memory, under which reservation, and the images known to be opaque. */
let last: { memory: WebAssembly.Memory; reservation: number; places: PixelPlace[] } | undefined;

/**
 * Whether `data` is an image decoded into its place from a source without alpha (an RGB PNG): the pass
 * need not check its alpha. Only for images in the current places.
 */
export function knownOpaque(data: Uint8Array): boolean {
  return !!last?.places.some(
    (place) => place.opaque && data.buffer === place.memory.buffer && data.byteOffset === place.at,
  );
}

/**
 * Whether `data` lies in the kernels' current memory: an image a decoder put there for the pass. Asked
 * before the pass reserves the memory itself. A view of the current memory that was reserved again since
 * the places were made may hold anything: that is a bug, and it throws rather than compare whatever is there.
 */
export function inKernelMemory(data: Uint8Array, kernels: Kernels): boolean {
  if (data.buffer !== kernels.memory.buffer) return false;
  if (!last || last.memory !== kernels.memory || last.reservation !== reservationCount()) {
    throw new Error("an image decoded into the kernels' memory was overwritten before the pass read it");
  }
  return true;
}

export interface PairPlaces {
  expected: PixelPlace;
  actual: PixelPlace;
}

/**
 * Places for a pair, reserved now, when both are images of the same size that can be decoded straight into
 * them (placeableSize: PNGs decodeImage decodes directly, JPEGs when libjpeg-turbo is here), nothing is
 * ignored and the kernels are here; undefined otherwise (then each image is decoded into
 * an array of its own). With ignore regions the pass reads a copy of the actual image with the baseline's
 * pixels in them (compare.ts), which would overwrite the actual image the findings then read.
 */
export function placesForPair(input: {
  expected: Uint8Array;
  actual: Uint8Array;
  maxMegapixels?: number;
  ignore?: readonly unknown[];
}): PairPlaces | undefined {
  const kernels = wasmKernels();
  if (!kernels || (input.ignore && input.ignore.length > 0)) return undefined;
  const options = input.maxMegapixels === undefined ? {} : { maxMegapixels: input.maxMegapixels };
  const expected = placeableSize(input.expected, options);
  const actual = placeableSize(input.actual, options);
  if (!expected || !actual || expected.width !== actual.width || expected.height !== actual.height) return undefined;
  return placesOfSize(expected.width, expected.height);
}

/** Places for a pair of images of this size, reserved now; undefined without the kernels or the memory. */
function placesOfSize(width: number, height: number): PairPlaces | undefined {
  const kernels = wasmKernels();
  if (!kernels) return undefined;
  // The layout of compare.ts's pass: drawn, with the findings.
  const layout = passLayout(width, height, { draw: true, findings: true, ignored: false });
  // Room after the pass's layout for one image's samples on their way (RGBA at most, a filter byte per row).
  const scratchBytes = align((width * 4 + 1) * height + 4);
  const base = reserve(kernels, layout.size + scratchBytes);
  if (base === undefined) return undefined;
  const place = (at: number): PixelPlace => ({
    memory: kernels.memory,
    at: base + at,
    bytes: width * height * 4,
    scratch: base + layout.size,
    scratchBytes,
  });
  const places = { expected: place(layout.expected), actual: place(layout.actual) };
  last = { memory: kernels.memory, reservation: reservationCount(), places: [places.expected, places.actual] };
  return places;
}

/**
 * A pair of JPEGs as libvips's RGB samples (decodeJpegSamples, when libjpeg-turbo is not here), spread into opaque RGBA in their places
 * when both are the same size (else into arrays of their own): libvips need not add the alpha, and the
 * pass need not copy the pixels in nor check their alpha. Synchronous: the caller runs the pass before
 * anything else can take the places.
 */
export function placeSamples(samples: [DecodedSamples, DecodedSamples]): [RgbaImage, RgbaImage] {
  const [expected, actual] = samples;
  const same = expected.width === actual.width && expected.height === actual.height;
  const places = same ? placesOfSize(expected.width, expected.height) : undefined;
  return [spread(expected, places?.expected), spread(actual, places?.actual)];
}

function spread(samples: DecodedSamples, place: PixelPlace | undefined): RgbaImage {
  const { width, height, data } = samples;
  const kernels = wasmKernels();
  if (!place || !kernels || kernels.memory !== place.memory || data.length + 4 > place.scratchBytes) {
    return { width, height, data: toRgba(data, width * height, 3) };
  }
  const memory = new Uint8Array(kernels.memory.buffer);
  memory.set(data, place.scratch);
  memory.fill(0, place.scratch + data.length, place.scratch + data.length + 4);
  kernels.rgbToRgba(place.scratch, width * height, place.at);
  place.opaque = true;
  return { width, height, data: memory.subarray(place.at, place.at + place.bytes) };
}
