/**
 * The run folder: `reports/<run-id>/` with actual/, expected/, diff/, the
 * journal of results as they arrive, and the reports. Self-contained, so it
 * can be uploaded as a CI artifact and reviewed elsewhere.
 */
import { appendFile, lstat, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaFormat } from '../types/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { imageStem } from '../util/ids.js';
import { linkOrCopy } from '../util/link.js';
import { resolveInside } from '../util/safe-path.js';
import { writingTo } from './disk.js';

export const JOURNAL_FILE = 'journal.jsonl';
/** Points at the newest run, for commands run without --run. */
export const LATEST_FILE = '.latest-run';

export type ImageRole = 'actual' | 'expected' | 'diff';

export function extensionOf(format: MediaFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}

/** Where one line of the journal is: its first byte, and its length in bytes without the line break. */
export interface JournalSpan {
  offset: number;
  length: number;
}

interface JournalBatch {
  /** As bytes: a line waits for its append outside the JS heap, not as a string the heap keeps. */
  lines: Buffer[];
  /** The offset of each line, once the append that took them has ended. */
  written: Promise<number[]>;
}

export class RunFolder {
  readonly dir: string;
  readonly runId: string;
  /** Settles when every append asked for so far has ended; it never rejects, so one failure does not stop the next. */
  private journalChain: Promise<void> = Promise.resolve();
  /** Lines waiting for the next append. Cases finish in bursts; one append takes every line waiting. */
  private waiting: JournalBatch | undefined;
  /** The last append failed, maybe half-way through a line: the next one starts on a fresh line. */
  private journalBroken = false;
  /** Bytes in the journal after this folder's last append; undefined before the first and after a failed one. */
  private journalSize: number | undefined;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    this.runId = path.basename(this.dir);
  }

  /** Path relative to the run folder, with forward slashes (as results.json stores it). */
  relativeImagePath(role: ImageRole, key: string, format: MediaFormat): string {
    return `${role}/${imageStem(key)}.${extensionOf(format)}`;
  }

  resolve(relative: string): string {
    return resolveInside(this.dir, relative);
  }

  /** Write a file at a path relative to the run folder (inside it, never out of it); returns the path. */
  async writeFile(relative: string, bytes: Uint8Array): Promise<string> {
    const target = this.resolve(relative);
    await writingTo(target, () => writeFileAtomic(target, bytes, { durable: false }));
    return relative;
  }

  async writeImage(role: ImageRole, key: string, format: MediaFormat, bytes: Uint8Array): Promise<string> {
    const relative = this.relativeImagePath(role, key, format);
    const target = this.resolve(relative);
    // Not flushed: like the journal, a run folder can be made again, and a flush per image slows every case.
    await writingTo(target, () => writeFileAtomic(target, bytes, { durable: false }));
    return relative;
  }

  /**
   * An image already on disk (a baseline) put in the run folder without writing its bytes: hard-linked, or
   * copied where a link cannot be made. Baselines are replaced by rename, never written in place, so the run
   * folder keeps the old image whole when its baseline is replaced. `bytes` are what was read and compared:
   * when the file linked holds anything else (replaced meanwhile, a staged write, a symlink), they are
   * written instead, so the run folder always shows what was compared.
   */
  async linkImage(
    role: ImageRole,
    key: string,
    format: MediaFormat,
    from: { source: string; bytes: Uint8Array },
  ): Promise<string> {
    const relative = this.relativeImagePath(role, key, format);
    const target = this.resolve(relative);
    await writingTo(target, async () => {
      const linked = await linkOrCopy({ source: from.source, target }).then(
        () => holds(target, from.bytes),
        () => false,
      );
      if (!linked) await writeFileAtomic(target, from.bytes, { durable: false });
    });
    return relative;
  }

  get journalPath(): string {
    return path.join(this.dir, JOURNAL_FILE);
  }

  /**
   * Append one JSON line; resolves once it is written, with where it is (so a case can be read back from the
   * journal instead of held), rejects (WriteFailure) when the append that took it failed. Appends are
   * serialised so lines never interleave, and each takes every line queued meanwhile (a burst of 8 results:
   * 1–2 appends, not 8).
   */
  journal(entry: unknown): Promise<JournalSpan> {
    let line: Buffer;
    try {
      line = Buffer.from(`${JSON.stringify(entry)}\n`);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!this.waiting) {
      const batch: JournalBatch = { lines: [], written: Promise.resolve([]) };
      batch.written = this.journalChain.then(() => {
        if (this.waiting === batch) this.waiting = undefined;
        return this.append(batch.lines);
      });
      this.waiting = batch;
      this.journalChain = batch.written.then(
        () => undefined,
        () => undefined,
      );
    }
    const index = this.waiting.lines.push(line) - 1;
    return this.waiting.written.then((offsets) => ({ offset: offsets[index] ?? 0, length: line.length - 1 }));
  }

  /** Append the lines; returns the offset of each in the journal. */
  private async append(lines: readonly Buffer[]): Promise<number[]> {
    const file = this.journalPath;
    return writingTo(file, async () => {
      // The journal's size before this folder's first append (a resumed run's journal is not empty).
      this.journalSize ??= await stat(file).then(
        (stats) => stats.size,
        () => 0,
      );
      const fresh = this.journalBroken ? '\n' : '';
      try {
        await appendFile(file, Buffer.concat(fresh ? [Buffer.from(fresh), ...lines] : lines));
        this.journalBroken = false;
      } catch (error) {
        this.journalBroken = true;
        // Part of the text may have been written: the size is asked again before the next append.
        this.journalSize = undefined;
        throw error;
      }
      let at = this.journalSize + fresh.length;
      const offsets = lines.map((line) => {
        const offset = at;
        at += line.length;
        return offset;
      });
      this.journalSize = at;
      return offsets;
    });
  }

  flushJournal(): Promise<void> {
    return this.journalChain;
  }
}

function timestamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** Create `reports/<stamp>-<label>/` (never reusing an existing folder) and point `.latest-run` at it. */
export async function createRunFolder(
  reportsDir: string,
  label: string,
  now: Date,
  explicitDir?: string,
): Promise<RunFolder> {
  if (explicitDir) {
    await mkdir(explicitDir, { recursive: true });
    return withImageFolders(new RunFolder(explicitDir));
  }
  await mkdir(reportsDir, { recursive: true });
  const base = `${timestamp(now)}-${label}`;
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    const dir = path.join(reportsDir, name);
    try {
      await mkdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await writeFileAtomic(path.join(reportsDir, LATEST_FILE), `${name}\n`);
    return withImageFolders(new RunFolder(dir));
  }
}

/** actual/, expected/ and diff/ exist in every run folder, even when a run wrote nothing to one of them. */
async function withImageFolders(folder: RunFolder): Promise<RunFolder> {
  for (const role of ['actual', 'expected', 'diff'] as const)
    await mkdir(path.join(folder.dir, role), { recursive: true });
  return folder;
}

/** The file is a regular file (not a symlink) holding exactly these bytes: read back from the page cache. */
async function holds(file: string, bytes: Uint8Array): Promise<boolean> {
  const stats = await lstat(file);
  if (!stats.isFile() || stats.size !== bytes.byteLength) return false;
  return Buffer.compare(await readFile(file), bytes) === 0;
}
