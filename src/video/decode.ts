/**
 * MP4/WEBM → RGBA frames, refusing what would cost memory the clip cannot justify, as images do: the
 * container is sniffed (only MP4 and WEBM, demuxer forced), the header is read first and a size,
 * frame rate or frame count over the limits is refused before a single frame is decoded; while
 * decoding, frames are cut from ffmpeg's output one at a time and the run is stopped the moment the
 * clip exceeds its own header or the limits. A clip that decodes to fewer frames than its header
 * promises (a truncated download) is an error, not a shorter video.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { count } from '../image/decode-error.js';
import { VideoError } from './errors.js';
import { ffmpegBinary } from './ffmpeg.js';
import { ffmpegComplaint, runFfmpeg } from './run.js';
import { demuxerOf, parseStreamInfo, sniffVideo } from './sniff.js';
import type { DecodedVideo, VideoFormat, VideoFrame, VideoInfo } from './types.js';

export interface VideoDecodeOptions {
  /** Largest frame, in megapixels (default 16: 4K is 8.3). */
  maxMegapixels?: number;
  /** Most frames a clip may have (default 3,600: a minute at 60 fps). */
  maxFrames?: number;
  /** Most bytes of decoded frames kept at once (default 1 GiB); sampling keeps fewer. */
  maxDecodedBytes?: number;
  /** Keep only the frames this returns true for (sampling long clips); every frame is still counted. */
  keep?: (index: number) => boolean;
  signal?: AbortSignal;
  ffmpeg?: string;
}

export const DEFAULT_VIDEO_LIMITS = { maxMegapixels: 16, maxFrames: 3_600, maxDecodedBytes: 1024 ** 3 } as const;
/** Frames a clip may hold beyond its header's duration × fps (rounding of the last frame). */
const FRAME_SLACK = 1;

function formatOf(bytes: Uint8Array): VideoFormat {
  const format = sniffVideo(bytes);
  if (!format) {
    const head = Buffer.from(bytes.subarray(0, 12)).toString('hex');
    throw new VideoError(`not an MP4 or WEBM video (${count(bytes.length)} bytes, starting ${head || 'with nothing'})`);
  }
  return format;
}

/** Frames the header promises, when it says how long the clip is. */
export function expectedFrames(info: VideoInfo): number | undefined {
  return info.duration === undefined ? undefined : Math.round(info.duration * info.fps);
}

function checkInfo(info: VideoInfo, options: VideoDecodeOptions): void {
  const maxMp = options.maxMegapixels ?? DEFAULT_VIDEO_LIMITS.maxMegapixels;
  const maxFrames = options.maxFrames ?? DEFAULT_VIDEO_LIMITS.maxFrames;
  const where = `the ${info.format} header`;
  if (info.width === 0 || info.height === 0)
    throw new VideoError(`${where} gives an empty size ${info.width}×${info.height}`);
  const mp = (info.width * info.height) / 1e6;
  if (mp > maxMp) {
    throw new VideoError(
      `${where} claims ${info.width}×${info.height} (${mp.toFixed(1)} MP), over the ${maxMp} MP limit`,
    );
  }
  if (!(info.fps > 0 && info.fps <= 1000)) throw new VideoError(`${where} claims ${info.fps} fps`);
  const frames = expectedFrames(info);
  if (frames !== undefined && frames > maxFrames) {
    throw new VideoError(
      `${where} claims ${info.duration?.toFixed(2)} s at ${info.fps} fps (${count(frames)} frames), over the ${count(maxFrames)}-frame limit`,
    );
  }
}

async function withTempFile<T>(bytes: Uint8Array, format: VideoFormat, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-video-'));
  const file = path.join(dir, `in.${format}`);
  try {
    await writeFile(file, bytes);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Only the sniffed container, only local files: a clip cannot point ffmpeg anywhere else. */
function inputArgs(format: VideoFormat, file: string): string[] {
  return ['-protocol_whitelist', 'file', '-f', demuxerOf(format), '-i', file];
}

async function probe(
  file: string,
  format: VideoFormat,
  options: VideoDecodeOptions,
  binary: string,
): Promise<VideoInfo> {
  // `ffmpeg -i FILE` without an output prints the header and exits 1 ("At least one output file…").
  const result = await runFfmpeg({
    binary,
    args: ['-hide_banner', '-nostdin', ...inputArgs(format, file)],
    label: `reading the ${format} header`,
    timeoutMs: 30_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!/Stream #\d+:\d+[^:]*: Video:/.test(result.stderr)) {
    throw new VideoError(`cannot read the ${format} header: ${ffmpegComplaint(result.stderr)}`);
  }
  return parseStreamInfo(result.stderr, format);
}

/** The header alone (size, fps, duration, codec), checked against the limits; no frame is decoded. */
export async function readVideoInfo(bytes: Uint8Array, options: VideoDecodeOptions = {}): Promise<VideoInfo> {
  const format = formatOf(bytes);
  const binary = options.ffmpeg ?? ffmpegBinary().path;
  const info = await withTempFile(bytes, format, (file) => probe(file, format, options, binary));
  checkInfo(info, options);
  return info;
}

export async function decodeVideo(bytes: Uint8Array, options: VideoDecodeOptions = {}): Promise<DecodedVideo> {
  const format = formatOf(bytes);
  const binary = options.ffmpeg ?? ffmpegBinary().path;
  return withTempFile(bytes, format, async (file) => {
    const info = await probe(file, format, options, binary);
    checkInfo(info, options);
    const promised = expectedFrames(info);
    const maxFrames = Math.min(
      options.maxFrames ?? DEFAULT_VIDEO_LIMITS.maxFrames,
      promised === undefined ? Number.POSITIVE_INFINITY : promised + FRAME_SLACK,
    );
    const maxKept = options.maxDecodedBytes ?? DEFAULT_VIDEO_LIMITS.maxDecodedBytes;
    const frameBytes = info.width * info.height * 4;
    const frames: VideoFrame[] = [];
    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    let kept = 0;
    const take = (data: Uint8Array) => {
      if (index >= maxFrames) {
        throw new VideoError(
          promised !== undefined && maxFrames === promised + FRAME_SLACK
            ? `the ${format} holds more frames than its header's ${count(promised)}`
            : `the ${format} holds more than ${count(maxFrames)} frames`,
        );
      }
      if (options.keep?.(index) ?? true) {
        kept += frameBytes;
        if (kept > maxKept) {
          throw new VideoError(
            `decoding the ${format} needs over ${count(maxKept)} bytes of frames; sample fewer frames`,
          );
        }
        frames.push({ index, time: index / info.fps, image: { width: info.width, height: info.height, data } });
      }
      index++;
    };
    const result = await runFfmpeg({
      binary,
      args: [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-threads', '1'],
        ...inputArgs(format, file),
        ...['-map', '0:v:0', '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
      ],
      onStdout: (chunk) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        while (pending.length >= frameBytes) {
          // A copy per frame: the frame outlives the chunk it was cut from.
          take(new Uint8Array(pending.subarray(0, frameBytes)));
          pending = pending.subarray(frameBytes);
        }
      },
      label: `decoding the ${format}`,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.code !== 0)
      throw new VideoError(
        `cannot decode the ${format} (${count(bytes.length)} bytes): ${ffmpegComplaint(result.stderr)}`,
      );
    if (pending.length > 0) {
      throw new VideoError(`the ${format} decoded to ${count(index)} frames and ${count(pending.length)} stray bytes`);
    }
    if (index === 0) throw new VideoError(`the ${format} holds no decodable frame: ${ffmpegComplaint(result.stderr)}`);
    // A header whose duration is a whole number of frames must decode to all of them: one frame short is a
    // truncated download too. Only a duration between two frame counts leaves room for rounding.
    const rounding = info.duration !== undefined && Math.abs(info.duration * info.fps - (promised ?? 0)) > 0.25 ? 1 : 0;
    if (promised !== undefined && index < promised - rounding) {
      throw new VideoError(
        `the ${format} is cut short: its header promises ${info.duration?.toFixed(2)} s (${count(promised)} frames), only ${count(index)} decode`,
      );
    }
    return { ...info, frameCount: index, frames };
  });
}
