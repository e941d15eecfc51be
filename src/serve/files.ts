/**
 * Images answered with `response_format: "url"`: kept in memory and served
 * from the same server under /files/ for a limited time, like the short-lived
 * links a hosted API returns. The server also resolves these URLs when a
 * request names one as `image_url` or in `reference_images`.
 */
import { randomBytes } from 'node:crypto';
import type { ImageFormat } from '../types/index.js';

export interface StoredFile {
  bytes: Uint8Array;
  format: ImageFormat;
  expiresAt: number;
}

export const FILE_PATH = /^\/files\/([0-9a-f]{24})\.(png|jpg)$/;

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // Expired files are refused on access anyway; the sweep only frees their memory.
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(ttlMs, 60_000)));
    this.sweeper.unref();
  }

  /** Keep `bytes` and return the path it is served under. */
  put(bytes: Uint8Array, format: ImageFormat): string {
    const id = randomBytes(12).toString('hex');
    this.files.set(id, { bytes, format, expiresAt: this.now() + this.ttlMs });
    return `/files/${id}.${format === 'png' ? 'png' : 'jpg'}`;
  }

  /** A path that looks like a file's and leads nowhere (the bad-URL fault). */
  missingPath(format: ImageFormat): string {
    return `/files/${randomBytes(12).toString('hex')}.${format === 'png' ? 'png' : 'jpg'}`;
  }

  /** The file at `pathname`: undefined when unknown, 'expired' once its time is up. */
  get(pathname: string): StoredFile | 'expired' | undefined {
    const id = FILE_PATH.exec(pathname)?.[1];
    const file = id === undefined ? undefined : this.files.get(id);
    if (!file) return undefined;
    if (file.expiresAt <= this.now()) return 'expired';
    return file;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.files.clear();
  }

  private sweep(): void {
    const now = this.now();
    // Expired entries stay a while longer, so their URL answers "expired" rather than "unknown".
    for (const [id, file] of this.files) if (file.expiresAt + this.ttlMs < now) this.files.delete(id);
  }
}
