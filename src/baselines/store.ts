import path from 'node:path';
import { readImageHeader } from '../image/sniff.js';
import { SeedsnapError } from '../types/errors.js';
import type { ImageRequest, MediaFormat } from '../types/index.js';
import { sha256 } from '../util/hash.js';
import { imageStem } from '../util/ids.js';
import { mkdirInside, readFileInside, resolveInside } from '../util/safe-path.js';
import { expectedFrames, readVideoInfo } from '../video/decode.js';
import { sniffVideo } from '../video/sniff.js';
import { withLock } from './lock.js';
import { type BaselineWriteStep, readStaged, replacePair, settlePair, stagedPath } from './pair.js';
import { type BaselineSidecar, parseSidecar, SIDECAR_SCHEMA_VERSION } from './sidecar.js';

export interface Baseline {
  sidecar: BaselineSidecar;
  bytes: Uint8Array;
  imagePath: string;
  sidecarPath: string;
  /** The named variant this baseline belongs to; undefined for the default one. */
  variant?: string;
}

export interface BaselineStoreOptions {
  /**
   * Named variant (a GPU type, an inference stack): its baselines live beside the default ones as
   * `seed=1@<variant>.png`. Reads fall back to the default baseline when the variant has none.
   */
  variant?: string;
  /** Told after each step of a write, in order; crash tests kill the process here to prove every step safe. */
  onStep?: (step: BaselineWriteStep) => void;
}

export { BASELINE_WRITE_STEPS, type BaselineWriteStep } from './pair.js';

const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What a new baseline is of: a suite case's request (with its fingerprint), or a test's name. */
export type BaselineOrigin =
  | { request: ImageRequest; fingerprint: string; provider: string; modelRevision?: string }
  | { test: string };

export type NewBaseline = BaselineOrigin & {
  key: string;
  bytes: Uint8Array;
  format: MediaFormat;
  approvedFrom?: string;
};

export class BaselineError extends SeedsnapError {
  constructor(message: string, hint?: string) {
    super('BASELINE_CORRUPT', message, { exitCode: 1, ...(hint ? { hint } : {}) });
    this.name = 'BaselineError';
  }
}

export class BaselineStore {
  readonly root: string;
  readonly variant: string | undefined;
  private readonly step: (step: BaselineWriteStep) => void;

  constructor(root: string, options: BaselineStoreOptions = {}) {
    this.step = options.onStep ?? (() => {});
    this.root = path.resolve(root);
    if (options.variant !== undefined && !VARIANT_NAME.test(options.variant)) {
      throw new SeedsnapError('USAGE', `variant name "${options.variant}" is not a safe name`, {
        hint: 'use letters, digits, ".", "_" and "-", e.g. --variant a100',
      });
    }
    this.variant = options.variant;
  }

  private stem(key: string, variant: string | undefined): string {
    return variant ? `${imageStem(key)}@${variant}` : imageStem(key);
  }

  /** Sidecar path of a key in this store's variant; `{ variant: undefined }` asks for the default one. */
  sidecarPath(key: string, at: { variant: string | undefined } = { variant: this.variant }): string {
    return resolveInside(this.root, `${this.stem(key, at.variant)}.json`);
  }

  imagePath(key: string, format: MediaFormat, at: { variant: string | undefined } = { variant: this.variant }): string {
    return resolveInside(this.root, `${this.stem(key, at.variant)}.${format === 'jpeg' ? 'jpg' : format}`);
  }

  /**
   * The baseline of a key (this store's variant first, then the default), undefined when there is
   * none; throws BaselineError when it is damaged.
   */
  async read(key: string): Promise<Baseline | undefined> {
    if (this.variant) {
      const own = await this.readAt(key, this.variant);
      if (own) return own;
    }
    return this.readAt(key, undefined);
  }

  private async readAt(key: string, variant: string | undefined): Promise<Baseline | undefined> {
    const sidecarPath = this.sidecarPath(key, { variant });
    // Without a lock first: readers are many and writers rare. A pair that does not hold together
    // is most likely being replaced this moment (we read its old sidecar, then its new image).
    for (let pass = 0; pass < 3; pass++) {
      const seen = await this.readPair(key, sidecarPath, variant);
      if (!('problem' in seen)) return seen.baseline;
    }
    // Still changing under us: once more holding the case's lock, so that no writer is half way.
    const seen = await withLock(`${sidecarPath}.lock`, () => this.readPair(key, sidecarPath, variant)).catch(
      (error: unknown) => {
        if (error instanceof SeedsnapError) throw error;
        return undefined; // e.g. a read-only checkout: no lock to take, so judge what we saw
      },
    );
    const final = seen ?? (await this.readPair(key, sidecarPath, variant));
    if (!('problem' in final)) return final.baseline;
    throw new BaselineError(final.problem, 'the pair was changed by hand; approve this case again to rewrite it');
  }

  /**
   * One look at a pair. A staged sidecar is a committed change whose writer is finishing it (or was
   * killed doing so): the new pair, its image staged or already in place.
   */
  private async readPair(
    key: string,
    sidecarPath: string,
    variant: string | undefined,
  ): Promise<{ baseline: Baseline | undefined } | { problem: string }> {
    const staged = await readStaged(sidecarPath);
    let sidecar: BaselineSidecar;
    if (staged) {
      sidecar = staged;
    } else {
      const text = await this.readInside(sidecarPath, 'sidecar');
      if (text === undefined) return { baseline: undefined };
      const parsed = parseSidecar(Buffer.from(text).toString('utf8'), key);
      if (!parsed.sidecar) {
        throw new BaselineError(
          `baseline sidecar ${sidecarPath} ${parsed.problem}`,
          'approve this case again to rewrite it',
        );
      }
      sidecar = parsed.sidecar;
    }
    const imagePath = path.join(path.dirname(sidecarPath), sidecar.image);
    const bytes =
      (staged ? await this.readInside(stagedPath(imagePath), 'image') : undefined) ??
      (await this.readInside(imagePath, 'image'));
    if (!bytes) return { problem: `baseline image ${imagePath} is missing` };
    if (sha256(bytes) !== sidecar.sha256)
      return { problem: `baseline image ${imagePath} does not match its sidecar's sha256` };
    if (sidecar.bytes === 0) sidecar = { ...sidecar, bytes: bytes.byteLength };
    return { baseline: { sidecar, bytes, imagePath, sidecarPath, ...(variant ? { variant } : {}) } };
  }

  /** A file of the store, undefined when it does not exist; never through a symlink that leaves the store. */
  private async readInside(file: string, what: 'sidecar' | 'image'): Promise<Uint8Array | undefined> {
    try {
      return await readFileInside(this.root, path.relative(this.root, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (error instanceof SeedsnapError) throw new BaselineError(error.message, error.hint);
      throw new BaselineError(
        `baseline ${what} ${file} cannot be read (${(error as Error).message})`,
        'check its permissions, or approve this case again',
      );
    }
  }

  /**
   * Replace the key's pair (image + sidecar) as one change, under the key's lock; first finishes or
   * throws away what a killed writer of this key left. An image of the other format is removed.
   */
  async write(baseline: NewBaseline, now: Date = new Date()): Promise<BaselineSidecar> {
    const header = readImageHeader(baseline.bytes) ?? (await videoHeader(baseline));
    if (!header) {
      throw new BaselineError(`refusing to store ${baseline.key}: the bytes are not a PNG, JPEG, MP4 or WEBM`);
    }
    const imagePath = this.imagePath(baseline.key, baseline.format);
    const sidecarPath = this.sidecarPath(baseline.key);
    await mkdirInside(this.root, path.dirname(sidecarPath));
    return withLock(`${sidecarPath}.lock`, () => this.writeLocked(baseline, imagePath, sidecarPath, header, now));
  }

  private async writeLocked(
    baseline: NewBaseline,
    imagePath: string,
    sidecarPath: string,
    header: { width: number; height: number; video?: BaselineSidecar['video'] },
    now: Date,
  ): Promise<BaselineSidecar> {
    this.step('locked');
    await settlePair(sidecarPath);
    const origin =
      'test' in baseline
        ? { test: baseline.test }
        : {
            request: baseline.request,
            fingerprint: baseline.fingerprint,
            provider: baseline.provider,
            model: baseline.request.model,
            ...(baseline.modelRevision ? { modelRevision: baseline.modelRevision } : {}),
          };
    const sidecar: BaselineSidecar = {
      schemaVersion: SIDECAR_SCHEMA_VERSION,
      id: baseline.key,
      image: path.basename(imagePath),
      ...origin,
      sha256: sha256(baseline.bytes),
      width: header.width,
      height: header.height,
      format: baseline.format,
      ...(header.video ? { video: header.video } : {}),
      bytes: baseline.bytes.byteLength,
      approvedAt: now.toISOString(),
      ...(baseline.approvedFrom ? { approvedFrom: baseline.approvedFrom } : {}),
      ...(this.variant ? { variant: this.variant } : {}),
    };
    await replacePair({ sidecarPath, sidecar, bytes: baseline.bytes, onStep: this.step });
    return sidecar;
  }
}

/** A clip's size, rate and length from its header (ffmpeg), undefined when the bytes are not a clip. */
async function videoHeader(
  baseline: NewBaseline,
): Promise<{ width: number; height: number; video: BaselineSidecar['video'] } | undefined> {
  if (!sniffVideo(baseline.bytes)) return undefined;
  try {
    const info = await readVideoInfo(baseline.bytes);
    const frameCount = expectedFrames(info) ?? 0;
    return { width: info.width, height: info.height, video: { fps: info.fps, frameCount, duration: info.duration } };
  } catch (error) {
    throw new BaselineError(`refusing to store ${baseline.key}: ${(error as Error).message}`);
  }
}
