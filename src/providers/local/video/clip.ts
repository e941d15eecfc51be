/**
 * Keyframes → frames. Between two keyframes the clip moves on from the first while the camera's move,
 * run backwards from the second, fades in (smoothstep), so each keyframe is its frame exactly and the
 * last keyframe, when given, is reached at the end. After the last keyframe the camera keeps moving;
 * before the first (a keyframe placed later than frame 0) it runs backwards into it.
 */
import type { RgbImage } from '../../../image/types.js';
import type { PlacedKeyframe } from '../../../video/request.js';
import { type CameraMove, shoot } from './camera.js';

export interface ClipRequest {
  /** Keyframe images, already at the clip's size, in frame_images order. */
  keyframes: readonly RgbImage[];
  placed: readonly PlacedKeyframe[];
  width: number;
  height: number;
  frameCount: number;
  move: CameraMove;
}

function smoothstep(t: number): number {
  return t * t * (3 - 2 * t);
}

export function renderClip(request: ClipRequest): RgbImage[] {
  const { width, height, frameCount, move } = request;
  // One keyframe per frame index: a later keyframe at the same frame wins, as a later list entry would.
  const byIndex = new Map<number, RgbImage>();
  for (const { source, index } of request.placed) {
    const image = request.keyframes[source];
    if (image) byIndex.set(index, image);
  }
  const anchors = [...byIndex.entries()].sort((a, b) => a[0] - b[0]);
  const span = Math.max(1, frameCount - 1);
  const a = new Float32Array(width * height * 3);
  const b = new Float32Array(width * height * 3);
  const frames: RgbImage[] = [];
  for (let i = 0; i < frameCount; i++) {
    const nextAt = anchors.findIndex(([index]) => index >= i);
    const before = nextAt === -1 ? anchors[anchors.length - 1] : nextAt > 0 ? anchors[nextAt - 1] : undefined;
    const after = nextAt === -1 ? undefined : anchors[nextAt];
    const data = new Uint8Array(width * height * 3);
    if (after && after[0] === i) {
      data.set(after[1].data);
    } else if (before && after) {
      shoot(before[1].data, width, height, move, (i - before[0]) / span, a);
      shoot(after[1].data, width, height, move, (i - after[0]) / span, b);
      const w = smoothstep((i - before[0]) / (after[0] - before[0]));
      for (let p = 0; p < data.length; p++) data[p] = byte((a[p] ?? 0) * (1 - w) + (b[p] ?? 0) * w);
    } else {
      const [index, image] = (before ?? after) as [number, RgbImage];
      shoot(image.data, width, height, move, (i - index) / span, a);
      for (let p = 0; p < data.length; p++) data[p] = byte(a[p] ?? 0);
    }
    frames.push({ width, height, data });
  }
  return frames;
}

function byte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}
