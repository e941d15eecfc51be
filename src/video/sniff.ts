/**
 * A clip's container from its first bytes, and its header as ffmpeg reads it. Decoding always names
 * the container it sniffed (`-f mov` / `-f matroska`), so bytes from a server can never make ffmpeg
 * read a playlist, a concat script or another file: only the two containers seedsnap writes.
 */
import { VideoError } from './errors.js';
import type { VideoFormat, VideoInfo } from './types.js';

export function sniffVideo(bytes: Uint8Array): VideoFormat | undefined {
  // ISO base media: a box whose type is `ftyp` first.
  if (bytes.length >= 12 && bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) {
    return 'mp4';
  }
  // EBML magic; WEBM is Matroska with a `webm` doctype, and ffmpeg's matroska demuxer reads both.
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    return 'webm';
  }
  return undefined;
}

/** The demuxer ffmpeg must use for a sniffed container. */
export function demuxerOf(format: VideoFormat): string {
  return format === 'mp4' ? 'mov' : 'matroska';
}

/** MIME type for serving and for the report's <video>. */
export function videoMime(format: VideoFormat): string {
  return format === 'mp4' ? 'video/mp4' : 'video/webm';
}

/**
 * The first video stream's header from what `ffmpeg -i FILE` prints, e.g.
 * `Duration: 00:00:02.00, …` and `Stream #0:0(und): Video: h264 (High) (avc1 / …), yuv420p, 256x256 [SAR 1:1 DAR 1:1], 33 kb/s, 8 fps, 8 tbr, …`.
 */
export function parseStreamInfo(stderr: string, format: VideoFormat): VideoInfo {
  const stream = /Stream #\d+:\d+[^:]*: Video: ([^\n]*)/.exec(stderr)?.[1];
  if (stream === undefined) throw new VideoError(`the ${format} holds no video stream`);
  const codec = /^([A-Za-z0-9_]+)/.exec(stream)?.[1] ?? 'unknown';
  // The size is the first WxH after the codec, not inside a parenthesis like "(avc1 / 0x31637661)".
  const size = /(?:^|[\s,])(\d{1,6})x(\d{1,6})(?=[\s,[]|$)/.exec(stream);
  const rate = /([\d.]+)(k?) fps/.exec(stream) ?? /([\d.]+)(k?) tbr/.exec(stream);
  if (!size) throw new VideoError(`the ${format}'s video stream has no readable size ("${stream.slice(0, 120)}")`);
  if (!rate) throw new VideoError(`the ${format}'s video stream has no frame rate ("${stream.slice(0, 120)}")`);
  const fps = Number(rate[1]) * (rate[2] === 'k' ? 1000 : 1);
  const clock = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  const duration = clock ? Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]) : undefined;
  return { format, codec, width: Number(size[1]), height: Number(size[2]), fps, duration };
}
