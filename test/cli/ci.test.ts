/**
 * What a CI pipeline uses, on the real binary in a temp folder: GitHub annotations on the suite line of
 * each failing case, --max-failures, --last-failed, and compare --fail-on-change.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// A comma in the file name: annotation properties must escape it.
const SUITE_FILE = 'suites/ci,v2.yaml';
const SUITE = `name: ci
provider: local
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 8, output_format: png }
seeds: [1, 2]
cases:
  - id: lake
    prompt: a calm lake at dawn
    tolerance: { max_diff_ratio: 0.9 }
  - id: fox
    prompt: a red fox in fresh snow
  - id: owl
    prompt: an owl on a branch at night
`;
const lineOf = (id: string) => SUITE.split('\n').indexOf(`  - id: ${id}`) + 1;

const DRIFT = { SEEDSNAP_LOCAL_REVISION: '2' };

async function project(): Promise<string> {
  const cwd = await tempDir();
  await mkdir(path.join(cwd, 'suites'));
  await writeFile(path.join(cwd, SUITE_FILE), SUITE);
  const first = await runCli(['run', SUITE_FILE], { cwd });
  if (first.code !== 0) throw new Error(`baseline run failed: ${first.stderr}`);
  return cwd;
}

async function latest(cwd: string): Promise<{ dir: string; results: RunResults }> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  const dir = path.join(cwd, 'reports', name);
  return { dir, results: JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as RunResults };
}

const annotations = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::'));

describe('CI conveniences', () => {
  it('--reporter github annotates the suite line of each failing case, plain text', async () => {
    const cwd = await project();
    const run = await runCli(['run', SUITE_FILE, '--reporter', 'github,html,junit'], {
      cwd,
      env: { ...DRIFT, FORCE_COLOR: '1' },
    });
    expect(run.code).toBe(1);
    const lines = annotations(run.stdout);
    // fox and owl fail on both seeds; lake passes. One annotation per suite line, both seeds in it.
    expect(lines).toHaveLength(2);
    const byLine = new Map(lines.map((l) => [Number(/,line=(\d+),/.exec(l)?.[1]), l]));
    expect([...byLine.keys()].sort()).toEqual([lineOf('fox'), lineOf('owl')].sort());
    const fox = byLine.get(lineOf('fox')) ?? '';
    expect(fox).toMatch(
      new RegExp(
        `^::error file=suites/ci%2Cv2\\.yaml,line=${lineOf('fox')},col=5,title=seedsnap%3A 2 cases of ci/fox failing::`,
      ),
    );
    const message = fox.slice(fox.indexOf('::', 2) + 2);
    const [seed1, seed2, report] = message.split('%0A');
    expect(seed1).toMatch(
      // What changed (the principal finding), then the gate it broke.
      /^fail: ci\/fox\/sim-dev\/seed=\d — [^—]*\d[^—]* — [\d,]+ pixels differ \([\d.]+%25\), more than max_diff_ratio /,
    );
    expect(seed2).toMatch(/^fail: ci\/fox\/sim-dev\/seed=\d — /);
    expect(report).toMatch(/^report: reports\/.+\/index\.html$/);
    // No colour and no raw % in annotations, even with colour forced for the rest of the output.
    for (const line of lines) {
      expect(line).not.toContain('\x1b');
      expect(line.replace(/%(25|0A|0D|3A|2C)/g, '')).not.toContain('%');
    }
    // html and junit were asked for; github writes no file.
    const { dir } = await latest(cwd);
    expect((await readdir(dir)).filter((f) => /\.(html|xml|md)$/.test(f)).sort()).toEqual(['index.html', 'junit.xml']);

    // `seedsnap report` prints the same annotations from the finished run (e.g. after `seedsnap merge`),
    // with paths relative to $GITHUB_WORKSPACE.
    const again = await runCli(['report', '--reporter', 'github'], {
      cwd,
      env: { GITHUB_WORKSPACE: path.dirname(cwd) },
    });
    expect(again.code).toBe(0);
    const replayed = annotations(again.stdout);
    expect(replayed).toHaveLength(2);
    expect(replayed.join('\n')).toContain(`::error file=${path.basename(cwd)}/suites/ci%2Cv2.yaml,line=`);
  });

  it('--max-failures stops starting cases; the rest are reported as not run; --last-failed runs exactly those', async () => {
    const cwd = await project();
    const stopped = await runCli(
      ['run', SUITE_FILE, '--max-failures', '1', '--concurrency', '1', '--reporter', 'github,json,junit,markdown'],
      { cwd, env: DRIFT },
    );
    expect(stopped.code).toBe(1);
    const first = await latest(cwd);
    expect(first.results.status).toBe('stopped');
    const ran = first.results.cases.length;
    expect(ran).toBeGreaterThanOrEqual(1);
    expect(ran).toBeLessThan(6);
    expect(first.results.notRun).toHaveLength(6 - ran);
    expect(stopped.stdout).toContain(`did not run ${6 - ran}`);
    expect(stopped.stdout).toContain(`stopped after 1 failing (--max-failures): ${6 - ran} case(s) did not run`);
    expect(annotations(stopped.stdout).at(-1)).toBe(
      `::warning title=seedsnap%3A cases did not run::${6 - ran} case(s) did not run (--max-failures 1 reached); run them with seedsnap run --last-failed`,
    );
    // Only the images of the cases that ran were generated.
    const actual = await readdir(path.join(first.dir, 'actual'), { recursive: true });
    expect(actual.filter((f) => f.endsWith('.png'))).toHaveLength(ran);

    // --last-failed: no suite named; the newest run's failing and not-run cases, nothing else.
    const again = await runCli(['run', '--last-failed'], { cwd, env: DRIFT });
    expect(again.code).toBe(1);
    const second = await latest(cwd);
    const expected = [
      ...first.results.cases.filter((c) => c.failing).map((c) => c.id),
      ...(first.results.notRun ?? []).map((c) => c.id),
    ].sort();
    expect(second.results.cases.map((c) => c.id).sort()).toEqual(expected);
    expect(second.results.options.lastFailedOf).toBe(first.results.runId);
    expect(second.results.status).toBe('complete');

    // Back on the baselines' revision the failures pass; then there is nothing left to run again.
    const fixed = await runCli(['run', '--last-failed'], { cwd });
    expect(fixed.code).toBe(0);
    const third = await latest(cwd);
    expect(third.results.cases.map((c) => c.id).sort()).toEqual(
      second.results.cases
        .filter((c) => c.failing)
        .map((c) => c.id)
        .sort(),
    );
    const runs = (await readdir(path.join(cwd, 'reports'))).length;
    const nothing = await runCli(['run', '--last-failed'], { cwd });
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain(
      `the newest run (${third.results.runId}) has no failing case: nothing to run again`,
    );
    expect((await readdir(path.join(cwd, 'reports'))).length).toBe(runs);
  });

  it('compare --fail-on-change exits 1 when any pair differs, 0 when none does', async () => {
    const cwd = await project();
    const a = (await latest(cwd)).dir;
    expect((await runCli(['run', SUITE_FILE], { cwd, env: DRIFT })).code).toBe(1);
    const b = (await latest(cwd)).dir;
    const plain = await runCli(['compare', a, b, '--out', 'ab'], { cwd });
    expect(plain.code).toBe(0);
    const gated = await runCli(['compare', a, b, '--out', 'ab2', '--fail-on-change'], { cwd });
    expect(gated.code).toBe(1);
    expect(gated.stdout).toMatch(/changed 6/);
    expect(gated.stdout).toContain('6 of 6 cases differ (--fail-on-change)');
    const same = await runCli(['compare', a, a, '--out', 'aa', '--fail-on-change'], { cwd });
    expect(same.code).toBe(0);
  });

  it('compare finds runs by id under the reports folder and writes its report there; a bad --config is exit 2', async () => {
    const cwd = await project();
    const a = path.basename((await latest(cwd)).dir);
    expect((await runCli(['run', SUITE_FILE], { cwd, env: DRIFT })).code).toBe(1);
    const b = path.basename((await latest(cwd)).dir);
    const byId = await runCli(['compare', a, b], { cwd });
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toContain(`report: ${path.join('reports', `compare-${a}--${b}`, 'index.html')}`);
    const missing = await runCli(['compare', a, 'no-such-run', '--out', 'x'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('run folder not found: no-such-run');
    await writeFile(path.join(cwd, 'broken.config.yaml'), 'reports: [unclosed\n');
    const broken = await runCli(['compare', a, b, '--out', 'y', '--config', 'broken.config.yaml'], { cwd });
    expect(broken.code).toBe(2);
  });

  it('--help describes the new flags', async () => {
    const cwd = await tempDir();
    const run = await runCli(['run', '--help'], { cwd });
    for (const flag of ['--reporter <list>', '--last-failed', '--max-failures <n>', '--grep-invert <pattern>']) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('github');
    expect((await runCli(['compare', '--help'], { cwd })).stdout).toContain('--fail-on-change');
  });
});
