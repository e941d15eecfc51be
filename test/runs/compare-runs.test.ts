import { access, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareInput } from '../../src/compare/compare.js';
import { ComparePool } from '../../src/compare/compare-pool.js';
import { encodePng } from '../../src/image/png-encode.js';
import { writeResults } from '../../src/report/results-file.js';
import { compareRuns } from '../../src/runs/compare-runs.js';
import { matchKey, pairCases } from '../../src/runs/pairing.js';
import type { CaseResult, ImageResult, RunResults, Verdict } from '../../src/types/index.js';
import { tempDir } from '../helpers/tmp.js';

function png(fill: number, dirty = 0): Uint8Array {
  const data = new Uint8Array(8 * 8 * 3).fill(fill);
  for (let i = 0; i < dirty; i++) data.fill(255 - fill, i * 3, i * 3 + 3);
  return encodePng({ width: 8, height: 8, data }, 3);
}

interface Spec {
  id: string;
  model: string;
  prompt: string;
  seed?: number;
  verdict?: Verdict;
  images?: Uint8Array[];
  steps?: number;
}

async function makeRun(dir: string, runId: string, specs: Spec[]): Promise<string> {
  const runDir = path.join(dir, runId);
  const cases: CaseResult[] = [];
  for (const spec of specs) {
    const images: ImageResult[] = [];
    for (const [index, bytes] of (spec.images ?? []).entries()) {
      const actual = `actual/${spec.id}${index ? `.img${index}` : ''}.png`;
      await mkdir(path.dirname(path.join(runDir, actual)), { recursive: true });
      await writeFile(path.join(runDir, actual), bytes);
      images.push({ index, verdict: 'pass', actual, width: 8, height: 8, format: 'png' });
    }
    const [suite = 's', name = 'c'] = spec.id.split('/');
    cases.push({
      id: spec.id,
      suite,
      case: name,
      model: spec.model,
      modelLabel: spec.model,
      seed: spec.seed ?? 1,
      provider: 'local',
      request: {
        model: spec.model,
        prompt: spec.prompt,
        seed: spec.seed ?? 1,
        width: 8,
        height: 8,
        steps: spec.steps ?? 4,
      },
      fingerprint: 'x',
      expect: 'image',
      verdict: spec.verdict ?? 'pass',
      failing: false,
      images,
      attempts: 1,
      durationMs: 5,
    });
  }
  const results: RunResults = {
    schemaVersion: 1,
    tool: { name: 'seedsnap', version: '0.0.0' },
    runId,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    status: 'complete',
    options: { ci: false, update: 'none' },
    suites: [{ name: 's', file: 's.yaml', provider: 'local', models: [], cases: cases.length }],
    summary: {
      total: cases.length,
      images: 0,
      failing: 0,
      updated: 0,
      byVerdict: { error: 0, fail: 0, stale: 0, flaky: 0, new: 0, blocked: 0, pass: 0 },
    },
    cases,
  };
  await mkdir(runDir, { recursive: true });
  await writeResults(runDir, results);
  return runDir;
}

/** Two one-case runs whose second image is a symlink out of its run folder, to a file beside them. */
async function runsWithImageOutside(): Promise<{ dir: string; a: string; b: string }> {
  const dir = await tempDir();
  const a = await makeRun(dir, 'run-a', [{ id: 's/fox/m1/seed=1', model: 'm1', prompt: 'a fox', images: [png(10)] }]);
  const b = await makeRun(dir, 'run-b', [{ id: 's/fox/m2/seed=1', model: 'm2', prompt: 'a fox', images: [png(10)] }]);
  await writeFile(path.join(dir, 'secret.png'), png(99));
  await rm(path.join(b, 'actual/s/fox/m2/seed=1.png'));
  await symlink(path.join(dir, 'secret.png'), path.join(b, 'actual/s/fox/m2/seed=1.png'));
  return { dir, a, b };
}

describe('seedsnap compare (library)', () => {
  it('pairs cases by what they asked for, not by model, and says what changed', async () => {
    const dir = await tempDir();
    const a = await makeRun(dir, 'run-a', [
      { id: 's/fox/m1/seed=1', model: 'm1', prompt: 'a fox', images: [png(10)] },
      { id: 's/cat/m1/seed=1', model: 'm1', prompt: 'a cat', images: [png(40)] },
      { id: 's/owl/m1/seed=1', model: 'm1', prompt: 'an owl', images: [png(90)] },
      { id: 's/gone/m1/seed=1', model: 'm1', prompt: 'only here', images: [png(5)] },
      { id: 's/gore/m1/seed=1', model: 'm1', prompt: 'refused', verdict: 'blocked' },
      { id: 's/bat/m1/seed=1', model: 'm1', prompt: 'a bat', images: [png(70)] },
    ]);
    const b = await makeRun(dir, 'run-b', [
      { id: 's/fox/m2/seed=1', model: 'm2', prompt: 'a fox', images: [png(10)] },
      { id: 's/cat/m2/seed=1', model: 'm2', prompt: 'a cat', images: [png(40, 16)] },
      { id: 's/owl/m2/seed=1', model: 'm2', prompt: 'an owl', images: [png(90, 1)] },
      { id: 's/new/m2/seed=1', model: 'm2', prompt: 'only there', images: [png(5)] },
      { id: 's/gore/m2/seed=1', model: 'm2', prompt: 'refused', verdict: 'blocked' },
      { id: 's/bat/m2/seed=1', model: 'm2', prompt: 'a bat', verdict: 'error' },
      // Same prompt, other steps: a different request, so it pairs with nothing.
      { id: 's/fox/m2/seed=1b', model: 'm2', prompt: 'a fox', steps: 8, images: [png(10)] },
    ]);
    const out = path.join(dir, 'ab');
    const { comparison, reports } = await compareRuns({ runA: a, runB: b, outDir: out, maxDiffRatio: 0.05 });
    const by = Object.fromEntries(comparison.pairs.map((p) => [p.id, p]));
    expect(by['s/fox/m1/seed=1 ⇄ s/fox/m2/seed=1']?.status).toBe('same');
    expect(by['s/fox/m1/seed=1 ⇄ s/fox/m2/seed=1']?.images[0]?.metrics).toMatchObject({ diffPixels: 0, diffRatio: 0 });
    const cat = by['s/cat/m1/seed=1 ⇄ s/cat/m2/seed=1'];
    expect(cat?.status).toBe('changed');
    expect(cat?.diffRatio).toBe(16 / 64);
    // A changed pair says what changed, as a failing image of a run does; a pair that is the same does not.
    expect(cat?.images[0]?.findings?.[0]?.summary).toMatch(/\d/);
    expect(by['s/fox/m1/seed=1 ⇄ s/fox/m2/seed=1']?.images[0]?.findings).toBeUndefined();
    // One pixel of 64 is under --max-diff-ratio 5%: the same, with its figures and diff kept.
    const owl = by['s/owl/m1/seed=1 ⇄ s/owl/m2/seed=1'];
    expect(owl?.status).toBe('same');
    expect(owl?.images[0]?.metrics?.diffPixels).toBe(1);
    await access(path.join(out, owl?.images[0]?.diff ?? 'missing'));
    expect(by['s/gone/m1/seed=1']?.status).toBe('only-a');
    expect(by['s/new/m2/seed=1']?.status).toBe('only-b');
    expect(by['s/fox/m2/seed=1b']?.status).toBe('only-b');
    expect(by['s/gore/m1/seed=1 ⇄ s/gore/m2/seed=1']?.status).toBe('same');
    expect(by['s/bat/m1/seed=1 ⇄ s/bat/m2/seed=1']?.status).toBe('error');
    expect(comparison.summary.byStatus).toEqual({ changed: 1, error: 1, 'only-a': 1, 'only-b': 2, same: 3 });
    // Self-contained: both sides' images are copied in.
    const copied = cat?.images[0];
    expect(await readFile(path.join(out, copied?.a ?? ''))).toEqual(Buffer.from(png(40)));
    expect(await readFile(path.join(out, copied?.b ?? ''))).toEqual(Buffer.from(png(40, 16)));
    expect(JSON.parse(await readFile(reports.json, 'utf8'))).toEqual(comparison);
    expect(await readFile(reports.markdown, 'utf8')).toContain('1 of 8 cases changed');
    const page: { seedsnapReport?: unknown } = {};
    new Function('window', await readFile(path.join(out, 'report-data.js'), 'utf8'))(page);
    expect(page.seedsnapReport).toEqual(comparison);
  });

  it('follows no symlink out of a run folder, for the bytes it compares nor for the images it links in', async () => {
    const { dir, a, b } = await runsWithImageOutside();
    const out = path.join(dir, 'ab');
    await expect(compareRuns({ runA: a, runB: b, outDir: out })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(await readdir(path.join(out, 'b')).catch(() => [])).toEqual([]);
  });

  it('sends its first pairs before the schema check, and uses each comparison once, for the same files', async () => {
    const dir = await tempDir();
    const specs = (model: string, dirty: number) =>
      ['fox', 'cat', 'owl', 'bat', 'elk', 'yak'].map((name, i) => ({
        id: `s/${name}/${model}/seed=1`,
        model,
        prompt: `a ${name}`,
        images: [png(10 * i, dirty)],
      }));
    const a = await makeRun(dir, 'run-a', specs('m1', 0));
    const b = await makeRun(dir, 'run-b', specs('m2', 3));
    // Compared in this thread, but with the two workers' head start: four pairs sent before the check.
    const inThread = new ComparePool({ threads: 0 });
    const calls: CompareInput[] = [];
    const counting = Object.assign(Object.create(inThread) as ComparePool, {
      threads: 2,
      compare: (input: CompareInput) => {
        calls.push(input);
        return inThread.compare(input);
      },
    });
    const now = () => new Date('2026-02-02T00:00:00.000Z');
    const ahead = await compareRuns({ runA: a, runB: b, outDir: path.join(dir, 'ahead'), comparator: counting, now });
    const plain = await compareRuns({ runA: a, runB: b, outDir: path.join(dir, 'plain'), now });
    expect(calls).toHaveLength(6);
    expect({ ...ahead.comparison.pairs }).toEqual({ ...plain.comparison.pairs });
    expect(ahead.comparison.summary).toEqual(plain.comparison.summary);

    // A file the schema refuses is refused as before, and nothing is written, whatever was compared ahead.
    const results = JSON.parse(await readFile(path.join(b, 'results.json'), 'utf8'));
    results.cases[0].verdict = 'splendid';
    await writeFile(path.join(b, 'results.json'), JSON.stringify(results));
    const out = path.join(dir, 'refused');
    calls.length = 0;
    await expect(compareRuns({ runA: a, runB: b, outDir: out, comparator: counting })).rejects.toMatchObject({
      code: 'RESULTS_INVALID',
    });
    // The head start: the first four pairs went out before the check (two workers, two pairs each).
    expect(calls).toHaveLength(4);
    await expect(access(out)).rejects.toThrow();
  });

  it('follows no symlink out of a run folder with a head start either', async () => {
    const { dir, a, b } = await runsWithImageOutside();
    const inThread = new ComparePool({ threads: 0 });
    const calls: CompareInput[] = [];
    const counting = Object.assign(Object.create(inThread) as ComparePool, {
      threads: 2,
      compare: (input: CompareInput) => {
        calls.push(input);
        return inThread.compare(input);
      },
    });
    const out = path.join(dir, 'ab');
    await expect(compareRuns({ runA: a, runB: b, outDir: out, comparator: counting })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    expect(calls).toEqual([]);
  });

  it('prefers the same id, then the same model, when several cases ask for the same thing', () => {
    const c = (id: string, model: string) =>
      ({ id, model, modelLabel: model, suite: 's', case: 'x', request: { model, prompt: 'p', seed: 1 } }) as CaseResult;
    expect(matchKey(c('1', 'm1'))).toBe(matchKey(c('2', 'm2')));
    const pairs = pairCases([c('a/m1', 'm1'), c('a/m2', 'm2')], [c('b/m2', 'm2'), c('b/m1', 'm1')]);
    expect(pairs.map(([x, y]) => `${x?.id}-${y?.id}`)).toEqual(['a/m2-b/m2', 'a/m1-b/m1']);
  });
});
