// The bench's test images: a 1024×1024 picture from the built-in model with camera-like grain added (so it
// compresses like a photograph, ~1.5 MB as PNG), encoded by pngjs with its defaults (adaptive filters, as a
// third-party encoder would), and the same picture with a 64×64 patch changed — the pair of the issue.
import { PNG } from 'pngjs';
import { encodeJpeg } from '../../dist/image/jpeg-encode.js';
import { decodeImage, LocalModel } from '../../dist/index.js';

export const SIZE = 1024;

function grainy(size) {
  const [image] = new LocalModel({ revision: 1 }).generate({
    model: 'sim-dev',
    prompt: 'a lighthouse on a cliff at sunset, watercolor',
    seed: 42,
    width: size,
    height: size,
    steps: 28,
    output_format: 'png',
  });
  const { data } = decodeImage(image.bytes);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    if ((i & 3) === 3) continue;
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = Math.max(0, Math.min(255, data[i] + ((state >>> 24) % 9) - 4));
  }
  return { width: size, height: size, data };
}

function patched(image, at = Math.floor((image.width * 300) / 1024), side = Math.max(8, Math.floor(image.width / 16))) {
  const data = new Uint8Array(image.data);
  for (let y = at; y < at + side; y++) {
    for (let x = at; x < at + side; x++) data.set([220, 30, 40, 255], (y * image.width + x) * 4);
  }
  return { width: image.width, height: image.height, data };
}

export function pngjsEncode(image) {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new Uint8Array(PNG.sync.write(png));
}

/** { png: [a, b], jpeg: [a, b], rgba: [a, b] }: two encodings of the same differing pair. */
export function testPair(size = SIZE) {
  const a = grainy(size);
  const b = patched(a);
  const rgb = (image) => {
    const out = new Uint8Array(image.width * image.height * 3);
    for (let p = 0, i = 0; i < image.data.length; i += 4, p += 3) out.set(image.data.subarray(i, i + 3), p);
    return { width: image.width, height: image.height, data: out };
  };
  return {
    rgba: [a, b],
    png: [pngjsEncode(a), pngjsEncode(b)],
    jpeg: [encodeJpeg(rgb(a), 90), encodeJpeg(rgb(b), 90)],
  };
}
