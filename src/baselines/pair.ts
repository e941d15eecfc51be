/**
 * Replacing a baseline's image and sidecar as one change. Two files cannot be
 * renamed at once, so the change is staged beside them and committed by one
 * rename, a redo log of one entry:
 *
 *   1. the new image is written to `.seedsnap-staged-seed=1.png` (temp, flush, rename);
 *   2. the new sidecar is written to `.seedsnap-staged-seed=1.json` — the commit point:
 *      from here on the new pair is the baseline;
 *   3. the staged image is renamed over `seed=1.png`;
 *   4. the staged sidecar is renamed over `seed=1.json`;
 *   5. an image of the other format left from the old pair is removed.
 *
 * A reader that finds a staged sidecar reads the new pair through it (its image
 * staged or already in place); otherwise the old pair, untouched until step 3.
 * Whoever takes the case's lock next finishes a committed change a killed writer
 * left (settlePair), or throws away an uncommitted one. Every step is idempotent.
 * Durability: each file is flushed before it is renamed; the folder is not, so
 * a power cut (not a kill) right after a write may still bring back the old pair,
 * but never half of each.
 */
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_MARKER, writeFileAtomic, writeJsonAtomic } from '../util/atomic.js';
import { type BaselineSidecar, parseSidecar } from './sidecar.js';

export const STAGED_MARKER = '.seedsnap-staged-';
/** Every name seedsnap gives a file that is not (yet) a baseline starts with this. */
export const INTERNAL_PREFIX = '.seedsnap-';
const IMAGE_EXTENSIONS = ['png', 'jpg', 'mp4', 'webm'];

/** The steps of a baseline write, in order; `committed` is the point from which the new pair is the baseline. */
export const BASELINE_WRITE_STEPS = [
  'locked',
  'image-staged',
  'committed',
  'image-in-place',
  'sidecar-in-place',
  'old-image-removed',
] as const;
export type BaselineWriteStep = (typeof BASELINE_WRITE_STEPS)[number];

export function stagedPath(finalPath: string): string {
  return path.join(path.dirname(finalPath), `${STAGED_MARKER}${path.basename(finalPath)}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/** The stem a sidecar's images share: `…/seed=1` for `…/seed=1.json`. */
function stemOf(sidecarPath: string): string {
  return sidecarPath.slice(0, -'.json'.length);
}

/** The staged sidecar of a change in progress (or left by a killed writer), if one is committed. */
export async function readStaged(sidecarPath: string): Promise<BaselineSidecar | undefined> {
  const text = await readFile(stagedPath(sidecarPath), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseSidecar(text).sidecar;
}

export interface ReplacePair {
  sidecarPath: string;
  sidecar: BaselineSidecar;
  bytes: Uint8Array;
  onStep: (step: BaselineWriteStep) => void;
}

/** Steps 1–5 above. The caller holds the case's lock and has settled what an earlier writer left. */
export async function replacePair(change: ReplacePair): Promise<void> {
  const { sidecarPath, sidecar, onStep } = change;
  const imagePath = path.join(path.dirname(sidecarPath), sidecar.image);
  await writeFileAtomic(stagedPath(imagePath), change.bytes);
  onStep('image-staged');
  await writeJsonAtomic(stagedPath(sidecarPath), sidecar);
  onStep('committed');
  await rename(stagedPath(imagePath), imagePath);
  onStep('image-in-place');
  await rename(stagedPath(sidecarPath), sidecarPath);
  onStep('sidecar-in-place');
  await removeOtherImages(sidecarPath, sidecar.image);
  onStep('old-image-removed');
}

async function removeOtherImages(sidecarPath: string, keep: string): Promise<void> {
  const stem = stemOf(sidecarPath);
  for (const ext of IMAGE_EXTENSIONS) {
    const file = `${stem}.${ext}`;
    if (path.basename(file) !== keep) await rm(file, { force: true });
  }
}

/** Folders whose temporaries this process has looked for (settlePair). */
const listed = new Set<string>();

function ignoreMissingFalse(error: NodeJS.ErrnoException): boolean {
  if (error.code === 'ENOENT') return false;
  throw error;
}

/**
 * Bring the pair of `sidecarPath` to a settled state, under the case's lock: finish a committed change
 * (steps 3–5), or remove an uncommitted one, and the temporaries of either. Returns whether anything
 * was left to settle.
 */
export async function settlePair(sidecarPath: string): Promise<boolean> {
  const dir = path.dirname(sidecarPath);
  const stem = stemOf(sidecarPath);
  const staged = stagedPath(sidecarPath);
  let settled = false;
  const committed = await readStaged(sidecarPath);
  if (committed) {
    const imagePath = path.join(dir, committed.image);
    await rename(stagedPath(imagePath), imagePath).catch(ignoreMissing);
    await rename(staged, sidecarPath);
    settled = true;
  }
  // Killed between steps 4 and 5: the old pair's image of the other format is still there.
  const current = await readFile(sidecarPath, 'utf8').then(
    (text) => parseSidecar(text).sidecar,
    () => undefined,
  );
  if (current) {
    const other = IMAGE_EXTENSIONS.map((ext) => `${stem}.${ext}`).find((f) => path.basename(f) !== current.image);
    if (
      other &&
      (await rm(other).then(
        () => true,
        () => false,
      ))
    )
      settled = true;
  }
  // Left over: an unreadable staged sidecar (only by hand: it is written atomically), staged images
  // of a change that was never committed, and the temporaries of any of them. Only writers of this
  // case make these, and they hold the lock we hold. The staged files have known names.
  for (const name of [...IMAGE_EXTENSIONS.map((ext) => `${stem}.${ext}`), sidecarPath]) {
    if (await rm(stagedPath(name)).then(() => true, ignoreMissingFalse)) settled = true;
  }
  // Temporaries have random names: finding them means listing the folder, which at 10,000 seeds of one case
  // made every write O(n) (a 10,000-case `run -u` took 166 s against 6 s for 1,000). A process lists each
  // folder once, the first time it settles a pair there: its own temporaries never outlive a write, and a
  // writer that dies later leaves its temporaries to the sweep every run ends with (recover.ts).
  if (listed.has(dir)) return settled;
  listed.add(dir);
  const [tmp, stagedMark, base] = [TEMP_MARKER, STAGED_MARKER, path.basename(stem)].map(escapeRegExp);
  // Staged files, and temporaries (`<name>.<pid>.<hex>`) of staged or final files; not lock temporaries.
  const ours = new RegExp(
    `^(?:${tmp}(?:${stagedMark})?|${stagedMark})${base}\\.(?:png|jpg|mp4|webm|json)(?:\\.\\d+\\.[0-9a-f]+)?$`,
  );
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!ours.test(name)) continue;
    await rm(path.join(dir, name), { force: true });
    settled = true;
  }
  return settled;
}
