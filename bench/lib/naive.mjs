// pngjs/jpeg-js decode + pixelmatch + pngjs encode, all with their defaults: the reference figure.
import jpeg from 'jpeg-js';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

function decode(bytes) {
  if (bytes[0] === 0x89) return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
}

export function naiveCompare(aBytes, bBytes) {
  const a = decode(aBytes);
  const b = decode(bBytes);
  const out = new PNG({ width: a.width, height: a.height });
  const diffPixels = pixelmatch(a.data, b.data, out.data, a.width, a.height, { threshold: 0.1 });
  return { diffPixels, png: PNG.sync.write(out) };
}
