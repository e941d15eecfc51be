/**
 * A run writes its reports from its journal, each case read back when reached (issue 15 goal 3), and the CLI
 * prints from the same. Every report must be byte for byte what the results held whole in memory render:
 * the real CLI runs the fixture holding every verdict (and a run stopped by --max-failures), then each
 * report is rendered again from its results.json read as plain JSON (the run's own key order) and compared.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderGithubAnnotations } from '../../src/report/github.js';
import { DEFAULT_REPORTERS, writeReports } from '../../src/report/reporters.js';
import { formatSummary } from '../../src/report/terminal.js';
import { runSuites } from '../../src/runner/run.js';
import type { RunResults } from '../../src/types/index.js';
import { buildEveryVerdict, type EveryVerdict } from '../helpers/every-verdict.js';
import { tempDir } from '../helpers/tmp.js';

let fixture: EveryVerdict;

beforeAll(async () => {
  fixture = await buildEveryVerdict();
}, 180_000);

afterAll(async () => {
  await fixture?.remove();
});

const FILES = ['results.json', 'report-data.js', 'index.html', 'junit.xml', 'summary.md'];

describe('reports written from the journal', () => {
  it.each([
    ['every verdict', 'runDir'],
    ['stopped by --max-failures', 'stoppedDir'],
  ] as const)('%s: each report is what the whole results render', async (_, key) => {
    const runDir = fixture[key];
    const held = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    const again = await tempDir();
    await writeReports(again, held, DEFAULT_REPORTERS);
    for (const file of FILES) {
      expect(await readFile(path.join(runDir, file), 'utf8'), file).toBe(
        await readFile(path.join(again, file), 'utf8'),
      );
    }
  });

  it('runSuites: the streamed results print as the held ones, and `results.cases` holds them all', async () => {
    const dir = await tempDir();
    const outcome = await runSuites({
      suites: ['ui.yaml', 'edits.yaml', 'noisy.yaml'].map((f) => path.join(fixture.cwd, f)),
      baselinesDir: path.join(fixture.cwd, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      ci: true,
      env: { ...process.env, SEEDSNAP_LOCAL_REVISION: '2' },
    });
    const streamed = [...outcome.streamed.cases];
    expect(streamed.length).toBeGreaterThan(10);
    expect(outcome.results.cases).toEqual(streamed);
    expect(outcome.results.summary.failing).toBeGreaterThan(0);
    for (const color of [true, false]) {
      expect(formatSummary(outcome.streamed, { color, reportPath: 'r' })).toBe(
        formatSummary(outcome.results, { color, reportPath: 'r' }),
      );
    }
    expect(renderGithubAnnotations(outcome.streamed, { env: {} })).toBe(
      renderGithubAnnotations(outcome.results, { env: {} }),
    );
    const written = JSON.parse(await readFile(path.join(outcome.runDir, 'results.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(outcome.results)));
  });
});
