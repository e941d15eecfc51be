/**
 * Decoding JPEG with libvips (the `sharp` package: prebuilt native binaries
 * shipped inside npm packages, no install script): a 1024×1024 JPEG of the
 * built-in model in ~10–14 ms on one thread, against ~220 ms for jpeg-js.
 *
 * - Pixels differ from jpeg-js's by a few levels (IDCT and chroma upsampling;
 *   CMYK goes through a real profile), so both sides of a comparison must
 *   come from the same decoder: every asynchronous decode in the process goes
 *   through this one when it loads, and through jpeg-js when it does not (an
 *   unsupported platform, or SEEDSNAP_DECODER=js). The ICC profile is kept,
 *   not applied, as the JavaScript decoders do.
 * - PNG is not decoded here (decode.ts says why); given one, it returns the
 *   pixels pngjs gives.
 * - It is asynchronous (libvips runs on libuv's threads), so it serves the
 *   comparator's worker threads and async callers; `decodeImage` stays
 *   synchronous and JavaScript.
 * - One libvips thread per image and no operation cache: the compare pool
 *   already runs one comparison per core, and a cache would hold images.
 *
 * Trap: on glibc, a native addon loaded only inside worker threads may be
 * unloaded when the last of them exits, and libvips crashes the process then.
 * Whichever thread loads it first marks it never to be unloaded (pinAddons),
 * so the main thread need not load it first: that cost ~40 ms of it at the
 * start of every JPEG comparison.
 */
import { createRequire } from 'node:module';
import type { RgbaImage } from './types.js';

type SharpModule = typeof import('sharp').default;

export interface NativeDecoder {
  /** libvips's version, for the bench and error messages. */
  version: string;
  decode(bytes: Uint8Array, options: { maxPixels: number }): Promise<RgbaImage>;
  /**
   * The same pixels as libvips gives them, without the alpha `decode` adds: 3 samples a pixel for an RGB
   * JPEG (a step of libvips's less, and a quarter fewer bytes, for the comparator to spread into RGBA).
   */
  decodeSamples(bytes: Uint8Array, options: { maxPixels: number }): Promise<DecodedSamples>;
}

export interface DecodedSamples {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

export interface NativeDecoderStatus {
  decoder: NativeDecoder | undefined;
  /** Why there is none: the environment turned it off, or the package did not load. */
  reason?: string;
}

let loading: Promise<NativeDecoderStatus> | undefined;

/** `SEEDSNAP_DECODER=js` turns native decoding off (to compare with the JavaScript decoders, or to rule it out). */
export function nativeDecodingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.SEEDSNAP_DECODER ?? '').toLowerCase() !== 'js';
}

/** Load sharp once per thread; resolves to the decoder, or to why there is none (never rejects). */
export function loadNativeDecoder(): Promise<NativeDecoderStatus> {
  loading ??= load();
  return loading;
}

async function load(): Promise<NativeDecoderStatus> {
  if (!nativeDecodingWanted()) return { decoder: undefined, reason: 'SEEDSNAP_DECODER=js' };
  let sharp: SharpModule;
  try {
    sharp = (await import('sharp')).default;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { decoder: undefined, reason: `sharp did not load: ${reason}` };
  }
  pinAddons(/sharp/);
  sharp.concurrency(1);
  sharp.cache(false);
  return {
    decoder: {
      version: sharp.versions.vips,
      decode: (bytes, options) => decodeWith(sharp, bytes, options),
      decodeSamples: (bytes, options) => samplesWith(sharp, bytes, options),
    },
  };
}

// dlfcn.h's values on Linux, glibc and musl alike; Node's os.constants.dlopen leaves RTLD_NODELETE out.
const RTLD_LAZY = 0x1;
const RTLD_NODELETE = 0x1000;

/**
 * The native addons this thread loaded whose path matches, opened once more with RTLD_NODELETE: the process
 * keeps them mapped whichever thread exits (dlopen marks an object already loaded). The addon's own
 * loader put its path in the thread's require cache; an addon found nowhere is left as it is.
 */
export function pinAddons(path: RegExp): string[] {
  if (process.platform !== 'linux') return [];
  const cache = createRequire(import.meta.url).cache;
  const addons = Object.keys(cache).filter((file) => file.endsWith('.node') && path.test(file));
  for (const file of addons) {
    try {
      process.dlopen({ exports: {} }, file, RTLD_LAZY | RTLD_NODELETE);
    } catch {
      // Not pinned: the addon stays as loaded, as before this guard.
    }
  }
  return addons;
}

function pipeline(sharp: SharpModule, bytes: Uint8Array, options: { maxPixels: number }) {
  return (
    sharp(bytes, {
      // Decode what can be decoded; a file cut short or damaged data is an error, a mere warning is not.
      failOn: 'error',
      limitInputPixels: Math.max(1, Math.floor(options.maxPixels)),
      sequentialRead: true,
    })
      // Keeping the profile means not converting through it: the pixels are the file's own, as pngjs gives them.
      .keepIccProfile()
  );
}

async function samplesWith(sharp: SharpModule, bytes: Uint8Array, options: { maxPixels: number }) {
  const { data, info } = await pipeline(sharp, bytes, options)
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (data.length !== info.width * info.height * info.channels) {
    throw new Error(`libvips gave ${data.length} bytes for ${info.width}×${info.height}×${info.channels}`);
  }
  const samples = new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { width: info.width, height: info.height, channels: info.channels, data: samples };
}

async function decodeWith(sharp: SharpModule, bytes: Uint8Array, options: { maxPixels: number }): Promise<RgbaImage> {
  const { data, info } = await pipeline(sharp, bytes, options)
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4 || data.length !== info.width * info.height * 4) {
    throw new Error(`libvips gave ${info.channels} channels of ${info.width}×${info.height}, not RGBA`);
  }
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
