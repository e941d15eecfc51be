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
import { resolveInside } from '../util/safe-path.js';
import { imageStem } from './keys.js';

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
}

export interface Baseline {
  sidecar: BaselineSidecar;
  bytes: Uint8Array;
  imagePath: string;
  sidecarPath: string;
}

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

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  sidecarPath(key: string): string {
    return resolveInside(this.root, `${imageStem(key)}.json`);
  }

  imagePath(key: string, format: ImageFormat): string {
    return resolveInside(this.root, `${imageStem(key)}.${format === 'jpeg' ? 'jpg' : 'png'}`);
  }

  /** The baseline of a key, undefined when there is none; throws BaselineError when it is damaged. */
  async read(key: string): Promise<Baseline | undefined> {
    const sidecarPath = this.sidecarPath(key);
    let text: string;
    try {
      text = await readFile(sidecarPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let sidecar: BaselineSidecar;
    try {
      sidecar = JSON.parse(text) as BaselineSidecar;
    } catch {
      throw new BaselineError(`baseline sidecar ${sidecarPath} is not valid JSON`, 'approve this case again to rewrite it');
    }
    if (typeof sidecar.image !== 'string' || path.basename(sidecar.image) !== sidecar.image) {
      throw new BaselineError(`baseline sidecar ${sidecarPath} names no image file`, 'approve this case again');
    }
    const imagePath = path.join(path.dirname(sidecarPath), sidecar.image);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(imagePath));
    } catch {
      throw new BaselineError(`baseline image ${imagePath} is missing`, 'approve this case again to restore it');
    }
    if (sha256(bytes) !== sidecar.sha256) {
      throw new BaselineError(
        `baseline image ${imagePath} does not match its sidecar's sha256`,
        'the pair was changed by hand or half-written; approve this case again',
      );
    }
    return { sidecar, bytes, imagePath, sidecarPath };
  }

  /** Write image then sidecar, each atomically; an image of another format left from before is removed. */
  async write(baseline: NewBaseline, now: Date = new Date()): Promise<BaselineSidecar> {
    const header = readImageHeader(baseline.bytes);
    if (!header) throw new BaselineError(`refusing to store ${baseline.key}: the bytes are not a PNG or JPEG`);
    const imagePath = this.imagePath(baseline.key, baseline.format);
    const sidecarPath = this.sidecarPath(baseline.key);
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
    };
    await writeFileAtomic(imagePath, baseline.bytes);
    await writeJsonAtomic(sidecarPath, sidecar);
    if (previous && previous.image !== sidecar.image) {
      await rm(path.join(path.dirname(sidecarPath), previous.image), { force: true });
    }
    return sidecar;
  }

  private async readSidecarQuietly(sidecarPath: string): Promise<BaselineSidecar | undefined> {
    try {
      return JSON.parse(await readFile(sidecarPath, 'utf8')) as BaselineSidecar;
    } catch {
      return undefined;
    }
  }
}
