/**
 * Decoding JPEG with libjpeg-turbo's TurboJPEG API (the `@julusian/jpeg-turbo` package: prebuilt binaries
 * shipped inside it, for Linux glibc and musl, macOS and Windows). The comparator's first JPEG decoder:
 * measured on the built-in model's 1024×1024 JPEGs, 2.8 ms of CPU an image against 5.3 for libvips
 * (native-decode.ts), and synchronous, so a pair is decoded straight into the places the comparator's pass
 * reads (compare/placed-pair.ts) with no thread hop, no copy and no alpha to add afterwards.
 *
 * - Its pixels differ from libvips's by a few levels (upsampling and IDCT), so the rule is per file: a JPEG
 *   goes through libjpeg-turbo whenever it is here and accepts the file, and every comparison path follows
 *   that rule, so the same bytes give the same pixels in `run`, `compare`, `diff` and the matcher.
 * - What it refuses (CMYK, a damaged file it stops at, a frame larger than its header said) goes to
 *   libvips as before, which decodes it or says what is wrong with it: its own messages say "No error".
 * - An optional dependency: a platform without its binaries, or SEEDSNAP_DECODER=js or =libvips, decodes
 *   JPEG without it.
 */
import { createRequire } from 'node:module';
import type { RgbaImage } from './types.js';

interface TurboBinding {
  FORMAT_RGBA: number;
  decompressSync(
    image: Buffer,
    out: Buffer,
    options: { format: number },
  ): { width: number; height: number; size: number };
}

let loaded: { binding: TurboBinding | undefined } | undefined;
/** Turned off by useTurboDecoder(false): the tests' way to reach the decoders after it in this thread. */
let enabled = true;

/** Whether this environment lets libjpeg-turbo decode: SEEDSNAP_DECODER=js or =libvips turns it off. */
export function turboDecodingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const wanted = (env.SEEDSNAP_DECODER ?? '').toLowerCase();
  return wanted !== 'js' && wanted !== 'libvips';
}

/** libjpeg-turbo, loaded once per thread (~4 ms), or undefined when it is turned off or cannot load. */
function binding(): TurboBinding | undefined {
  if (!enabled) return undefined;
  if (!loaded) {
    loaded = { binding: undefined };
    if (turboDecodingWanted()) {
      try {
        loaded.binding = createRequire(import.meta.url)('@julusian/jpeg-turbo') as TurboBinding;
      } catch {
        // Not installed, or no binary for this platform: libvips and jpeg-js decode JPEG instead.
      }
    }
  }
  return loaded.binding;
}

/** Whether JPEGs are decoded by libjpeg-turbo in this thread. */
export function turboAvailable(): boolean {
  return binding() !== undefined;
}

/** For tests: decode JPEG without libjpeg-turbo in this thread (false), or with it again (true). */
export function useTurboDecoder(on: boolean): void {
  enabled = on;
}

/**
 * A JPEG of the given header size as opaque RGBA, into `into` (exactly width × height × 4 bytes: the
 * comparator's place) or a new array; undefined when libjpeg-turbo is not here or refuses the file. The
 * caller has checked the header and the frame (decode.ts) before anything is allocated for it.
 */
export function decodeJpegTurbo(
  bytes: Uint8Array,
  size: { width: number; height: number },
  into?: Uint8Array,
): RgbaImage | undefined {
  const turbo = binding();
  if (!turbo) return undefined;
  const length = size.width * size.height * 4;
  const target = into ?? new Uint8Array(length);
  if (target.length !== length) throw new Error(`decodeJpegTurbo: ${target.length} bytes for ${length}`);
  try {
    const out = Buffer.from(target.buffer, target.byteOffset, target.length);
    const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const decoded = turbo.decompressSync(source, out, { format: turbo.FORMAT_RGBA });
    if (decoded.width !== size.width || decoded.height !== size.height || decoded.size !== length) return undefined;
  } catch {
    return undefined;
  }
  return { width: size.width, height: size.height, data: target };
}
