/** The video codec wrapper: real ffmpeg, real MP4/WEBM bytes, round trips and every refusal. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/image/png-encode.js';
import { decodeVideo, readVideoInfo } from '../../src/video/decode.js';
import { encodeVideo } from '../../src/video/encode.js';
import { VideoError } from '../../src/video/errors.js';
import { sniffVideo } from '../../src/video/sniff.js';
import { frameDifference, movingSquare } from '../helpers/video.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('encode → decode', () => {
  for (const format of ['mp4', 'webm'] as const) {
    it(`round-trips 16 frames at 8 fps through ${format} with every frame, the size, fps and duration`, async () => {
      const frames = movingSquare(16);
      const bytes = await encodeVideo({ frames, fps: 8, format });
      expect(sniffVideo(bytes)).toBe(format);
      const video = await decodeVideo(bytes);
      expect(video).toMatchObject({ format, width: 64, height: 48, fps: 8, duration: 2, frameCount: 16 });
      expect(video.codec).toBe(format === 'mp4' ? 'h264' : 'vp9');
      expect(video.frames.map((f) => [f.index, f.time])).toEqual(frames.map((_, i) => [i, i / 8]));
      // yuv420p is lossy: close, not equal. Each decoded frame is nearest to its own source frame.
      video.frames.forEach((frame, i) => {
        const own = frameDifference(frames[i] as (typeof frames)[0], frame.image);
        expect(own.mean).toBeLessThan(3);
        const other = frameDifference(frames[(i + 8) % 16] as (typeof frames)[0], frame.image);
        expect(other.mean).toBeGreaterThan(own.mean * 2);
      });
    });
  }

  it('gives the same bytes for the same frames (one thread, bitexact)', async () => {
    const frames = movingSquare(8);
    const a = await encodeVideo({ frames, fps: 4, format: 'mp4' });
    const b = await encodeVideo({ frames, fps: 4, format: 'mp4' });
    expect(sha(a)).toBe(sha(b));
    expect(Buffer.from(a).includes('Lavf')).toBe(false);
  });

  it('keeps only the sampled frames but counts them all', async () => {
    const bytes = await encodeVideo({ frames: movingSquare(12), fps: 6, format: 'mp4' });
    const video = await decodeVideo(bytes, { keep: (i) => i % 4 === 0 });
    expect(video.frameCount).toBe(12);
    expect(video.frames.map((f) => f.index)).toEqual([0, 4, 8]);
  });

  it('reads the header alone', async () => {
    const bytes = await encodeVideo({ frames: movingSquare(6), fps: 3, format: 'webm' });
    expect(await readVideoInfo(bytes)).toMatchObject({ format: 'webm', width: 64, height: 48, fps: 3, duration: 2 });
  });
});

describe('encode refuses what it cannot make', () => {
  it('no frames, odd sizes, mixed sizes, absurd fps', async () => {
    await expect(encodeVideo({ frames: [], fps: 8, format: 'mp4' })).rejects.toThrow(/without frames/);
    const odd = { width: 5, height: 4, data: new Uint8Array(60) };
    await expect(encodeVideo({ frames: [odd], fps: 8, format: 'mp4' })).rejects.toThrow(
      /even width and height, got 5×4/,
    );
    const [a] = movingSquare(1);
    const small = { width: 32, height: 24, data: new Uint8Array(32 * 24 * 3) };
    await expect(encodeVideo({ frames: [a as typeof small, small], fps: 8, format: 'mp4' })).rejects.toThrow(
      /frame 1 is 32×24 .* every frame must be 64×48/,
    );
    await expect(encodeVideo({ frames: movingSquare(2), fps: 0, format: 'mp4' })).rejects.toThrow(/fps must be from 1/);
  });
});

describe('decode refuses, before allocating, what the bytes cannot justify', () => {
  it('bytes that are not MP4 or WEBM (an image, an HLS playlist, nothing)', async () => {
    const png = encodePng({ width: 2, height: 2, data: new Uint8Array(16) }, 4);
    await expect(decodeVideo(png)).rejects.toThrow(/not an MP4 or WEBM video \(\d+ bytes, starting 89504e47/);
    const playlist = new TextEncoder().encode('#EXTM3U\n#EXT-X-TARGETDURATION:1\nfile:///etc/passwd\n');
    await expect(decodeVideo(playlist)).rejects.toBeInstanceOf(VideoError);
    await expect(decodeVideo(new Uint8Array(0))).rejects.toThrow(/starting with nothing/);
  });

  it('a frame size over the megapixel limit, from the header', async () => {
    const bytes = await encodeVideo({ frames: movingSquare(2), fps: 2, format: 'mp4' });
    await expect(decodeVideo(bytes, { maxMegapixels: 0.001 })).rejects.toThrow(
      /header claims 64×48 \(0\.0 MP\), over the 0\.001 MP limit/,
    );
  });

  it('more frames than the limit, from the header', async () => {
    const bytes = await encodeVideo({ frames: movingSquare(10), fps: 5, format: 'webm' });
    await expect(decodeVideo(bytes, { maxFrames: 4 })).rejects.toThrow(
      /2\.00 s at 5 fps \(10 frames\), over the 4-frame limit/,
    );
  });

  it('more decoded bytes than allowed', async () => {
    const bytes = await encodeVideo({ frames: movingSquare(4), fps: 4, format: 'mp4' });
    await expect(decodeVideo(bytes, { maxDecodedBytes: 64 * 48 * 4 * 2 })).rejects.toThrow(/sample fewer frames/);
  });

  for (const format of ['mp4', 'webm'] as const) {
    it(`a truncated ${format} (a download cut off) is an error, not a shorter clip`, async () => {
      const bytes = await encodeVideo({ frames: movingSquare(16), fps: 8, format });
      for (const share of [0.5, 0.8, 0.95]) {
        const cut = bytes.subarray(0, Math.floor(bytes.length * share));
        await expect(decodeVideo(cut), `${format} cut at ${share}`).rejects.toThrow(
          /cut short|cannot decode|cannot read/,
        );
      }
    });
  }
});
