/**
 * What a frame-by-frame comparison compares, before any pixel: two clips of a different shape (size, fps,
 * frame count, duration) are a `fail` with the numbers, not a comparison of mismatched frames; a long
 * clip is sampled (every k-th frame, plus the first, the last and every keyframe), and the sampling is
 * stated in results.json so nobody mistakes it for all frames.
 */

export interface VideoShape {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  /** Seconds, from the container (frameCount / fps when it says nothing). */
  duration: number | undefined;
}

/** Frames compared by default before a clip is sampled: 10 s at 24 fps. */
export const DEFAULT_MAX_COMPARED_FRAMES = 240;
/** Durations within this are the same (containers round the last frame's length). */
const DURATION_SLACK_S = 0.05;

/** Every way the two clips' shapes differ, in words with the numbers; empty when they match. */
export function videoMismatches(expected: VideoShape, actual: VideoShape): string[] {
  const out: string[] = [];
  if (expected.width !== actual.width || expected.height !== actual.height) {
    out.push(`size ${expected.width}×${expected.height} → ${actual.width}×${actual.height}`);
  }
  if (Math.abs(expected.fps - actual.fps) > 1e-3) out.push(`fps ${expected.fps} → ${actual.fps}`);
  if (expected.frameCount !== actual.frameCount) out.push(`frames ${expected.frameCount} → ${actual.frameCount}`);
  const a = expected.duration ?? expected.frameCount / expected.fps;
  const b = actual.duration ?? actual.frameCount / actual.fps;
  if (Math.abs(a - b) > DURATION_SLACK_S) out.push(`duration ${a.toFixed(2)} s → ${b.toFixed(2)} s`);
  return out;
}

export interface FramePlan {
  /** Frame indices to compare, ascending. */
  indices: number[];
  /** Said in results.json and the report when not every frame is compared. */
  sampling?: string;
}

export function planFrames(options: {
  frameCount: number;
  maxFrames?: number;
  keyframes?: readonly number[];
}): FramePlan {
  const { frameCount } = options;
  const max = Math.max(2, options.maxFrames ?? DEFAULT_MAX_COMPARED_FRAMES);
  if (frameCount <= max) return { indices: Array.from({ length: frameCount }, (_, i) => i) };
  const step = Math.ceil(frameCount / max);
  const chosen = new Set<number>();
  for (let i = 0; i < frameCount; i += step) chosen.add(i);
  chosen.add(frameCount - 1);
  for (const k of options.keyframes ?? []) if (k >= 0 && k < frameCount) chosen.add(k);
  const indices = [...chosen].sort((a, b) => a - b);
  const extra = options.keyframes?.length ? ', the last frame and every keyframe' : ' and the last frame';
  return {
    indices,
    sampling: `every ${ordinal(step)} frame of ${frameCount}${extra} (${indices.length} compared)`,
  };
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}
