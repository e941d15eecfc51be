/**
 * Cleaning up after a seedsnap that was killed: temporary files (`.seedsnap-tmp-…`)
 * it never renamed, lock files it never removed, and baseline changes it staged
 * (pair.ts) but did not finish. Readers already see through all of these; this
 * only tidies the folder, so nothing piles up in a repository.
 *
 * What is whose: a temporary file is named `<target>.<pid>.<hex>` and a lock
 * holds its owner's pid. Either is left alone while its process lives and it is
 * younger than STALE_MS (a live owner touches its lock; a write takes moments).
 * A staged change is finished or thrown away only under its case's lock, so a
 * live writer is never disturbed.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_MARKER } from '../util/atomic.js';
import { alive, isStale, STALE_MS, withLock } from './lock.js';
import { STAGED_MARKER, settlePair } from './pair.js';

export interface SweepOptions {
  /** Look into subfolders (default true): all of baselines/, only the top of a run folder. */
  recursive?: boolean;
}

export interface SweepOutcome {
  /** Temporary and lock files removed. */
  removed: string[];
  /** Sidecars whose unfinished change was finished or thrown away. */
  settled: string[];
}

/** The pid in a temporary file's name (`….<pid>.<hex>`), or undefined when it has none. */
function pidOfTemp(name: string): number | undefined {
  const match = /\.(\d+)\.[0-9a-f]+$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

async function staleTemp(file: string, now: number): Promise<boolean> {
  const pid = pidOfTemp(path.basename(file));
  if (pid !== undefined && pid !== process.pid && !alive(pid)) return true;
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && now - info.mtimeMs > STALE_MS;
}

/** The sidecar a staged file belongs to: `.seedsnap-staged-seed=1.png` → `seed=1.json`. */
function sidecarOfStaged(file: string): string {
  const name = path.basename(file).slice(STAGED_MARKER.length);
  return path.join(path.dirname(file), `${name.replace(/\.(png|jpg|mp4|webm|json)$/, '')}.json`);
}

/** Tidying never stops what it runs beside (a run's end, a listing): a file it cannot remove stays. */
function removed(file: string): Promise<boolean> {
  return rm(file, { force: true }).then(
    () => true,
    () => false,
  );
}

export async function sweepStale(root: string, options: SweepOptions = {}): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { removed: [], settled: [] };
  const entries = await readdir(path.resolve(root), {
    recursive: options.recursive ?? true,
    withFileTypes: true,
  }).catch(() => []);
  const now = Date.now();
  const staged = new Set<string>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (entry.name.startsWith(TEMP_MARKER)) {
      if ((await staleTemp(file, now)) && (await removed(file))) outcome.removed.push(file);
    } else if (entry.name.startsWith(STAGED_MARKER)) {
      staged.add(sidecarOfStaged(file));
    } else if (entry.name.endsWith('.lock') && (await isStale(file))) {
      if (await removed(file)) outcome.removed.push(file);
      // Its owner died holding it, maybe half way through replacing the pair: settle that case too.
      if (entry.name.endsWith('.json.lock')) staged.add(file.slice(0, -'.lock'.length));
    }
  }
  for (const sidecarPath of staged) {
    // A live writer holds the case's lock while its change is staged: wait for it briefly, else leave it be.
    const settled = await withLock(`${sidecarPath}.lock`, () => settlePair(sidecarPath), { timeoutMs: 2_000 }).catch(
      () => false,
    );
    if (settled) outcome.settled.push(sidecarPath);
  }
  return outcome;
}
