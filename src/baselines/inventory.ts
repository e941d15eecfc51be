/**
 * What is in baselines/: every sidecar with its image, size and age, and
 * whether a loaded suite still produces it. Suites change every week; a
 * baseline no suite produces (a renamed case, a removed seed or model, a
 * changed sweep) is an orphan. Baselines of suites that were not loaded are
 * never called orphans: nothing is known about them.
 */
import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { imageStem } from '../util/ids.js';
import { INTERNAL_PREFIX } from './pair.js';
import { parseSidecar } from './sidecar.js';

export type BaselineStatus = 'used' | 'orphan' | 'unknown';

export interface BaselineEntry {
  /** Image key: case id, `#i` for image i > 0. */
  key: string;
  suite: string;
  variant?: string;
  sidecarPath: string;
  imagePath: string;
  bytes: number;
  approvedAt?: string;
  status: BaselineStatus;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return (
    entries
      // Temporaries and staged changes (pair.ts) are not baselines: a reader sees through them, recover.ts tidies them.
      .filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.startsWith(INTERNAL_PREFIX))
      .map((e) => path.join(e.parentPath, e.name))
      .sort()
  );
}

/** A .json under baselines/ that is not a sidecar: left alone, and told about. */
export interface SkippedFile {
  path: string;
  /** Follows the file's name: "is not valid JSON (…)", "is not a baseline sidecar (JSON null)". */
  problem: string;
}

export interface ListBaselinesOptions {
  root: string;
  /** Image keys the loaded suites produce. */
  produced: ReadonlySet<string>;
  /** Suites whose baselines may be judged; baselines of others are `unknown`. */
  loadedSuites: ReadonlySet<string>;
  /** Told of every .json that is not a readable sidecar; such a file is skipped, never deleted. */
  onSkipped?: (file: SkippedFile) => void;
}

/** Every baseline under `root`, classified against the image keys the loaded suites produce. */
export async function listBaselines(options: ListBaselinesOptions): Promise<BaselineEntry[]> {
  return readEntries(await walk(path.resolve(options.root)), options);
}

/**
 * The orphans under `root`, as listBaselines finds them, reading only the sidecars whose file name is not
 * that of a produced baseline: a file at a produced key's own path is that key's (a bad one there is its
 * case's error, told by the run). At 10,000 baselines a run read 20,000 files for a count; now it lists names.
 */
export async function listOrphans(options: ListBaselinesOptions): Promise<BaselineEntry[]> {
  const root = path.resolve(options.root);
  const producedStems = new Set([...options.produced].map((key) => imageStem(key)));
  const unknown = (await walk(root)).filter((file) => {
    const stem = path.relative(root, file).split(path.sep).join('/').slice(0, -'.json'.length);
    // A named variant's sidecar is `<stem>@<variant>.json` (store.ts).
    const at = stem.lastIndexOf('@');
    const base = at > stem.lastIndexOf('/') ? stem.slice(0, at) : stem;
    return !producedStems.has(base);
  });
  return (await readEntries(unknown, options)).filter((entry) => entry.status === 'orphan');
}

async function readEntries(sidecarPaths: readonly string[], options: ListBaselinesOptions): Promise<BaselineEntry[]> {
  const { produced, loadedSuites } = options;
  const entries: BaselineEntry[] = [];
  for (const sidecarPath of sidecarPaths) {
    // One bad file (a `null`, an array, a file cut short, another tool's .json) must not stop a run.
    const parsed = await readFile(sidecarPath, 'utf8').then(parseSidecar, (error: NodeJS.ErrnoException) => ({
      sidecar: undefined,
      problem: `cannot be read (${error.code ?? error.message})`,
    }));
    if (!parsed.sidecar) {
      options.onSkipped?.({ path: sidecarPath, problem: parsed.problem });
      continue;
    }
    const sidecar = parsed.sidecar;
    const imagePath = path.join(path.dirname(sidecarPath), sidecar.image);
    const info = await stat(imagePath).catch(() => undefined);
    const suite = sidecar.id.split('/')[0] ?? '';
    const status: BaselineStatus = !loadedSuites.has(suite) ? 'unknown' : produced.has(sidecar.id) ? 'used' : 'orphan';
    entries.push({
      key: sidecar.id,
      suite,
      ...(sidecar.variant ? { variant: sidecar.variant } : {}),
      sidecarPath,
      imagePath,
      bytes: info?.size ?? 0,
      ...(sidecar.approvedAt ? { approvedAt: sidecar.approvedAt } : {}),
      status,
    });
  }
  return entries;
}

/** Delete orphans (image and sidecar), then the folders they leave empty. Returns what was removed. */
export async function pruneBaselines(root: string, orphans: readonly BaselineEntry[]): Promise<BaselineEntry[]> {
  const removed: BaselineEntry[] = [];
  const base = path.resolve(root);
  for (const entry of orphans) {
    if (entry.status !== 'orphan') continue;
    // The sidecar goes first: a half-pruned baseline is then an unreferenced image, never a dangling sidecar.
    await rm(entry.sidecarPath, { force: true });
    await rm(entry.imagePath, { force: true });
    removed.push(entry);
    let dir = path.dirname(entry.sidecarPath);
    while (dir.startsWith(base + path.sep)) {
      const left = await readdir(dir).catch(() => ['?']);
      if (left.length > 0) break;
      await rmdir(dir).catch(() => undefined);
      dir = path.dirname(dir);
    }
  }
  return removed;
}
