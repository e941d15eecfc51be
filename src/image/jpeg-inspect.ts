/**
 * What a JPEG's bytes can honestly hold, checked before jpeg-js allocates for
 * them. jpeg-js allocates every 8×8 block of the frame the moment it reads the
 * frame header, whatever follows: a 1.3 KB file claiming 8000×8000 cost 1 GB.
 * But every block of every component costs the scan data at least one bit (a
 * Huffman code is never shorter), two in a baseline scan (its DC value and the
 * end of its AC run): a file with less scan data than that is cut short or a
 * bomb, and is refused here. What jpeg-js may then allocate is capped at what
 * the frame needs.
 */
import { count, ImageDecodeError } from './decode-error.js';

export interface JpegFrame {
  width: number;
  height: number;
  progressive: boolean;
  /** 8×8 blocks over all components. */
  blocks: number;
  /** Bytes from the first scan on. */
  scanBytes: number;
  /** What jpeg-js allocates for this frame, coefficients, component planes and the RGBA result. */
  memoryBytes: number;
}

// SOF0 baseline, SOF1 extended, SOF2 progressive (Huffman): what jpeg-js reads.
const SUPPORTED = new Set([0xc0, 0xc1, 0xc2]);
const isFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

interface Component {
  h: number;
  v: number;
}

function frameOf(bytes: Uint8Array, at: number, marker: number): Omit<JpegFrame, 'scanBytes'> {
  const u16 = (i: number) => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  const height = u16(at + 5);
  const width = u16(at + 7);
  const n = bytes[at + 9] ?? 0;
  if (n !== 1 && n !== 3 && n !== 4) {
    throw new ImageDecodeError(`jpeg frame has ${n} components; seedsnap reads 1 (grey), 3 (colour) or 4 (CMYK)`);
  }
  const components: Component[] = [];
  for (let i = 0; i < n; i++) {
    const sampling = bytes[at + 11 + i * 3] ?? 0;
    const component = { h: sampling >> 4, v: sampling & 15 };
    if (component.h < 1 || component.h > 4 || component.v < 1 || component.v > 4) {
      throw new ImageDecodeError(
        `jpeg component ${i + 1} has sampling factors ${component.h}×${component.v}; JPEG allows 1 to 4`,
      );
    }
    components.push(component);
  }
  const hMax = Math.max(...components.map((c) => c.h));
  const vMax = Math.max(...components.map((c) => c.v));
  const mcusPerLine = Math.ceil(width / 8 / hMax);
  const mcusPerColumn = Math.ceil(height / 8 / vMax);
  let blocks = 0;
  let memoryBytes = width * height * 4;
  for (const c of components) {
    const perLine = Math.ceil((Math.ceil(width / 8) * c.h) / hMax);
    const perColumn = Math.ceil((Math.ceil(height / 8) * c.v) / vMax);
    blocks += perLine * perColumn;
    // As jpeg-js counts it: a 64-entry Int32Array per block of whole MCUs, then 8 lines of samples per block row.
    memoryBytes += mcusPerLine * c.h * mcusPerColumn * c.v * 256 + perLine * 8 * perColumn * 8;
  }
  return { width, height, progressive: marker === 0xc2, blocks, memoryBytes };
}

/** The frame of a JPEG, checked against its scan data; throws ImageDecodeError when it cannot be decoded safely. */
export function inspectJpeg(bytes: Uint8Array): JpegFrame {
  let frame: Omit<JpegFrame, 'scanBytes'> | undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new ImageDecodeError(`jpeg has no marker at byte ${at} before its image data`);
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    if (isFrame(marker)) {
      if (!SUPPORTED.has(marker)) {
        throw new ImageDecodeError(
          `jpeg uses coding process SOF${marker - 0xc0} (lossless, hierarchical or arithmetic); seedsnap reads baseline and progressive JPEG`,
        );
      }
      if (frame) throw new ImageDecodeError('jpeg has more than one frame header; seedsnap reads single-frame JPEG');
      frame = frameOf(bytes, at, marker);
    }
    if (marker === 0xda) {
      if (!frame) throw new ImageDecodeError('jpeg image data starts before its frame header');
      const scanBytes = bytes.length - (at + 2 + length);
      const bitsNeeded = frame.blocks * (frame.progressive ? 1 : 2);
      if (scanBytes * 8 < bitsNeeded) {
        throw new ImageDecodeError(
          `jpeg header claims ${frame.width}×${frame.height} (${count(frame.blocks)} blocks of 8×8 pixels) but the ` +
            `file holds only ${count(Math.max(0, scanBytes))} bytes of scan data, less than ${frame.progressive ? '1 bit' : '2 bits'} ` +
            'per block: a truncated file or a decompression bomb',
        );
      }
      return { ...frame, scanBytes };
    }
    if (marker === 0xd9) break;
    at += 2 + length;
  }
  throw new ImageDecodeError(`jpeg has no image data (no start-of-scan marker in ${count(bytes.length)} bytes)`);
}
