// Makes the photographs of test/fixtures/photos: 384×384 crops of freely licensed photographs that
// Debian ships (scikit-image's sample data, MATE's desktop backgrounds), saved as JPEG quality 95
// (4:4:4, seedsnap's encoder) so that six of them weigh ~320 kB. The variants (casts, blurs,
// shifts, re-encodes…) are not stored: src/compare/findings/variants.ts makes them from these.
//
// The sources are not installed by default. Fetch them without installing, then point here:
//   apt-get download python3-skimage mate-backgrounds
//   for f in *.deb; do dpkg-deb -x "$f" photos-src; done
//   npm run build && node bench/photos.mjs --from photos-src
// (--from / reads them where apt-get install puts them; --from may be given once per package.)
// Writes test/fixtures/photos/*.jpg.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '../dist/image/decode.js';
import { encodeJpeg } from '../dist/image/jpeg-encode.js';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT = path.join(ROOT, 'test/fixtures/photos');
const SIZE = 384;
const SKIMAGE = 'usr/lib/python3/dist-packages/skimage/data';
const MATE = 'usr/share/backgrounds/mate/nature';

// name, source file, downscale factor (area average), crop origin in the downscaled image.
export const PHOTOS = [
  { name: 'rocket', file: `${SKIMAGE}/rocket.jpg`, scale: 1, x: 128, y: 21 },
  { name: 'astronaut', file: `${SKIMAGE}/astronaut.png`, scale: 1, x: 64, y: 0 },
  { name: 'coffee', file: `${SKIMAGE}/coffee.png`, scale: 1, x: 108, y: 8 },
  { name: 'retina', file: `${SKIMAGE}/retina.jpg`, scale: 3, x: 43, y: 43 },
  { name: 'storm', file: `${MATE}/Storm.jpg`, scale: 2, x: 500, y: 100 },
  { name: 'aqua', file: `${MATE}/Aqua.jpg`, scale: 4, x: 128, y: 8 },
];

function crop(image, { scale, x: x0, y: y0 }) {
  const out = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let j = 0; j < scale; j++) {
          for (let i = 0; i < scale; i++) {
            sum += image.data[(((y0 + y) * scale + j) * image.width + (x0 + x) * scale + i) * 4 + c];
          }
        }
        out[(y * SIZE + x) * 3 + c] = Math.round(sum / (scale * scale));
      }
    }
  }
  return { width: SIZE, height: SIZE, data: out };
}

// Every --from DIR is searched (one per extracted package works as well as one for both).
const roots = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--from' ? [arg] : []));
if (roots.length === 0) {
  console.error('usage: node bench/photos.mjs --from DIR [--from DIR…]   (see the comment at the top)');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
let total = 0;
for (const photo of PHOTOS) {
  const source = roots.map((root) => path.join(root, photo.file)).find((file) => existsSync(file));
  if (!source) {
    console.error(
      `${photo.file} is in none of ${roots.join(', ')}: extract python3-skimage and mate-backgrounds there first`,
    );
    process.exit(2);
  }
  const image = decodeImage(readFileSync(source), { maxMegapixels: 16 });
  const bytes = encodeJpeg(crop(image, photo), 95);
  writeFileSync(path.join(OUT, `${photo.name}.jpg`), bytes);
  total += bytes.length;
  console.log(
    `${photo.name}.jpg  ${bytes.length} bytes  from ${photo.file} (${image.width}×${image.height}, ÷${photo.scale}, at ${photo.x},${photo.y})`,
  );
}
console.log(`${PHOTOS.length} photographs, ${total} bytes in ${path.relative(ROOT, OUT)}`);
