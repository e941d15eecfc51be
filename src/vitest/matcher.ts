/**
 * The logic of `toMatchImageBaseline`, free of vitest so it can be tested and
 * reused: name the baseline after the test, compare on the same comparator
 * (its worker threads) with the same tolerance rules as suites, write on first
 * run, update when asked, refuse to invent baselines in CI. Asynchronous, as
 * Playwright's toHaveScreenshot: `await expect(png).toMatchImageBaseline()`
 * (vitest awaits a forgotten one at the end of the test, with a warning).
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { BaselineError, BaselineStore } from '../baselines/store.js';
import type { ComparePool } from '../compare/compare-pool.js';
import { resolveTolerance } from '../compare/tolerance.js';
import { readImageHeader } from '../image/sniff.js';
import { leadWithFinding } from '../report/findings-text.js';
import type { CompareMetrics } from '../types/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { type ImageBaselineOptions, toTolerancePatch } from './options.js';

export type { ImageBaselineOptions } from './options.js';

/** What vitest tells a matcher: which test, and whether snapshots may be written (-u, CI). */
export interface MatchContext {
  testPath: string;
  testName: string;
  /** vitest's snapshot update state: `new` (default), `all` (-u), `none` (CI). */
  update: 'new' | 'all' | 'none';
}

export interface MatchOutcome {
  pass: boolean;
  message: string;
  baselinePath: string;
  diffPath?: string;
  metrics?: CompareMetrics;
  written?: boolean;
}

const calls = new Map<string, number>();

/** A file-name-safe form of a test name; long names keep a hash so they stay distinct. */
export function baselineName(testName: string): string {
  const safe = testName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 100);
  if (safe.length === testName.length && safe) return safe;
  return `${safe || 'image'}-${createHash('sha1').update(testName).digest('hex').slice(0, 8)}`;
}

export function figures(metrics: CompareMetrics | undefined): string {
  if (!metrics) return '';
  return Object.entries(metrics)
    .map(([key, value]) => `${key}=${figure(value)}`)
    .join(', ');
}

/** A number to 4 significant digits; the findings' figures that are objects or lists ({r, g, b}, regions) as such. */
function figure(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  if (Array.isArray(value)) return `[${value.map(figure).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${figure(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

export async function matchImageBaseline(
  received: unknown,
  options: ImageBaselineOptions,
  context: MatchContext,
  comparator: ComparePool,
): Promise<MatchOutcome> {
  const patch = toTolerancePatch(options);
  const bytes = received instanceof Uint8Array ? received : undefined;
  // The same store as a suite's baselines/: image and sidecar replaced as one change, under a lock.
  const store = new BaselineStore(options.dir ?? path.join(path.dirname(context.testPath), '__image_baselines__'));
  const file = path.basename(context.testPath);
  const counterKey = `${context.testPath}\u0000${options.name ?? context.testName}`;
  const count = (calls.get(counterKey) ?? 0) + 1;
  calls.set(counterKey, count);
  const name = `${baselineName(options.name ?? context.testName)}${count > 1 ? `-${count}` : ''}`;
  const key = `${file}/${name}`;
  const header = bytes ? readImageHeader(bytes) : undefined;
  const baselinePath = store.imagePath(key, header?.format ?? 'png');
  const diffPath = path.join(store.root, '__diff_output__', file, `${name}.diff.png`);
  const shown = (p: string) => path.relative(process.cwd(), p);
  if (!bytes || !header) {
    return {
      pass: false,
      baselinePath,
      message: 'toMatchImageBaseline expects the bytes of a PNG or JPEG (a Buffer or Uint8Array)',
    };
  }
  const write = async (): Promise<void> => {
    await store.write({ key, bytes, format: header.format, test: context.testName });
    await rm(diffPath, { force: true });
  };
  let existing: Awaited<ReturnType<BaselineStore['read']>>;
  try {
    existing = await store.read(key);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    if (context.update !== 'all') return { pass: false, baselinePath, message: `${error.message}; ${error.hint}` };
    existing = undefined;
  }
  if (!existing) {
    if (context.update === 'none') {
      return {
        pass: false,
        baselinePath,
        message: `no image baseline "${shown(baselinePath)}", and new baselines are not written in CI: run vitest locally (or with -u) and commit it`,
      };
    }
    await write();
    return { pass: true, baselinePath, written: true, message: `wrote image baseline ${shown(baselinePath)}` };
  }
  const tolerance = resolveTolerance(patch);
  const comparison = await comparator.compare({ expected: existing.bytes, actual: bytes, tolerance });
  if (comparison.match) {
    await rm(diffPath, { force: true });
    return {
      pass: true,
      baselinePath: existing.imagePath,
      metrics: comparison.metrics,
      message: `matches ${shown(existing.imagePath)} (${figures(comparison.metrics)})`,
    };
  }
  if (context.update === 'all') {
    await write();
    return {
      pass: true,
      baselinePath,
      written: true,
      metrics: comparison.metrics,
      message: `updated image baseline ${shown(baselinePath)}`,
    };
  }
  if (comparison.diff) await writeFileAtomic(diffPath, comparison.diff, { durable: false });
  const lines = [
    `image differs from its baseline ${shown(existing.imagePath)}:`,
    // What changed first (the principal finding), then by how much (the gates).
    `  ${leadWithFinding(comparison.reason ?? 'differs', comparison.findings)}`,
    `  figures: ${figures(comparison.metrics)}`,
    ...(comparison.diff ? [`  diff: ${shown(diffPath)}`] : []),
    '  if the change is intended, update it with: vitest -u',
  ];
  return {
    pass: false,
    baselinePath: existing.imagePath,
    metrics: comparison.metrics,
    message: lines.join('\n'),
    ...(comparison.diff ? { diffPath } : {}),
  };
}
