/**
 * Which ffmpeg to run. First the binary shipped inside the `@ffmpeg-installer/ffmpeg` npm package (a
 * static build with libx264 and libvpx, so `npm install` alone is enough and nothing is downloaded),
 * then `ffmpeg` on PATH, else a clear error naming both. `SEEDSNAP_FFMPEG` names a binary outright.
 *
 * Why a program and not a library: ffmpeg is GPL, spawned as a separate program it stays one; and a
 * crash or a hostile clip inside it cannot take the harness down with it.
 *
 * The one trap: encoded bytes depend on the ffmpeg build (x264 writes its version into the stream), so
 * baselines made with one binary and compared with another differ in bytes — decoded pixels of H.264
 * agree across the builds measured, which is why comparison is always on decoded frames.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FfmpegMissingError } from './errors.js';

export interface FfmpegBinary {
  path: string;
  /** Where it was found: the npm package, PATH, or SEEDSNAP_FFMPEG. */
  source: 'package' | 'path' | 'env';
}

export interface FindFfmpegOptions {
  /** Default: process.env (PATH and SEEDSNAP_FFMPEG are read from it). */
  env?: NodeJS.ProcessEnv;
  /** Look in the npm package first (default true); tests turn it off to reach the PATH fallback. */
  usePackage?: boolean;
  /** Default: process.platform (decides `ffmpeg.exe` and the PATH separator). */
  platform?: NodeJS.Platform;
}

export const FFMPEG_PACKAGE = '@ffmpeg-installer/ffmpeg';

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The package's binary, or why there is none (the package throws a bare string on an unknown platform). */
function fromPackage(): { path: string } | { reason: string } {
  try {
    const required = createRequire(import.meta.url)(FFMPEG_PACKAGE) as { path?: unknown };
    if (typeof required.path !== 'string') return { reason: `${FFMPEG_PACKAGE} gave no binary path` };
    if (!executable(required.path)) return { reason: `${required.path} is not an executable file` };
    return { path: required.path };
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { reason: `${FFMPEG_PACKAGE} is not usable here (${text})` };
  }
}

function fromPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const name = platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
  const separator = platform === 'win32' ? ';' : ':';
  for (const dir of (env.PATH ?? env.Path ?? '').split(separator)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** Find an ffmpeg to run; throws FfmpegMissingError (exit 2) naming every place looked in and how to fix it. */
export function findFfmpeg(options: FindFfmpegOptions = {}): FfmpegBinary {
  const env = options.env ?? process.env;
  const named = env.SEEDSNAP_FFMPEG?.trim();
  if (named) {
    if (executable(named)) return { path: named, source: 'env' };
    throw new FfmpegMissingError(
      `SEEDSNAP_FFMPEG is ${JSON.stringify(named)}, which is not an executable file`,
      'point SEEDSNAP_FFMPEG at an ffmpeg binary, or unset it to use the one npm installed',
    );
  }
  const packaged = options.usePackage === false ? { reason: `${FFMPEG_PACKAGE} was not asked` } : fromPackage();
  if ('path' in packaged) return { path: packaged.path, source: 'package' };
  const onPath = fromPath(env, options.platform ?? process.platform);
  if (onPath) return { path: onPath, source: 'path' };
  throw new FfmpegMissingError(
    `video cases need ffmpeg, and there is none: ${packaged.reason}, and no ffmpeg is on PATH`,
    `run npm install (it installs ${FFMPEG_PACKAGE} with its binary for Linux, macOS and Windows), ` +
      'or install ffmpeg (apt-get install ffmpeg, brew install ffmpeg), or set SEEDSNAP_FFMPEG to a binary',
  );
}

let cached: FfmpegBinary | undefined;

/** findFfmpeg() once per process with the default options. */
export function ffmpegBinary(): FfmpegBinary {
  cached ??= findFfmpeg();
  return cached;
}
