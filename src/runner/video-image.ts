/**
 * The video side of judging one generated "image": a clip. Its header is checked before it is kept (as an
 * image's is), and against a baseline it is compared frame by frame (compare/video.ts) with every frame
 * pair on the run's comparator and judged by the one judge under the case's tolerance; keyframe fidelity
 * is judged under the keyframe tolerance. The image result carries the worst frame's figures, gates and
 * diff (so every view shows a video like an image) and `video` with every frame.
 */

import type { ComparePool } from '../compare/compare-pool.js';
import { keyframeTolerance, resolveTolerance } from '../compare/tolerance.js';
import { compareVideos, type FrameJudgement, type Keyframe } from '../compare/video.js';
import { decodeImage } from '../image/decode.js';
import type { RgbaImage } from '../image/types.js';
import { resolveKeyframes } from '../suite/keyframes.js';
import { SeedsnapError } from '../types/errors.js';
import type {
  CaseSpec,
  Change,
  CompareMetrics,
  GateOutcome,
  ImageResult,
  KeyframeFidelity,
  Tolerance,
  VideoFrameResult,
  VideoImageResult,
} from '../types/index.js';
import { imageStem } from '../util/ids.js';
import { expectedFrames, readVideoInfo } from '../video/decode.js';
import { VideoError } from '../video/errors.js';
import { placeKeyframes } from '../video/request.js';
import type { VideoFormat, VideoInfo } from '../video/types.js';
import type { RunFolder } from './run-folder.js';

/** Diff images written per clip: the worst failing frames, so a long clip cannot fill the disk. */
export const MAX_FRAME_DIFFS = 24;

export interface VideoHeader {
  format: VideoFormat;
  width: number;
  height: number;
  info: VideoInfo;
}

/** The clip's header checked against the decode limits, or why it must not be kept. */
export async function probeVideo(
  bytes: Uint8Array,
  maxMegapixels: number | undefined,
): Promise<{ header?: VideoHeader; problem?: string }> {
  try {
    const info = await readVideoInfo(bytes, maxMegapixels === undefined ? {} : { maxMegapixels });
    return { header: { format: info.format, width: info.width, height: info.height, info } };
  } catch (error) {
    if (!(error instanceof SeedsnapError)) throw error;
    return { problem: `generated video: ${error.message}` };
  }
}

/**
 * Judge a clip against its baseline into `result` (figures, gates, worst diff, `video`, and `fail` unless the
 * baseline is stale); false when it could not be judged, with `result` an error saying why.
 */
export async function judgeVideoInto(
  result: ImageResult,
  options: JudgeVideoOptions & { stale: boolean },
): Promise<boolean> {
  let judged: VideoJudgement;
  try {
    judged = await judgeVideo(options);
  } catch (error) {
    if (!(error instanceof SeedsnapError)) throw error;
    result.verdict = 'error';
    result.reason = error.message;
    return false;
  }
  result.metrics = judged.metrics;
  result.tolerance = judged.tolerance;
  result.gates = judged.gates;
  result.video = judged.video;
  if (judged.diff) result.diff = judged.diff;
  if (!options.stale && !judged.match) {
    result.verdict = 'fail';
    result.reason = judged.reason ?? 'differs from its baseline';
    if (judged.findings) result.findings = judged.findings;
  }
  return true;
}

export interface VideoJudgement {
  match: boolean;
  reason?: string;
  metrics: CompareMetrics;
  tolerance: Tolerance;
  gates: GateOutcome[];
  /** The worst frame's diff, relative to the run folder. */
  diff?: string;
  /** What changed in the worst frame, when it failed. */
  findings?: Change[];
  video: VideoImageResult;
}

interface FrameDetail {
  gates: GateOutcome[];
  tolerance: Tolerance;
  diff?: Uint8Array;
  metrics: CompareMetrics;
  findings?: Change[];
}

export interface JudgeVideoOptions {
  spec: CaseSpec;
  key: string;
  expected: Uint8Array;
  actual: Uint8Array;
  comparator: ComparePool;
  folder: RunFolder;
}

export async function judgeVideo(options: JudgeVideoOptions): Promise<VideoJudgement> {
  const { spec, comparator } = options;
  const tolerance = resolveTolerance(spec.tolerance);
  const compareFrames = async (
    expected: RgbaImage,
    actual: RgbaImage,
    frameTolerance: Tolerance,
  ): Promise<FrameJudgement> => {
    const comparison = await comparator.compare({
      expected: expected.data,
      actual: actual.data,
      raw: { expected, actual },
      tolerance: frameTolerance,
      ...(spec.ignore ? { ignore: spec.ignore } : {}),
    });
    const detail: FrameDetail = {
      gates: comparison.gates,
      tolerance: comparison.tolerance,
      metrics: comparison.metrics,
      ...(comparison.diff ? { diff: comparison.diff } : {}),
      ...(comparison.findings ? { findings: comparison.findings } : {}),
    };
    return {
      verdict: comparison.match ? 'pass' : 'fail',
      metrics: { ...comparison.metrics } as unknown as Record<string, number>,
      score: comparison.metrics.diffRatio + (comparison.metrics.meanAbsError ?? 0) / 255,
      ...(comparison.reason ? { reason: comparison.reason } : {}),
      detail,
    };
  };
  const keyframes = await keyframeImages(spec, options.actual);
  const result = await compareVideos({
    expected: options.expected,
    actual: options.actual,
    judgeFrame: (a, b) => compareFrames(a, b, tolerance),
    keyframes,
    judgeKeyframe: (input, frame) => compareFrames(input, frame, keyframeTolerance(spec.tolerance)),
  });
  const failing = result.frames.filter((f) => f.verdict === 'fail').sort((a, b) => b.score - a.score);
  const diffs = new Map<number, string>();
  for (const frame of failing.slice(0, MAX_FRAME_DIFFS)) {
    const png = (frame.detail as FrameDetail).diff;
    if (!png) continue;
    const relative = `diff/${imageStem(options.key)}.frames/${String(frame.index).padStart(5, '0')}.png`;
    await options.folder.writeFile(relative, png);
    diffs.set(frame.index, relative);
  }
  const frames: VideoFrameResult[] = result.frames.map((f) => {
    const detail = f.detail as FrameDetail;
    return {
      index: f.index,
      time: f.time,
      verdict: f.verdict,
      metrics: detail.metrics,
      gates: detail.gates,
      ...(diffs.has(f.index) ? { diff: diffs.get(f.index) } : {}),
      ...(f.verdict === 'fail' && detail.findings ? { findings: detail.findings } : {}),
    };
  });
  const keyframeResults: KeyframeFidelity[] = result.keyframes.map((k) => {
    const detail = k.detail as FrameDetail | undefined;
    return {
      source: k.source,
      index: k.index,
      verdict: k.verdict,
      metrics: detail?.metrics ?? { diffPixels: 0, diffRatio: 1 },
      tolerance: detail?.tolerance ?? keyframeTolerance(spec.tolerance),
      gates: detail?.gates ?? [],
    };
  });
  const worst = result.worst ? frames.find((f) => f.index === result.worst?.index) : undefined;
  const video: VideoImageResult = {
    format: result.actual.format as VideoFormat,
    width: result.actual.width,
    height: result.actual.height,
    fps: result.actual.fps,
    frameCount: result.actual.frameCount,
    ...(result.actual.duration === undefined ? {} : { duration: result.actual.duration }),
    expected: {
      width: result.expected.width,
      height: result.expected.height,
      fps: result.expected.fps,
      frameCount: result.expected.frameCount,
      ...(result.expected.duration === undefined ? {} : { duration: result.expected.duration }),
    },
    mismatches: result.mismatches,
    frames,
    ...(result.sampling ? { sampling: result.sampling } : {}),
    ...(worst ? { worst: { index: worst.index, time: worst.time } } : {}),
    keyframes: keyframeResults,
  };
  return {
    match: result.verdict === 'pass',
    ...(result.reason ? { reason: result.reason } : {}),
    metrics: worst?.metrics ?? { diffPixels: 0, diffRatio: result.mismatches.length > 0 ? 1 : 0 },
    tolerance,
    gates: worst?.gates ?? [],
    ...(worst?.diff ? { diff: worst.diff } : {}),
    ...(worst?.verdict === 'fail' && worst.findings ? { findings: worst.findings } : {}),
    video,
  };
}

/** The case's keyframes, decoded, at the frames they were placed at (from the actual clip's length). */
async function keyframeImages(spec: CaseSpec, actual: Uint8Array): Promise<Keyframe[]> {
  const frames = spec.request.frame_images;
  if (!frames || frames.length === 0) return [];
  const info = await readVideoInfo(actual);
  const count = expectedFrames(info) ?? Math.round((spec.request.seconds ?? 0) * (spec.request.fps ?? 0));
  const sent = await resolveKeyframes(frames, spec.suiteFile);
  const placed = placeKeyframes(frames, count);
  const out: Keyframe[] = [];
  for (const { source, index } of placed) {
    const bytes = inlineBytes(sent[source]?.input_image ?? '');
    // A keyframe only reachable by URL is not fetched here: the run sends no request of its own to fetch it.
    if (!bytes) continue;
    try {
      out.push({ source, index, image: decodeImage(bytes) });
    } catch (error) {
      throw new VideoError(
        `frame_images[${source}] cannot be decoded for keyframe fidelity: ${(error as Error).message}`,
      );
    }
  }
  return out;
}

function inlineBytes(value: string): Uint8Array | undefined {
  const data = /^data:image\/[a-z]+;base64,(.+)$/is.exec(value)?.[1];
  if (data) return new Uint8Array(Buffer.from(data, 'base64'));
  if (/^(iVBORw0KGgo|\/9j\/)[A-Za-z0-9+/=\s]+$/.test(value)) return new Uint8Array(Buffer.from(value, 'base64'));
  return undefined;
}
