/**
 * Frame-by-frame comparison of two clips. The clips are decoded (only the frames the plan compares are
 * kept), their shapes checked (another size, fps, frame count or duration is a `fail` with the numbers),
 * then every planned frame pair goes through the same per-frame judge as an image pair — the caller
 * passes the one comparator and the one judge in, so a frame is judged exactly like an image. Keyframe
 * fidelity compares the actual clip's frame at each keyframe position with its input image (fitted to
 * the frame as the models fit it): it catches a model that stops honouring keyframes even when the
 * baseline drifted with it.
 */
import type { RgbaImage } from '../image/types.js';
import { decodeVideo, expectedFrames, readVideoInfo, type VideoDecodeOptions } from '../video/decode.js';
import { coverResize } from '../video/fit.js';
import type { PlacedKeyframe } from '../video/request.js';
import type { DecodedVideo } from '../video/types.js';
import { planFrames, type VideoShape, videoMismatches } from './video-plan.js';

export interface FrameJudgement {
  verdict: 'pass' | 'fail';
  metrics: Record<string, number>;
  /** Larger is worse (e.g. the share of differing pixels): picks the worst frame. */
  score: number;
  /** Why it failed, in words with the figures (the judge's reason). */
  reason?: string;
  /** Anything else the judge hands back for this frame (gate rows, a diff image); kept as is. */
  detail?: unknown;
}

export interface FrameResult extends FrameJudgement {
  index: number;
  /** Seconds from the start. */
  time: number;
}

export interface KeyframeResult extends FrameJudgement {
  /** Index into frame_images. */
  source: number;
  /** The frame it was placed at. */
  index: number;
}

export interface ClipFacts extends VideoShape {
  format: string;
  codec: string;
}

export interface VideoComparison {
  verdict: 'pass' | 'fail';
  expected: ClipFacts;
  actual: ClipFacts;
  /** Shape differences, e.g. `fps 8 → 12`; a fail on their own. */
  mismatches: string[];
  frames: FrameResult[];
  sampling?: string;
  worst?: FrameResult;
  keyframes: KeyframeResult[];
  /** One sentence for the report and the terminal. */
  reason?: string;
}

export interface Keyframe extends PlacedKeyframe {
  image: RgbaImage;
}

export interface CompareVideosOptions {
  expected: Uint8Array;
  actual: Uint8Array;
  /** Judges one pair of frames: the one comparator and the one judge, with the case's tolerance. */
  judgeFrame(expected: RgbaImage, actual: RgbaImage, frame: { index: number; time: number }): Promise<FrameJudgement>;
  /** Keyframes with their decoded input images; each is judged with `judgeKeyframe`. */
  keyframes?: readonly Keyframe[];
  judgeKeyframe?(input: RgbaImage, frame: RgbaImage, keyframe: PlacedKeyframe): Promise<FrameJudgement>;
  /** Most frames compared before sampling (default 240). */
  maxFrames?: number;
  decode?: VideoDecodeOptions;
}

function facts(video: DecodedVideo): ClipFacts {
  const { width, height, fps, frameCount, duration, format, codec } = video;
  return { width, height, fps, frameCount, duration, format, codec };
}

function worstOf(frames: readonly FrameResult[]): FrameResult | undefined {
  let worst: FrameResult | undefined;
  for (const frame of frames) {
    const rank = (f: FrameResult) => (f.verdict === 'fail' ? 1 : 0);
    if (!worst || rank(frame) > rank(worst) || (rank(frame) === rank(worst) && frame.score > worst.score))
      worst = frame;
  }
  return worst;
}

export async function compareVideos(options: CompareVideosOptions): Promise<VideoComparison> {
  const decodeOptions = options.decode ?? {};
  // The plan needs the frame count before decoding, so that a long clip never holds all its frames.
  const header = await readVideoInfo(options.expected, decodeOptions);
  const keyframeIndices = (options.keyframes ?? []).map((k) => k.index);
  const plan = planFrames({
    frameCount: expectedFrames(header) ?? Number.MAX_SAFE_INTEGER,
    ...(options.maxFrames === undefined ? {} : { maxFrames: options.maxFrames }),
    keyframes: keyframeIndices,
  });
  const planned = new Set(plan.indices);
  const keep = (index: number) => planned.has(index) || keyframeIndices.includes(index);
  const [expected, actual] = await Promise.all([
    decodeVideo(options.expected, { ...decodeOptions, keep }),
    decodeVideo(options.actual, { ...decodeOptions, keep }),
  ]);
  const mismatches = videoMismatches(facts(expected), facts(actual));
  const sameSize = expected.width === actual.width && expected.height === actual.height;
  const byIndex = new Map(actual.frames.map((f) => [f.index, f]));
  const pairs = expected.frames.filter((f) => planned.has(f.index) && byIndex.has(f.index));
  const frames: FrameResult[] = sameSize
    ? await Promise.all(
        pairs.map(async (e) => {
          const a = byIndex.get(e.index) as (typeof actual.frames)[number];
          const judged = await options.judgeFrame(e.image, a.image, { index: e.index, time: e.time });
          return { index: e.index, time: e.time, ...judged };
        }),
      )
    : [];
  const keyframes = await judgeKeyframes(options, actual);
  const failedFrames = frames.filter((f) => f.verdict === 'fail');
  const failedKeyframes = keyframes.filter((k) => k.verdict === 'fail');
  const verdict = mismatches.length > 0 || failedFrames.length > 0 || failedKeyframes.length > 0 ? 'fail' : 'pass';
  const worst = worstOf(frames);
  const reasons: string[] = [];
  if (mismatches.length > 0) reasons.push(`the clips differ in shape: ${mismatches.join(', ')}`);
  if (failedFrames.length > 0) {
    const why = worst?.reason ? `: ${worst.reason}` : '';
    const at = worst ? `frame ${worst.index} at ${worst.time.toFixed(2)} s${why}` : 'unknown';
    reasons.push(`${failedFrames.length} of ${frames.length} compared frames differ beyond tolerance (worst: ${at})`);
  }
  for (const k of failedKeyframes)
    reasons.push(`frame ${k.index} no longer matches keyframe frame_images[${k.source}]`);
  return {
    verdict,
    expected: facts(expected),
    actual: facts(actual),
    mismatches,
    frames,
    ...(plan.sampling ? { sampling: plan.sampling } : {}),
    ...(worst ? { worst } : {}),
    keyframes,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

async function judgeKeyframes(options: CompareVideosOptions, actual: DecodedVideo): Promise<KeyframeResult[]> {
  const judge = options.judgeKeyframe;
  if (!judge || !options.keyframes?.length) return [];
  const frames = new Map(actual.frames.map((f) => [f.index, f.image]));
  const out: KeyframeResult[] = [];
  for (const keyframe of options.keyframes) {
    const frame = frames.get(keyframe.index);
    if (!frame) {
      out.push({ source: keyframe.source, index: keyframe.index, verdict: 'fail', metrics: {}, score: 1 });
      continue;
    }
    const input = coverResize(keyframe.image, 4, frame.width, frame.height);
    const judged = await judge(input, frame, keyframe);
    out.push({ source: keyframe.source, index: keyframe.index, ...judged });
  }
  return out;
}
