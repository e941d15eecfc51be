/**
 * Reading an image's format and size from its header alone, so that an image
 * claiming absurd dimensions is refused before a decoder allocates for it.
 */
import type { ImageFormat } from '../types/index.js';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Format and dimensions from the header; undefined when the bytes are not a PNG or JPEG we can read. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const format = sniffFormat(bytes);
  if (format === 'png') {
    if (bytes.length < 24) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { format, width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (format === 'jpeg') return readJpegSize(bytes);
  return undefined;
}

function readJpegSize(bytes: Uint8Array): ImageHeader | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = ((bytes[offset + 5] ?? 0) << 8) | (bytes[offset + 6] ?? 0);
      const width = ((bytes[offset + 7] ?? 0) << 8) | (bytes[offset + 8] ?? 0);
      return { format: 'jpeg', width, height };
    }
    offset += 2 + length;
  }
  return undefined;
}
