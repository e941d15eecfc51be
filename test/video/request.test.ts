/** Keyframe placement as the API documents it, and which placements a model can make. */
import { describe, expect, it } from 'vitest';
import { SIM_VIDEO_MODELS } from '../../src/providers/local/video/models.js';
import {
  frameCountOf,
  keyframeProblem,
  placeKeyframes,
  type VideoModelCapabilities,
  videoPrice,
} from '../../src/video/request.js';

const image = (frame?: number | 'first' | 'last') => ({ input_image: 'x', ...(frame === undefined ? {} : { frame }) });
const kling = SIM_VIDEO_MODELS['sim-kling']?.capabilities as VideoModelCapabilities;
const firstOnly: VideoModelCapabilities = {
  ...kling,
  id: 'first-only',
  keyframes: { support: 'first', required: true, max: 1 },
};
const firstLast: VideoModelCapabilities = {
  ...kling,
  id: 'first-last',
  keyframes: { support: 'first_last', required: true, max: 2 },
};

describe('placeKeyframes', () => {
  it('omitted positions: one is first, two are first and last, more are evenly spaced', () => {
    expect(placeKeyframes([image()], 16).map((k) => k.index)).toEqual([0]);
    expect(placeKeyframes([image(), image()], 16).map((k) => k.index)).toEqual([0, 15]);
    expect(placeKeyframes([image(), image(), image(), image()], 16).map((k) => k.index)).toEqual([0, 5, 10, 15]);
  });

  it('named positions: first, last and a frame number', () => {
    expect(placeKeyframes([image('last'), image(3), image('first')], 8)).toEqual([
      { source: 0, index: 7 },
      { source: 1, index: 3 },
      { source: 2, index: 0 },
    ]);
  });

  it('a frame outside the clip or not a whole number is refused, naming the keyframe', () => {
    expect(() => placeKeyframes([image(), image(8)], 8)).toThrow(
      "frame_images[1].frame is 8, outside the clip's frames 0 to 7",
    );
    expect(() => placeKeyframes([image(1.5)], 8)).toThrow(/frame_images\[0\]\.frame is 1\.5/);
    expect(() => placeKeyframes([image(-1)], 8)).toThrow(/is -1/);
  });
});

describe('keyframeProblem', () => {
  it('a Kling-style model without keyframes', () => {
    expect(keyframeProblem([], 16, kling)).toBe('sim-kling needs frame_images (keyframes)');
    expect(
      keyframeProblem([], 16, SIM_VIDEO_MODELS['sim-video']?.capabilities as VideoModelCapabilities),
    ).toBeUndefined();
  });

  it('a last keyframe on a first-only model, a middle one on a first-and-last model', () => {
    const two = placeKeyframes([image(), image()], 16);
    expect(keyframeProblem(two, 16, firstOnly)).toBe('first-only takes at most 1 keyframe(s), got 2');
    expect(keyframeProblem(placeKeyframes([image('last')], 16), 16, firstOnly)).toBe(
      'frame_images[0] is placed at the last frame, but first-only can place only the first frame',
    );
    expect(keyframeProblem(two, 16, firstLast)).toBeUndefined();
    expect(keyframeProblem(placeKeyframes([image(), image(4)], 16), 16, firstLast)).toBe(
      'frame_images[1] is placed at frame 4, but first-last can place only the first and the last frame',
    );
    expect(keyframeProblem(placeKeyframes([image(), image(4), image()], 16), 16, kling)).toBeUndefined();
  });
});

describe('clip size and price', () => {
  it('frames are seconds × fps, defaults from the model', () => {
    expect(frameCountOf({}, kling)).toBe(16);
    expect(frameCountOf({ seconds: 5, fps: 24 }, kling)).toBe(120);
  });

  it('a price per clip or per second', () => {
    expect(videoPrice({ seconds: 5 }, { ...kling, pricing: { perVideo: 0.9 } })).toBe(0.9);
    expect(videoPrice({ seconds: 5 }, { ...kling, pricing: { perSecond: 0.1 } })).toBeCloseTo(0.5);
    expect(videoPrice({}, kling)).toBeUndefined();
  });
});
