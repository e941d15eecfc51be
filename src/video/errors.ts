import { SeedsnapError } from '../types/errors.js';

/**
 * A clip that cannot (or must not) be decoded or encoded. Exit code 1 like a bad image: a case that
 * meets it is an `error`, the others go on.
 */
export class VideoError extends SeedsnapError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('VIDEO_DECODE', message, { exitCode: 1, ...options });
    this.name = 'VideoError';
  }
}

/** No ffmpeg to run: a setup problem, so exit code 2 with the ways to get one. */
export class FfmpegMissingError extends SeedsnapError {
  constructor(message: string, hint: string) {
    super('FFMPEG_MISSING', message, { exitCode: 2, hint });
    this.name = 'FfmpegMissingError';
  }
}
