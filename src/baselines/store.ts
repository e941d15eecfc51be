/**
 * Baselines on disk: for each image key, the image bytes and a JSON sidecar
 * holding the full request, its fingerprint, provider, model, sha256, size and
 * when it was approved. The sidecar is written last and names the image file
 * and its sha256, so a reader can always tell whether the pair belongs together.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../compare/compare.js';
import { SeedsnapError } from '../errors.js';
import { readImageHeader } from '../image/sniff.js';
import type { ImageFormat, ImageRequest } from '../types.js';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.js';
import { mkdirInside, readFileInside, realPathInside, resolveInside } from '../util/safe-path.js';
import { imageStem } from './keys.js';
import { withLock } from './lock.js';
import { parseSidecar } from './sidecar.js';

export const SIDECAR_SCHEMA_VERSION = 1;

export interface BaselineSidecar {
  schemaVersion: number;
  /** The image key: case id, plus `#i` for image i > 0 of a request with n > 1. */
  id: string;
  /** Image file name, beside the sidecar. */
  image: string;
  request: ImageRequest;
  fingerprint: string;
  provider: string;
  model: string;
  /** Which revision answered; information only, never part of the key. */
  modelRevision?: string;
  sha256: string;
  width: number;
  height: number;
  format: ImageFormat;
  bytes: number;
  approvedAt: string;
  /** Run the image was approved from. */
  approvedFrom?: string;
  /** Named variant (see BaselineStoreOptions.variant). */
  variant?: string;
}

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
}

const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface NewBaseline {
  key: string;
  bytes: Uint8Array;
  format: ImageFormat;
  request: ImageRequest;
  fingerprint: string;
  provider: string;
  modelRevision?: string;
  approvedFrom?: string;
}

export class BaselineError extends SeedsnapError {
  constructor(message: string, hint?: string) {
    super('BASELINE_CORRUPT', message, { exitCode: 1, ...(hint ? { hint } : {}) });
    this.name = 'BaselineError';
  }
}

export class BaselineStore {
  readonly root: string;
  readonly variant: string | undefined;

  constructor(root: string, options: BaselineStoreOptions = {}) {
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

  imagePath(key: string, format: ImageFormat, at: { variant: string | undefined } = { variant: this.variant }): string {
    return resolveInside(this.root, `${this.stem(key, at.variant)}.${format === 'jpeg' ? 'jpg' : 'png'}`);
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

  private async readAt(key: string, variant: string | undefined, tries = 3): Promise<Baseline | undefined> {
    const sidecarPath = this.sidecarPath(key, { variant });
    let text: string;
    try {
      // Through no symlink that leaves baselines/: a planted link must not pass another file off as a baseline.
      text = await readFile(await realPathInside(this.root, path.relative(this.root, sidecarPath)), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (error instanceof SeedsnapError) throw new BaselineError(error.message, error.hint);
      throw error;
    }
    const parsed = parseSidecar(text);
    if (!parsed.sidecar) {
      throw new BaselineError(`baseline sidecar ${sidecarPath} ${parsed.problem}`, 'approve this case again to rewrite it');
    }
    const sidecar = parsed.sidecar;
    const imagePath = path.join(path.dirname(sidecarPath), sidecar.image);
    let bytes: Uint8Array;
    try {
      bytes = await readFileInside(this.root, path.relative(this.root, imagePath));
    } catch (error) {
      if (error instanceof SeedsnapError) throw new BaselineError(error.message, error.hint);
      throw new BaselineError(`baseline image ${imagePath} is missing`, 'approve this case again to restore it');
    }
    if (sha256(bytes) !== sidecar.sha256) {
      // Another process may be between writing the image and its sidecar: look again before crying corruption.
      if (tries > 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return this.readAt(key, variant, tries - 1);
      }
      throw new BaselineError(
        `baseline image ${imagePath} does not match its sidecar's sha256`,
        'the pair was changed by hand or half-written; approve this case again',
      );
    }
    return { sidecar, bytes, imagePath, sidecarPath, ...(variant ? { variant } : {}) };
  }

  /** Write image then sidecar, each atomically; an image of another format left from before is removed. */
  async write(baseline: NewBaseline, now: Date = new Date()): Promise<BaselineSidecar> {
    const header = readImageHeader(baseline.bytes);
    if (!header) throw new BaselineError(`refusing to store ${baseline.key}: the bytes are not a PNG or JPEG`);
    const imagePath = this.imagePath(baseline.key, baseline.format);
    const sidecarPath = this.sidecarPath(baseline.key);
    await mkdirInside(this.root, path.dirname(sidecarPath));
    return withLock(`${sidecarPath}.lock`, () => this.writeLocked(baseline, imagePath, sidecarPath, header, now));
  }

  private async writeLocked(
    baseline: NewBaseline,
    imagePath: string,
    sidecarPath: string,
    header: { width: number; height: number },
    now: Date,
  ): Promise<BaselineSidecar> {
    const previous = await this.readSidecarQuietly(sidecarPath);
    const sidecar: BaselineSidecar = {
      schemaVersion: SIDECAR_SCHEMA_VERSION,
      id: baseline.key,
      image: path.basename(imagePath),
      request: baseline.request,
      fingerprint: baseline.fingerprint,
      provider: baseline.provider,
      model: baseline.request.model,
      ...(baseline.modelRevision ? { modelRevision: baseline.modelRevision } : {}),
      sha256: sha256(baseline.bytes),
      width: header.width,
      height: header.height,
      format: baseline.format,
      bytes: baseline.bytes.byteLength,
      approvedAt: now.toISOString(),
      ...(baseline.approvedFrom ? { approvedFrom: baseline.approvedFrom } : {}),
      ...(this.variant ? { variant: this.variant } : {}),
    };
    await writeFileAtomic(imagePath, baseline.bytes);
    await writeJsonAtomic(sidecarPath, sidecar);
    if (previous && previous.image !== sidecar.image) {
      await rm(path.join(path.dirname(sidecarPath), previous.image), { force: true });
    }
    return sidecar;
  }

  private async readSidecarQuietly(sidecarPath: string): Promise<BaselineSidecar | undefined> {
    return readFile(sidecarPath, 'utf8').then(
      (text) => parseSidecar(text).sidecar,
      () => undefined,
    );
  }
}
