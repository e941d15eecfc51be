/**
 * Frame-by-frame comparison on real clips of the built-in video model: the same clip passes on every
 * frame; revision 2 passes its first frames and fails the later ones, worst last; another shape is a
 * fail with the numbers; a clip that ignores its keyframe fails keyframe fidelity; long clips are sampled.
 * The per-frame judge here is a plain mean-difference gate, standing in for the one judge.
 */
import { describe, expect, it } from 'vitest';
import { compareVideos, type FrameJudgement } from '../../src/compare/video.js';
import { decodeImage } from '../../src/image/decode.js';
import { encodePng } from '../../src/image/png-encode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { LocalVideoModel } from '../../src/providers/local/video/model.js';
import type { VideoRequest } from '../../src/video/request.js';
import { keyframeUrl } from '../helpers/video-server.js';

function meanAbs(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) sum += Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0));
  }
  return sum / ((a.data.length / 4) * 3);
}

const judge =
  (limit: number) =>
  async (a: RgbaImage, b: RgbaImage): Promise<FrameJudgement> => {
    const mean = meanAbs(a, b);
    return { verdict: mean <= limit ? 'pass' : 'fail', metrics: { meanAbs: mean }, score: mean };
  };

const key = keyframeUrl(64, 64);
const keyImage = decodeImage(Buffer.from(key.split(',')[1] ?? '', 'base64'));
const request: VideoRequest = {
  model: 'sim-kling',
  seed: 9,
  width: 64,
  height: 64,
  seconds: 2,
  fps: 6,
  frame_images: [{ input_image: key }],
};
const clip = async (revision: number, overrides: Partial<VideoRequest> = {}) =>
  (await new LocalVideoModel({ revision }).generate({ ...request, ...overrides })).bytes;

describe('compareVideos', () => {
  it('the same clip passes on every frame', async () => {
    const bytes = await clip(1);
    const result = await compareVideos({ expected: bytes, actual: bytes, judgeFrame: judge(0) });
    expect(result.verdict).toBe('pass');
    expect(result.frames.map((f) => [f.index, f.time])).toEqual(Array.from({ length: 12 }, (_, i) => [i, i / 6]));
    expect(result.mismatches).toEqual([]);
    expect(result.sampling).toBeUndefined();
    expect(result.reason).toBeUndefined();
  });

  it('revision 2 passes its first frames and fails the later ones; the worst frame is named', async () => {
    const result = await compareVideos({ expected: await clip(1), actual: await clip(2), judgeFrame: judge(1) });
    expect(result.verdict).toBe('fail');
    expect(result.frames[0]?.verdict).toBe('pass');
    expect(result.frames[11]?.verdict).toBe('fail');
    expect(result.worst?.index).toBeGreaterThanOrEqual(9);
    expect(result.reason).toMatch(
      /^\d+ of 12 compared frames differ beyond tolerance \(worst: frame \d+ at \d\.\d\d s\)$/,
    );
  });

  it('another fps, frame count or size is a fail with the numbers, before any frame is compared', async () => {
    const result = await compareVideos({
      expected: await clip(1),
      actual: await clip(1, { fps: 4 }),
      judgeFrame: judge(255),
    });
    expect(result.verdict).toBe('fail');
    expect(result.mismatches).toEqual(['fps 6 → 4', 'frames 12 → 8']);
    expect(result.reason).toBe('the clips differ in shape: fps 6 → 4, frames 12 → 8');
    const sized = await compareVideos({
      expected: await clip(1),
      actual: await clip(1, { width: 96 }),
      judgeFrame: judge(255),
    });
    expect(sized.mismatches).toEqual(['size 64×64 → 96×64']);
    expect(sized.frames).toEqual([]);
  });

  it('keyframe fidelity fails a clip that no longer starts on its keyframe, even against a baseline that drifted with it', async () => {
    const flat = encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(90) }, 3);
    const grey = `data:image/png;base64,${Buffer.from(flat).toString('base64')}`;
    const ignoring = await clip(1, { frame_images: [{ input_image: grey }] });
    const keyframes = [{ source: 0, index: 0, image: keyImage }];
    const result = await compareVideos({
      expected: ignoring,
      actual: ignoring,
      judgeFrame: judge(0),
      keyframes,
      judgeKeyframe: judge(8),
    });
    expect(result.frames.every((f) => f.verdict === 'pass')).toBe(true);
    expect(result.keyframes).toMatchObject([{ source: 0, index: 0, verdict: 'fail' }]);
    expect(result.verdict).toBe('fail');
    expect(result.reason).toBe('frame 0 no longer matches keyframe frame_images[0]');
    const honest = await compareVideos({
      expected: await clip(1),
      actual: await clip(2),
      judgeFrame: judge(255),
      keyframes,
      judgeKeyframe: judge(8),
    });
    expect(honest.keyframes).toMatchObject([{ verdict: 'pass' }]);
    expect(honest.keyframes[0]?.metrics.meanAbs).toBeLessThan(3);
  });

  it('samples a long clip and says so', async () => {
    const bytes = await clip(1);
    const result = await compareVideos({ expected: bytes, actual: bytes, judgeFrame: judge(0), maxFrames: 4 });
    expect(result.frames.map((f) => f.index)).toEqual([0, 3, 6, 9, 11]);
    expect(result.sampling).toBe('every 3rd frame of 12 and the last frame (5 compared)');
  });
});
