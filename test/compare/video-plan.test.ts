import { describe, expect, it } from 'vitest';
import { planFrames, videoMismatches } from '../../src/compare/video-plan.js';

const clip = { width: 256, height: 256, fps: 8, frameCount: 16, duration: 2 };

describe('videoMismatches', () => {
  it('names every difference with its numbers', () => {
    expect(videoMismatches(clip, clip)).toEqual([]);
    expect(videoMismatches(clip, { width: 128, height: 256, fps: 12, frameCount: 24, duration: 2 })).toEqual([
      'size 256×256 → 128×256',
      'fps 8 → 12',
      'frames 16 → 24',
    ]);
    expect(videoMismatches(clip, { ...clip, frameCount: 8, duration: 1 })).toEqual([
      'frames 16 → 8',
      'duration 2.00 s → 1.00 s',
    ]);
    expect(videoMismatches(clip, { ...clip, duration: 2.04 })).toEqual([]);
  });
});

describe('planFrames', () => {
  it('compares every frame of a short clip, and says nothing about sampling', () => {
    expect(planFrames({ frameCount: 16 })).toEqual({ indices: Array.from({ length: 16 }, (_, i) => i) });
  });

  it('samples a long clip, keeping the last frame and the keyframes, and states it', () => {
    const plan = planFrames({ frameCount: 100, maxFrames: 20, keyframes: [0, 37, 99] });
    expect(plan.indices).toEqual([
      0, 5, 10, 15, 20, 25, 30, 35, 37, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 99,
    ]);
    expect(plan.sampling).toBe('every 5th frame of 100, the last frame and every keyframe (22 compared)');
    expect(planFrames({ frameCount: 9, maxFrames: 4 }).sampling).toBe(
      'every 3rd frame of 9 and the last frame (4 compared)',
    );
    expect(planFrames({ frameCount: 5, maxFrames: 2 }).indices).toEqual([0, 3, 4]);
  });
});
