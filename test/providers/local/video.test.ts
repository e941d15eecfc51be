/**
 * The built-in video models honour every parameter: frame count (seconds × fps), size, format, keyframe
 * placement (first, last, a frame number, the list heuristics), seed and prompt determinism, and the
 * revision-2 drift — on the frames they render and on the clips they encode.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/image/decode.js';
import type { RgbImage } from '../../../src/image/types.js';
import { LocalModel } from '../../../src/providers/local/provider.js';
import type { ParamError } from '../../../src/providers/local/request.js';
import { LocalVideoModel } from '../../../src/providers/local/video/model.js';
import { decodeVideo } from '../../../src/video/decode.js';
import type { VideoRequest } from '../../../src/video/request.js';
import { frameDifference } from '../../helpers/video.js';

/** A keyframe as a suite would send it: a real PNG from the image model, as a data: URL. */
function keyframe(prompt: string, width = 128, height = 128): { url: string; rgb: RgbImage } {
  const [image] = new LocalModel({ revision: 1 }).generate({
    model: 'sim-dev',
    prompt,
    seed: 7,
    width,
    height,
    steps: 28,
    output_format: 'png',
  });
  if (!image) throw new Error('no image');
  return { url: `data:image/png;base64,${Buffer.from(image.bytes).toString('base64')}`, rgb: rgbOf(image.bytes) };
}

function rgbOf(bytes: Uint8Array): RgbImage {
  const rgba = decodeImage(bytes);
  const data = new Uint8Array(rgba.width * rgba.height * 3);
  for (let i = 0, j = 0; j < rgba.data.length; i += 3, j += 4) data.set(rgba.data.subarray(j, j + 3), i);
  return { width: rgba.width, height: rgba.height, data };
}

/** Mean |difference| per channel of two RGB frames. */
function mean(a: RgbImage, b: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
  return sum / a.data.length;
}

const fox = keyframe('a red fox sitting in fresh snow, studio photograph');
const harbour = keyframe('a lighthouse on a cliff at sunset');
const kling = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
  model: 'sim-kling',
  seed: 42,
  width: 128,
  height: 128,
  seconds: 2,
  fps: 8,
  frame_images: [{ input_image: fox.url }],
  ...overrides,
});
const model = new LocalVideoModel({ revision: 1 });

describe('sim-kling', () => {
  it('makes exactly seconds × fps frames at the asked size, in MP4 by default and WEBM when asked', async () => {
    const mp4 = await model.generate(kling({ seconds: 3, fps: 5, width: 96, height: 64 }));
    expect(mp4).toMatchObject({ format: 'mp4', frameCount: 15, width: 96, height: 64, fps: 5, seconds: 3 });
    expect(await decodeVideo(mp4.bytes)).toMatchObject({
      format: 'mp4',
      frameCount: 15,
      width: 96,
      height: 64,
      fps: 5,
    });
    const webm = await model.generate(kling({ output_format: 'webm' }));
    expect(await decodeVideo(webm.bytes)).toMatchObject({ format: 'webm', codec: 'vp9', frameCount: 16, fps: 8 });
  });

  it('starts on the first keyframe and moves away from it, frame by frame', () => {
    const { frames } = model.render(kling());
    expect(mean(frames[0] as RgbImage, fox.rgb)).toBe(0);
    const away = frames.map((frame) => mean(frame, fox.rgb));
    for (let i = 2; i < away.length; i++) expect(away[i], `frame ${i}`).toBeGreaterThan(away[i - 1] as number);
    expect(away[15]).toBeGreaterThan(5);
  });

  it('reaches a last keyframe at the end, and a numbered keyframe at its frame', () => {
    const two = model.render(kling({ frame_images: [{ input_image: fox.url }, { input_image: harbour.url }] })).frames;
    expect(mean(two[0] as RgbImage, fox.rgb)).toBe(0);
    expect(mean(two[15] as RgbImage, harbour.rgb)).toBe(0);
    const middle = two[8] as RgbImage;
    expect(mean(middle, fox.rgb)).toBeGreaterThan(5);
    expect(mean(middle, harbour.rgb)).toBeGreaterThan(5);
    const numbered = model.render(
      kling({
        frame_images: [
          { input_image: fox.url, frame: 'first' },
          { input_image: harbour.url, frame: 5 },
        ],
      }),
    ).frames;
    expect(mean(numbered[5] as RgbImage, harbour.rgb)).toBe(0);
    expect(mean(numbered[15] as RgbImage, harbour.rgb)).toBeGreaterThan(3);
    const last = model.render(kling({ frame_images: [{ input_image: harbour.url, frame: 'last' }] })).frames;
    expect(mean(last[15] as RgbImage, harbour.rgb)).toBe(0);
  });

  it('keyframes survive encoding: the decoded first frame is within compression noise of the input', async () => {
    const clip = await model.generate(kling());
    const video = await decodeVideo(clip.bytes);
    const first = video.frames[0]?.image;
    if (!first) throw new Error('no frame');
    expect(frameDifference(fox.rgb, first).mean).toBeLessThan(3);
    expect(clip.keyframes).toEqual([{ source: 0, index: 0 }]);
  });

  it('is deterministic from seed and prompt, and another seed or prompt is another shot', async () => {
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const a = await model.generate(kling());
    const b = await new LocalVideoModel({ revision: 1 }).generate(kling());
    expect(hash(a.bytes)).toBe(hash(b.bytes));
    const last = (request: VideoRequest) => model.render(request).frames[15] as RgbImage;
    expect(mean(last(kling({ seed: 43 })), last(kling()))).toBeGreaterThan(2);
    expect(mean(last(kling({ prompt: 'slow push in' })), last(kling()))).toBeGreaterThan(2);
  });

  it('revision 2 honours the keyframe but drifts a few levels as the clip goes on', () => {
    const one = model.render(kling()).frames;
    const two = new LocalVideoModel({ revision: 2 }).render(kling()).frames;
    expect(mean(one[0] as RgbImage, two[0] as RgbImage)).toBe(0);
    const drift = mean(one[15] as RgbImage, two[15] as RgbImage);
    expect(drift).toBeGreaterThan(1.5);
    expect(drift).toBeLessThan(20);
    expect(mean(one[4] as RgbImage, two[4] as RgbImage)).toBeLessThan(drift);
  });

  it('refuses what the API would refuse, naming the field', () => {
    const refusal = (request: VideoRequest) => {
      try {
        model.render(request);
      } catch (error) {
        return error as ParamError;
      }
      throw new Error('accepted');
    };
    expect(refusal(kling({ frame_images: [] }))).toMatchObject({
      param: 'frame_images',
      message: 'sim-kling needs frame_images (keyframes)',
    });
    expect(refusal(kling({ frame_images: [{ input_image: fox.url, frame: 16 }] })).message).toMatch(
      /frame_images\[0\]\.frame is 16, outside the clip's frames 0 to 15/,
    );
    expect(refusal(kling({ frame_images: [{ input_image: 'https://example.invalid/x.png' }] })).message).toMatch(
      /cannot load frame_images\[0\]\.input_image/,
    );
    expect(refusal(kling({ fps: 0 }))).toMatchObject({ param: 'fps' });
    expect(refusal(kling({ seconds: 11 }))).toMatchObject({ param: 'seconds' });
    expect(refusal(kling({ width: 100 }))).toMatchObject({ param: 'width' });
    expect(refusal(kling({ steps: 10 }))).toMatchObject({
      param: 'steps',
      message: expect.stringMatching(/does not accept "steps"/),
    });
    expect(refusal(kling({ output_format: 'gif' as 'mp4' }))).toMatchObject({ param: 'output_format' });
    expect(refusal({ ...kling(), model: 'sim-nope' })).toMatchObject({ status: 404 });
  });
});

describe('sim-video', () => {
  const video = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
    model: 'sim-video',
    seed: 42,
    prompt: 'a red fox sitting in fresh snow, studio photograph',
    width: 128,
    height: 96,
    seconds: 2,
    fps: 4,
    ...overrides,
  });

  it('renders the prompt with the image model’s scenes and moves the camera over it', () => {
    const { frames, checked } = model.render(video());
    expect(checked.frameCount).toBe(8);
    expect(frames).toHaveLength(8);
    expect(frames[0]).toMatchObject({ width: 128, height: 96 });
    expect(mean(frames[7] as RgbImage, frames[0] as RgbImage)).toBeGreaterThan(3);
    const night = model.render(video({ prompt: 'a neon city street at night, rain, cinematic' })).frames[0] as RgbImage;
    const brightness = (frame: RgbImage) => frame.data.reduce((sum, v) => sum + v, 0) / frame.data.length;
    expect(brightness(night)).toBeLessThan(brightness(frames[0] as RgbImage) - 30);
  });

  it('needs a prompt and takes no keyframes', () => {
    expect(() => model.render(video({ prompt: '' }))).toThrow(/sim-video needs a prompt/);
    expect(() => model.render(video({ frame_images: [{ input_image: fox.url }] }))).toThrow(
      /does not accept "frame_images"/,
    );
  });

  it('revision 2 drifts a few %, from the first frame on (its scene drifts like the image model’s)', () => {
    const one = model.render(video()).frames;
    const two = new LocalVideoModel({ revision: 2 }).render(video()).frames;
    const drift = mean(one[7] as RgbImage, two[7] as RgbImage);
    expect(drift).toBeGreaterThan(1);
    expect(drift).toBeLessThan(20);
  });
});
