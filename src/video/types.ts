/** What the video codec wrapper hands out: containers it speaks, a clip's header, decoded frames. */
import type { RgbaImage, RgbImage } from '../image/types.js';

import type { VideoFormat } from '../types/video.js';

export type { VideoFormat };

export const VIDEO_FORMATS: readonly VideoFormat[] = ['mp4', 'webm'];

/** A clip as its header describes it, read before any frame is decoded. */
export interface VideoInfo {
  format: VideoFormat;
  /** The codec ffmpeg names, e.g. `h264`, `vp9`. */
  codec: string;
  width: number;
  height: number;
  /** Frames per second (the stream's nominal rate). */
  fps: number;
  /** Seconds, from the container; undefined when it does not say. */
  duration: number | undefined;
}

/** One decoded frame: its position in the clip and its pixels. */
export interface VideoFrame {
  index: number;
  /** Seconds from the start: index / fps. */
  time: number;
  image: RgbaImage;
}

/** A whole decoded clip. `frameCount` is what was decoded, not what the header claimed. */
export interface DecodedVideo extends VideoInfo {
  frameCount: number;
  frames: VideoFrame[];
}

/** Frames to encode: all the same size, RGB without alpha (what the built-in models render). */
export interface EncodeInput {
  frames: readonly RgbImage[];
  fps: number;
  format: VideoFormat;
}
