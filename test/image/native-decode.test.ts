/**
 * decodeImageAsync, the comparator's decoder: JPEG through libjpeg-turbo (turbo-decode.test.ts), else
 * libvips (sharp), PNG through the same JavaScript path as decodeImage. Real images: the committed fixtures (test/fixtures/images) and the
 * built-in model's own outputs.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageAsync, ImageDecodeError } from '../../src/image/decode.js';
import { loadNativeDecoder, nativeDecodingWanted, pinAddons } from '../../src/image/native-decode.js';
import { FIXTURES, fixture, forgeJpegSize } from '../helpers/bombs.js';
import { decodeInProcess, maxDifference, modelJpeg } from '../helpers/jpeg-decoders.js';

describe('decodeImageAsync', () => {
  it('loads libvips on this platform (the prebuilt binary ships in the npm package)', async () => {
    const status = await loadNativeDecoder();
    expect(status.reason).toBeUndefined();
    expect(status.decoder?.version).toMatch(/^\d+\.\d+/);
  });

  it('decodes every PNG fixture to the pixels decodeImage gives', async () => {
    const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.png'));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      const bytes = fixture(name);
      const image = await decodeImageAsync(bytes);
      expect({ name, equal: Buffer.from(image.data).equals(decodeImage(bytes).data) }).toEqual({ name, equal: true });
    }
  });

  it('decodes JPEG with libvips: close to jpeg-js, not the same, and the same every time', async () => {
    const { decoder } = await loadNativeDecoder();
    if (!decoder) throw new Error('libvips should load');
    const viaLibvips = (bytes: Uint8Array) => decoder.decode(bytes, { maxPixels: 64e6 });
    for (const [name, bytes] of [
      ['model', modelJpeg()],
      ['baseline', fixture('jpeg-baseline.jpg')],
      ['progressive', fixture('jpeg-progressive.jpg')],
      ['grey', fixture('jpeg-grey.jpg')],
    ] as const) {
      const native = await viaLibvips(bytes);
      const js = decodeImage(bytes);
      expect({ name, width: native.width, height: native.height }).toEqual({
        name,
        width: js.width,
        height: js.height,
      });
      // Decoders differ by a few levels at most (research notes: up to 15 with 4:2:0 chroma).
      expect(maxDifference(native.data, js.data)).toBeLessThanOrEqual(16);
      const again = await viaLibvips(bytes);
      expect(Buffer.from(again.data).equals(native.data)).toBe(true);
    }
    // The model's JPEG is 4:2:0: libvips upsamples chroma differently, so some pixel must differ.
    const bytes = modelJpeg();
    expect(Buffer.from((await viaLibvips(bytes)).data).equals(decodeImage(bytes).data)).toBe(false);
  });

  it('refuses what decodeImage refuses, before libvips allocates: bombs, oversize headers, cut files', async () => {
    const bomb = forgeJpegSize(fixture('jpeg-baseline.jpg'), 8000, 8000);
    await expect(decodeImageAsync(bomb)).rejects.toThrow(/jpeg header claims 8000×8000 .* bytes of scan data/);
    await expect(decodeImageAsync(fixture('jpeg-baseline.jpg'), { maxMegapixels: 0.001 })).rejects.toThrow(
      /over the 0\.001 MP limit/,
    );
    const whole = modelJpeg();
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const error = await decodeImageAsync(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as Error).message).toMatch(/^cannot decode jpeg \(\d+ bytes\): .+/);
    await expect(decodeImageAsync(new TextEncoder().encode('not an image'))).rejects.toThrow(/not a PNG or JPEG/);
  });

  it('marks the libvips addon it loaded never to be unloaded, whichever thread exits', async () => {
    await loadNativeDecoder();
    const pinned = process.platform === 'linux' ? pinAddons(/sharp/) : [];
    if (process.platform === 'linux') expect(pinned.some((file) => /sharp.*\.node$/.test(file))).toBe(true);
    expect(pinAddons(/no-such-addon/)).toEqual([]);
  });

  it('SEEDSNAP_DECODER=js decodes JPEG with jpeg-js instead, in that process', () => {
    expect(nativeDecodingWanted({ SEEDSNAP_DECODER: 'js' })).toBe(false);
    expect(nativeDecodingWanted({ SEEDSNAP_DECODER: 'JS' })).toBe(false);
    expect(nativeDecodingWanted({})).toBe(true);
    // The built module in a process of its own: the choice is made once per process.
    const decodeIn = (env: NodeJS.ProcessEnv) => decodeInProcess('jpeg-baseline.jpg', env);
    expect(decodeIn({ SEEDSNAP_DECODER: 'js' }).equals(decodeImage(fixture('jpeg-baseline.jpg')).data)).toBe(true);
    expect(decodeIn({ SEEDSNAP_DECODER: '' }).equals(decodeImage(fixture('jpeg-baseline.jpg')).data)).toBe(false);
  });
});
