/**
 * libjpeg-turbo, the comparator's first JPEG decoder (turbo-decode.ts): it loads here, decodeImageAsync
 * gives its pixels, a file it refuses goes to libvips, and SEEDSNAP_DECODER chooses per process. Real
 * images: the committed fixtures and the built-in model's own outputs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeImage, decodeImageAsync } from '../../src/image/decode.js';
import { loadNativeDecoder } from '../../src/image/native-decode.js';
import { decodeJpegTurbo, turboAvailable, turboDecodingWanted, useTurboDecoder } from '../../src/image/turbo-decode.js';
import { fixture } from '../helpers/bombs.js';
import { decodeInProcess, maxDifference, modelJpeg } from '../helpers/jpeg-decoders.js';

afterEach(() => useTurboDecoder(true));

async function libvips(bytes: Uint8Array) {
  const { decoder } = await loadNativeDecoder();
  if (!decoder) throw new Error('libvips should load');
  return decoder.decode(bytes, { maxPixels: 64e6 });
}

const RGB_JPEGS = () =>
  [
    ['model', modelJpeg()],
    ['baseline', fixture('jpeg-baseline.jpg')],
    ['progressive', fixture('jpeg-progressive.jpg')],
    ['grey', fixture('jpeg-grey.jpg')],
  ] as const;

describe('libjpeg-turbo', () => {
  it('loads on this platform (the prebuilt binary ships in the npm package)', () => {
    expect(turboAvailable()).toBe(true);
  });

  it("gives decodeImageAsync's JPEG pixels: opaque, close to libvips's and jpeg-js's, the same every time", async () => {
    for (const [name, bytes] of RGB_JPEGS()) {
      const image = await decodeImageAsync(bytes);
      const size = { width: image.width, height: image.height };
      expect({ name, same: Buffer.from(decodeJpegTurbo(bytes, size)?.data ?? []).equals(image.data) }).toEqual({
        name,
        same: true,
      });
      expect({ name, ...size }).toEqual({ name, width: decodeImage(bytes).width, height: decodeImage(bytes).height });
      for (let i = 3; i < image.data.length; i += 4) if (image.data[i] !== 255) throw new Error(`${name}: alpha`);
      // Decoders differ by a few levels (chroma upsampling, IDCT), never by more.
      expect({ name, vips: maxDifference(image.data, (await libvips(bytes)).data) <= 16 }).toEqual({
        name,
        vips: true,
      });
      expect({ name, js: maxDifference(image.data, decodeImage(bytes).data) <= 24 }).toEqual({ name, js: true });
      expect(Buffer.from((await decodeImageAsync(bytes)).data).equals(image.data)).toBe(true);
    }
    // The model's JPEG is 4:2:0: libjpeg-turbo and libvips upsample its chroma differently.
    const bytes = modelJpeg();
    expect(Buffer.from((await decodeImageAsync(bytes)).data).equals((await libvips(bytes)).data)).toBe(false);
  });

  it('refuses what it cannot decode whole, and decodeImageAsync then decodes it with libvips', async () => {
    for (const name of ['jpeg-cmyk.jpg', 'jpeg-progressive-cmyk.jpg']) {
      const bytes = fixture(name);
      const header = decodeImage(bytes);
      expect(decodeJpegTurbo(bytes, header)).toBeUndefined();
      expect((await decodeImageAsync(bytes)).data).toEqual((await libvips(bytes)).data);
    }
    const whole = modelJpeg();
    expect(decodeJpegTurbo(whole.subarray(0, whole.length - 200), { width: 256, height: 192 })).toBeUndefined();
    // A frame larger than the size it is given (a header that lied) is refused, not written past its place.
    expect(decodeJpegTurbo(whole, { width: 128, height: 96 })).toBeUndefined();
    expect(() => decodeJpegTurbo(whole, { width: 256, height: 192 }, new Uint8Array(10))).toThrow(/10 bytes/);
  });

  it('is left out in a thread that turns it off, and decodeImageAsync gives libvips pixels there', async () => {
    const bytes = modelJpeg();
    useTurboDecoder(false);
    expect(turboAvailable()).toBe(false);
    expect(decodeJpegTurbo(bytes, { width: 256, height: 192 })).toBeUndefined();
    expect((await decodeImageAsync(bytes)).data).toEqual((await libvips(bytes)).data);
  });

  it('SEEDSNAP_DECODER=libvips or =js leaves it out, in that process', () => {
    expect(turboDecodingWanted({ SEEDSNAP_DECODER: 'libvips' })).toBe(false);
    expect(turboDecodingWanted({ SEEDSNAP_DECODER: 'JS' })).toBe(false);
    expect(turboDecodingWanted({})).toBe(true);
    // The built module in a process of its own: the choice is made once per process.
    const decodeIn = (env: NodeJS.ProcessEnv) => decodeInProcess('jpeg-baseline.jpg', env);
    const bytes = fixture('jpeg-baseline.jpg');
    const turbo = decodeJpegTurbo(bytes, decodeImage(bytes))?.data ?? new Uint8Array();
    expect(decodeIn({ SEEDSNAP_DECODER: '' }).equals(turbo)).toBe(true);
    const viaLibvips = decodeIn({ SEEDSNAP_DECODER: 'libvips' });
    expect(viaLibvips.equals(turbo)).toBe(false);
    expect(viaLibvips.equals(decodeImage(bytes).data)).toBe(false);
    expect(decodeIn({ SEEDSNAP_DECODER: 'js' }).equals(decodeImage(bytes).data)).toBe(true);
  });
});
