import { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeImage, ImageDecodeError } from '../../src/image/decode.js';
import { decodePngFast } from '../../src/image/png-decode.js';
import { encodePng, encodePngQuick } from '../../src/image/png-encode.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { useWasmKernels, wasmKernels } from '../../src/util/wasm-kernels.js';

/** Deterministic noise, so every filter type has work to do. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

function pngjsWrite(width: number, height: number, rgba: Uint8Array, colorType: 0 | 2 | 4 | 6, filterType: number) {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return new Uint8Array(PNG.sync.write(png, { colorType, filterType, inputColorType: 6, inputHasAlpha: true }));
}

function pngjsRead(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(PNG.sync.read(Buffer.from(bytes)).data);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG put together by hand: rows are filter type 0 + raw samples. */
function craft(options: {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  samples: Uint8Array;
  extra?: Uint8Array[];
}) {
  const { width, height, depth, colorType, samples } = options;
  const rowBytes = samples.length / height;
  const rows = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) rows.set(samples.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', ihdr),
    ...(options.extra ?? []),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ];
  return new Uint8Array(Buffer.concat(parts));
}

/** A PNG of 8-bit RGB or RGBA samples, row y filtered with types[y] (0 none, 1 Sub, 2 Up, 3 Average, 4 Paeth). */
function filtered(options: { width: number; channels: 3 | 4; types: number[]; samples: Uint8Array }): Uint8Array {
  const { width, channels, types, samples } = options;
  const stride = width * channels;
  const rows = new Uint8Array((stride + 1) * types.length);
  const at = (y: number, i: number) => (y < 0 || i < 0 ? 0 : (samples[y * stride + i] as number));
  types.forEach((type, y) => {
    rows[y * (stride + 1)] = type;
    for (let i = 0; i < stride; i++) {
      const a = at(y, i - channels);
      const b = at(y - 1, i);
      const c = at(y - 1, i - channels);
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][type] as number;
      rows[y * (stride + 1) + 1 + i] = (at(y, i) - predicted) & 255;
    }
  });
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, types.length);
  ihdr[8] = 8;
  ihdr[9] = channels === 3 ? 2 : 6;
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const parts = [signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0))];
  return new Uint8Array(Buffer.concat(parts));
}

describe('fast PNG decoding', () => {
  afterEach(() => useWasmKernels(true));

  it.each([
    ['with the WebAssembly kernel (RGB, RGBA)', true],
    ['with the JavaScript loops alone', false],
  ])('gives the pixels pngjs gives, for every colour type it takes and every row filter, %s', (_, kernel) => {
    useWasmKernels(kernel);
    expect(wasmKernels() !== undefined).toBe(kernel);
    const width = 37;
    const height = 23;
    for (const colorType of [0, 2, 4, 6] as const) {
      // -1: pngjs picks the filter per row; 0–4 force one.
      for (const filterType of [-1, 0, 1, 2, 3, 4]) {
        const bytes = pngjsWrite(
          width,
          height,
          noise(width * height * 4, colorType * 10 + filterType + 2),
          colorType,
          filterType,
        );
        const fast = decodePngFast(bytes);
        expect(fast, `colour type ${colorType}, filter ${filterType}`).toBeDefined();
        expect(fast?.data).toEqual(pngjsRead(bytes));
      }
    }
  });

  it('gives the pixels pngjs gives for the built-in model and our own encoder (RGB, Paeth, fflate)', () => {
    const [image] = new LocalModel({ revision: 1 }).generate({
      model: 'sim-dev',
      prompt: 'a red fox in snow',
      seed: 3,
      width: 64,
      height: 72,
      steps: 4,
      output_format: 'png',
    });
    const bytes = image?.bytes as Uint8Array;
    expect(decodePngFast(bytes)?.data).toEqual(pngjsRead(bytes));
    const rgba = { width: 16, height: 9, data: noise(16 * 9 * 4, 5) };
    expect(decodePngFast(encodePng(rgba, 4))?.data).toEqual(rgba.data);
  });

  it('undoes runs of Paeth rows of every length between other filters, at every narrow width (RGB, RGBA)', () => {
    // The kernel takes Paeth rows four, two or one at a time (wasm/png.ts): runs of 1 to 9 rows, after a row
    // of each other filter, on images 1 to 9 pixels wide and one wider, each step of a run at its edges.
    const types = [1, 4, 2, 4, 4, 3, 4, 4, 4, 0, 4, 4, 4, 4, 1, 4, 4, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3];
    for (const channels of [3, 4] as const) {
      for (const width of [1, 2, 3, 4, 5, 6, 7, 8, 9, 33]) {
        const samples = noise(width * types.length * channels, width * 7 + channels);
        const bytes = filtered({ width, channels, types, samples });
        const fast = decodePngFast(bytes);
        expect(fast, `${channels} channels, ${width} wide`).toBeDefined();
        expect(fast?.data, `${channels} channels, ${width} wide`).toEqual(pngjsRead(bytes));
      }
    }
  });

  it('reads image data split over several IDAT chunks', () => {
    const rgba = { width: 20, height: 20, data: noise(20 * 20 * 4, 9) };
    const whole = encodePng(rgba, 4);
    // Split the one IDAT of our encoder into two.
    const view = new DataView(whole.buffer, whole.byteOffset);
    const idatAt = 8 + 25;
    const length = view.getUint32(idatAt);
    const data = whole.subarray(idatAt + 8, idatAt + 8 + length);
    const half = length >> 1;
    const split = new Uint8Array(
      Buffer.concat([
        whole.subarray(0, idatAt),
        chunk('IDAT', data.subarray(0, half)),
        chunk('IDAT', data.subarray(half)),
        whole.subarray(idatAt + 12 + length),
      ]),
    );
    expect(decodePngFast(split)?.data).toEqual(rgba.data);
  });

  it('leaves palettes, transparent colours and 16 bits to pngjs, with the same pixels', () => {
    const palette = craft({
      width: 4,
      height: 2,
      depth: 8,
      colorType: 3,
      samples: Uint8Array.of(0, 1, 1, 0, 1, 0, 0, 1),
      extra: [chunk('PLTE', Uint8Array.of(10, 20, 30, 200, 100, 50))],
    });
    const keyed = craft({
      width: 2,
      height: 1,
      depth: 8,
      colorType: 2,
      samples: Uint8Array.of(1, 2, 3, 9, 9, 9),
      extra: [chunk('tRNS', Uint8Array.of(0, 9, 0, 9, 0, 9))],
    });
    const deep = craft({ width: 2, height: 1, depth: 16, colorType: 2, samples: noise(12, 4) });
    for (const bytes of [palette, keyed, deep]) {
      expect(decodePngFast(bytes)).toBeUndefined();
      expect(decodeImage(bytes).data).toEqual(pngjsRead(bytes));
    }
    // The transparent colour really does change a pixel, so the fallback mattered.
    expect([...decodeImage(keyed).data]).toEqual([1, 2, 3, 255, 0, 0, 0, 0]);
  });

  it('gives up on damaged files and lets pngjs say what is wrong', () => {
    const bytes = pngjsWrite(16, 16, noise(16 * 16 * 4, 1), 6, -1);
    const badCrc = bytes.slice();
    badCrc[60] = (badCrc[60] as number) ^ 0xff; // inside the IDAT data
    const truncated = bytes.subarray(0, bytes.length - 30);
    for (const damaged of [badCrc, truncated]) {
      expect(decodePngFast(damaged)).toBeUndefined();
      expect(() => decodeImage(damaged)).toThrow(ImageDecodeError);
    }
  });
});

describe('quick PNG encoding (diff images)', () => {
  afterEach(() => useWasmKernels(true));

  it('writes the same bytes with the kernel and the JavaScript palette, up to 256 colours and past them', () => {
    for (const colours of [1, 29, 256, 257]) {
      const data = new Uint8Array(64 * 48 * 4);
      // Colour c is (c mod 256, c >> 8, 9), translucent for c = 0 (a tRNS chunk); 7 is prime to every count here.
      for (let p = 0; p < 64 * 48; p++) {
        const c = (p * 7) % colours;
        data.set([c & 255, c >> 8, 9, c === 0 ? 128 : 255], p * 4);
      }
      const image = { width: 64, height: 48, data };
      const withKernel = encodePngQuick(image);
      useWasmKernels(false);
      const withJs = encodePngQuick(image);
      useWasmKernels(true);
      expect(Buffer.from(withKernel).equals(Buffer.from(withJs)), `${colours} colours`).toBe(true);
      expect(withKernel[25], `${colours} colours`).toBe(colours <= 256 ? 3 : 6);
      expect(pngjsRead(withKernel)).toEqual(data);
    }
  });

  it('writes few-colour images with a palette that decodes to the same pixels', () => {
    const width = 50;
    const height = 30;
    const data = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const grey = 230 + (p % 26);
      data.set(p % 97 === 0 ? [255, 0, 0, 255] : [grey, grey, grey, 255], p * 4);
    }
    const bytes = encodePngQuick({ width, height, data });
    expect(bytes[25]).toBe(3); // colour type: palette
    expect(pngjsRead(bytes)).toEqual(data);
    const translucent = data.slice();
    translucent[3] = 0;
    translucent[7] = 128;
    expect(pngjsRead(encodePngQuick({ width, height, data: translucent }))).toEqual(translucent);
  });

  it('falls back to RGBA past 256 colours', () => {
    const data = noise(40 * 40 * 4, 8);
    const bytes = encodePngQuick({ width: 40, height: 40, data });
    expect(bytes[25]).toBe(6);
    expect(pngjsRead(bytes)).toEqual(data);
  });
});
