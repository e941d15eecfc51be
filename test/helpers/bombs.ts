/**
 * Decompression bombs, made byte by byte in the test: PNGs whose image data
 * inflates far past what their header allows, PNGs and JPEGs whose header claims
 * a huge image over a few bytes of data. And a way to decode files in a child
 * process and read its peak memory (RSS), the figure these files attack.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { ROOT } from './cli.js';

export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'images');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * A zlib stream that inflates to `total` zero bytes, in about total / 1000 bytes (deflate's best):
 * one sync-flushed block of 16 MiB of zeros repeated — each starts with a literal zero, then copies —
 * then the rest, an empty final block and the Adler-32 of n zeros ((n mod 65521) << 16 | 1).
 */
export function zerosZlib(total: number): Uint8Array {
  const unitSize = 16 * 1024 * 1024;
  const unit = deflateRawSync(Buffer.alloc(Math.min(unitSize, total)), {
    level: 9,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  const parts: Uint8Array[] = [Uint8Array.of(0x78, 0xda)];
  let left = total;
  while (left >= unitSize) {
    parts.push(unit);
    left -= unitSize;
  }
  if (left > 0) parts.push(deflateRawSync(Buffer.alloc(left), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
  parts.push(Uint8Array.of(0x03, 0x00));
  const adler = new Uint8Array(4);
  new DataView(adler.buffer).setUint32(0, (((total % 65521) << 16) | 1) >>> 0);
  parts.push(adler);
  return new Uint8Array(Buffer.concat(parts));
}

export interface ForgedPng {
  width: number;
  height: number;
  depth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  interlace: boolean;
  /** The zlib stream to put in IDAT (split into 64 KiB chunks as encoders do). */
  idat: Uint8Array;
}

export function forgePng(options: ForgedPng): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, options.width);
  view.setUint32(4, options.height);
  ihdr[8] = options.depth;
  ihdr[9] = options.colorType;
  ihdr[12] = options.interlace ? 1 : 0;
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', ihdr)];
  if (options.colorType === 3) parts.push(pngChunk('PLTE', Uint8Array.of(0, 0, 0, 255, 255, 255)));
  for (let at = 0; at < options.idat.length; at += 65536) {
    parts.push(pngChunk('IDAT', options.idat.subarray(at, at + 65536)));
  }
  parts.push(pngChunk('IEND', new Uint8Array(0)));
  return new Uint8Array(Buffer.concat(parts));
}

/** A real JPEG with its frame header (SOFn) changed to claim `width`×`height`: the scan data stays tiny. */
export function forgeJpegSize(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const out = jpeg.slice();
  for (let at = 2; at + 9 < out.length; ) {
    const marker = out[at + 1] ?? 0;
    const length = ((out[at + 2] ?? 0) << 8) | (out[at + 3] ?? 0);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const view = new DataView(out.buffer, out.byteOffset);
      view.setUint16(at + 5, height);
      view.setUint16(at + 7, width);
      return out;
    }
    at += 2 + length;
  }
  throw new Error('no frame header in this JPEG');
}

export interface DecodeOutcome {
  file: string;
  width?: number;
  height?: number;
  code?: string;
  error?: string;
}

export interface ChildDecode {
  outcomes: DecodeOutcome[];
  /** Peak resident memory of the whole child process, MiB. */
  peakRssMb: number;
}

/** Decode each file with the built decoder (dist/) in a fresh node process, one after another. */
export function decodeInChild(files: readonly string[]): Promise<ChildDecode> {
  const decoder = pathToFileURL(path.join(ROOT, 'dist/image/decode.js')).href;
  const script = `
    const { readFileSync } = await import('node:fs');
    const { decodeImage } = await import(${JSON.stringify(decoder)});
    const outcomes = [];
    for (const file of JSON.parse(process.argv[1])) {
      try {
        const image = decodeImage(new Uint8Array(readFileSync(file)));
        outcomes.push({ file, width: image.width, height: image.height });
      } catch (error) {
        outcomes.push({ file, code: error.code, error: error.message });
      }
    }
    process.stdout.write(JSON.stringify({ outcomes, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(files)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) reject(new Error(`decoder child ended with ${code ?? signal}: ${stderr}`));
      else resolve(JSON.parse(stdout) as ChildDecode);
    });
  });
}

/**
 * NODE_OPTIONS that make a node process write its peak RSS (MiB) to `file` as it exits: for measuring
 * the real CLI (`--import` of a data: URL, loaded before the program).
 */
export function peakRssOptions(file: string): string {
  const code = `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(file)}, String(process.resourceUsage().maxRSS / 1024)));`;
  return `--import=data:text/javascript,${encodeURIComponent(code)}`;
}
