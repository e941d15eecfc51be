/**
 * RGB frames → MP4 (H.264, yuv420p, +faststart: plays in every browser and player, and streams) or
 * WEBM (VP9). One thread and bitexact flags, so the same frames give the same bytes every time with the
 * same ffmpeg build (measured: docs/research, section 1).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VideoError } from './errors.js';
import { ffmpegBinary } from './ffmpeg.js';
import { ffmpegComplaint, runFfmpeg } from './run.js';
import type { EncodeInput } from './types.js';

/** Frame rates ffmpeg and every player handle without trouble. */
export const MIN_FPS = 1;
export const MAX_FPS = 120;
/** Most frames one encode takes (a 10 s clip at 120 fps is 1,200). */
export const MAX_ENCODE_FRAMES = 4_800;

export interface EncodeOptions {
  /** Quality: x264 CRF for MP4 (default 18, visually lossless), VP9 CRF for WEBM (default 30). */
  crf?: number;
  signal?: AbortSignal;
  /** Default: the ffmpeg findFfmpeg() picks. */
  ffmpeg?: string;
}

function check(input: EncodeInput): { width: number; height: number } {
  const first = input.frames[0];
  if (!first) throw new VideoError('cannot encode a video without frames');
  if (input.frames.length > MAX_ENCODE_FRAMES) {
    throw new VideoError(`cannot encode ${input.frames.length} frames; at most ${MAX_ENCODE_FRAMES}`);
  }
  if (!(input.fps >= MIN_FPS && input.fps <= MAX_FPS)) {
    throw new VideoError(`fps must be from ${MIN_FPS} to ${MAX_FPS}, got ${input.fps}`);
  }
  const { width, height } = first;
  // yuv420p halves chroma both ways: odd sizes are refused by libx264 (and cropped by others).
  if (width < 2 || height < 2 || width % 2 !== 0 || height % 2 !== 0) {
    throw new VideoError(`video frames must have an even width and height, got ${width}×${height}`);
  }
  input.frames.forEach((frame, index) => {
    if (frame.width !== width || frame.height !== height || frame.data.length !== width * height * 3) {
      throw new VideoError(
        `frame ${index} is ${frame.width}×${frame.height} (${frame.data.length} bytes); every frame must be ${width}×${height} RGB`,
      );
    }
  });
  return { width, height };
}

export async function encodeVideo(input: EncodeInput, options: EncodeOptions = {}): Promise<Uint8Array> {
  const { width, height } = check(input);
  const codec =
    input.format === 'mp4'
      ? ['-c:v', 'libx264', '-preset', 'medium', '-crf', String(options.crf ?? 18), '-movflags', '+faststart']
      : ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', String(options.crf ?? 30), '-deadline', 'good', '-cpu-used', '4'];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-video-'));
  const out = path.join(dir, `out.${input.format}`);
  try {
    const result = await runFfmpeg({
      binary: options.ffmpeg ?? ffmpegBinary().path,
      args: [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
        ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(input.fps), '-i', '-'],
        ...['-threads', '1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1'],
        ...codec,
        ...['-pix_fmt', 'yuv420p', '-r', String(input.fps), '-frames:v', String(input.frames.length), out],
      ],
      input: input.frames.map((frame) => frame.data),
      label: `encoding ${input.frames.length} frames to ${input.format}`,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.code !== 0) {
      throw new VideoError(`ffmpeg could not encode the ${input.format}: ${ffmpegComplaint(result.stderr)}`);
    }
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
