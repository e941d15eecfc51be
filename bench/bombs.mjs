// Decompression bombs against the real CLI: `seedsnap diff <fixture> <bomb>` for each bomb, in its own
// child process (bench/lib/maxrss.mjs), printing the bomb's size, what its header claims, the peak RSS,
// the exit code and the first line of the error. Before issue 12 item 5 the 3 MB interlaced PNG took
// 6.3 GB and the 1 KB JPEG 1 GB; the tests (test/image/bombs.test.ts) hold every bomb under 200 MB.
// Run: npm run build && node bench/bombs.mjs
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { tempDir } from './lib/harness.mjs';
import { header, machine, row } from './lib/print.mjs';

const FIXTURES = new URL('../test/fixtures/images/', import.meta.url).pathname;

/** A zlib stream of `total` zero bytes, about total / 1000 bytes long (see test/helpers/bombs.ts). */
function zerosZlib(total) {
  const unitSize = 16 * 1024 * 1024;
  const unit = deflateRawSync(Buffer.alloc(Math.min(unitSize, total)), {
    level: 9,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  const parts = [Uint8Array.of(0x78, 0xda)];
  let left = total;
  for (; left >= unitSize; left -= unitSize) parts.push(unit);
  if (left > 0) parts.push(deflateRawSync(Buffer.alloc(left), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([...parts, Uint8Array.of(0x03, 0x00), adler]);
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png({ width, height, colorType, depth, interlace, idat }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  ihdr[12] = interlace ? 1 : 0;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (colorType === 3) parts.push(chunk('PLTE', Uint8Array.of(0, 0, 0, 255, 255, 255)));
  for (let at = 0; at < idat.length; at += 65536) parts.push(chunk('IDAT', idat.subarray(at, at + 65536)));
  parts.push(chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

async function jpegClaiming(name, width, height) {
  const out = Buffer.from(await readFile(path.join(FIXTURES, name)));
  for (let at = 2; at + 9 < out.length; at += 2 + out.readUInt16BE(at + 2)) {
    const marker = out[at + 1];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      out.writeUInt16BE(height, at + 5);
      out.writeUInt16BE(width, at + 7);
      return out;
    }
  }
  throw new Error(`no frame header in ${name}`);
}

function diff(args, cwd, rssFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL('./lib/maxrss.mjs', import.meta.url).pathname, 'diff', ...args], {
      cwd,
      env: { ...process.env, MAXRSS_FILE: rssFile, NO_COLOR: '1', CI: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data) => {
      stderr += data;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const GiB = 1024 ** 3;
const bombs = [
  [
    '3 GiB of zeros in an interlaced 8000×8000 RGBA PNG',
    () => png({ width: 8000, height: 8000, colorType: 6, depth: 8, interlace: true, idat: zerosZlib(3 * GiB) }),
  ],
  [
    '1 GiB in an interlaced 2000×2000 16-bit RGB PNG',
    () => png({ width: 2000, height: 2000, colorType: 2, depth: 16, interlace: true, idat: zerosZlib(GiB) }),
  ],
  [
    '1 GiB in an interlaced 2000×2000 palette PNG',
    () => png({ width: 2000, height: 2000, colorType: 3, depth: 8, interlace: true, idat: zerosZlib(GiB) }),
  ],
  [
    '8000×8000 RGBA PNG header over 1 KB of data',
    () => png({ width: 8000, height: 8000, colorType: 6, depth: 8, interlace: false, idat: zerosZlib(1024 ** 2) }),
  ],
  ['8000×8000 baseline JPEG header, 1 KB file', () => jpegClaiming('jpeg-baseline.jpg', 8000, 8000)],
  ['8000×8000 progressive JPEG header, 1 KB file', () => jpegClaiming('jpeg-progressive.jpg', 8000, 8000)],
  ['8000×8000 CMYK JPEG header, 2 KB file', () => jpegClaiming('jpeg-cmyk.jpg', 8000, 8000)],
];

console.log(`seedsnap diff on decompression bombs — ${machine()}`);
header('decompression bombs (seedsnap diff fixture bomb)', ['bomb', 'file', 'peak RSS', 'exit', 'message']);
const dir = await tempDir('bombs');
await writeFile(path.join(dir, 'ok.png'), await readFile(path.join(FIXTURES, 'source.png')));
for (const [i, [label, make]] of bombs.entries()) {
  const bytes = await make();
  const name = `bomb-${i}${label.includes('JPEG') ? '.jpg' : '.png'}`;
  await writeFile(path.join(dir, name), bytes);
  const rssFile = path.join(dir, `rss-${i}`);
  const { code, stderr } = await diff(['ok.png', name], dir, rssFile);
  const rss = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN')) / 1024;
  const message = (stderr.split('\n')[0] ?? '').replace(/\|/g, '\\|').slice(0, 110);
  row(label, `${(bytes.length / 1024).toFixed(1)} KB`, `${rss.toFixed(0)} MB`, String(code), message);
}
