/**
 * The JavaScript codecs that only some images need, loaded on first use: pngjs (PNGs off the fast path),
 * jpeg-js (JPEG in decodeImage) and fflate (the deterministic encoder, the bomb counter). Together they
 * cost ~50 ms at start-up, which `seedsnap diff` on two thumbnails and every command that decodes nothing
 * need not pay. They are CommonJS packages, so a synchronous require serves the synchronous decoders.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let pngjs: typeof import('pngjs') | undefined;
let jpegJs: typeof import('jpeg-js') | undefined;
let fflate: typeof import('fflate') | undefined;

export function loadPngjs(): typeof import('pngjs') {
  pngjs ??= require('pngjs') as typeof import('pngjs');
  return pngjs;
}

export function loadJpegJs(): typeof import('jpeg-js') {
  jpegJs ??= require('jpeg-js') as typeof import('jpeg-js');
  return jpegJs;
}

export function loadFflate(): typeof import('fflate') {
  fflate ??= require('fflate') as typeof import('fflate');
  return fflate;
}
