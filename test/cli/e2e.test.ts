import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { xmlEscape } from '../../src/report/junit.js';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: e2e
provider: local
models:
  - sim-dev
  - id: sim-schnell
    defaults: { aspect_ratio: "1:1", steps: 4 }
defaults: { width: 128, height: 128, steps: 28, output_format: png }
seeds: [1, 2]
cases:
  - id: fox
    prompt: a red fox sitting in fresh snow
  - id: lighthouse
    prompt: a lighthouse on a cliff at sunset
    models: [sim-dev]
    sweep: { guidance_scale: [2, 5] }
  - id: refused
    prompt: a gore scene
    seeds: [1]
    expect: blocked
`;

async function latestResults(cwd: string): Promise<{ dir: string; results: RunResults }> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  const dir = path.join(cwd, 'reports', name);
  return { dir, results: JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as RunResults };
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('seedsnap CLI end to end', () => {
  it('new → pass → drift fails → approve → pass → stale; --ci refuses new', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE);

    // First run: every image is new and written locally; exit 0.
    const first = await runCli(['run', 'suite.yaml'], { cwd });
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/new 8 · blocked 2/);
    expect(first.stdout).toMatch(/report: reports\/.*\/index\.html/);
    const written = (await files(path.join(cwd, 'baselines'))).sort();
    expect(written.filter((f) => f.endsWith('.png'))).toHaveLength(8);
    expect(written).toContain('e2e/lighthouse/sim-dev/guidance_scale=5/seed=2.json');
    const firstRun = await latestResults(cwd);
    for (const entry of ['index.html', 'results.json', 'junit.xml', 'summary.md', 'actual', 'expected', 'diff']) {
      await access(path.join(firstRun.dir, entry));
    }

    // Second run: everything passes.
    const second = await runCli(['run', 'suite.yaml'], { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/blocked 2 · pass 8/);

    // The provider updates the model behind the same name: failures with diff images, exit 1.
    const drift = await runCli(['run', 'suite.yaml'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/fail 8 · blocked 2/);
    const driftRun = await latestResults(cwd);
    const failed = driftRun.results.cases.filter((c) => c.verdict === 'fail');
    expect(failed).toHaveLength(8);
    for (const c of failed) {
      const image = c.images[0];
      expect(image?.metrics?.diffRatio).toBeGreaterThan(0.001);
      await access(path.join(driftRun.dir, image?.diff ?? 'missing'));
    }
    // Each failure says what changed; JUnit's message starts with the principal finding, then the gates.
    for (const c of failed) expect(c.images[0]?.findings?.length).toBeGreaterThan(0);
    const principal = failed[0]?.images[0]?.findings?.[0]?.summary ?? 'missing';
    expect(await readFile(path.join(driftRun.dir, 'junit.xml'), 'utf8')).toContain(
      `<failure message="${xmlEscape(principal)} — fail: `,
    );

    // Approve the drifted run without regenerating, then the drifted model passes.
    const approve = await runCli(['approve'], { cwd });
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(/8 baseline images approved from /);
    const sidecar = JSON.parse(await readFile(path.join(cwd, 'baselines/e2e/fox/sim-dev/seed=1.json'), 'utf8'));
    expect(sidecar).toMatchObject({ modelRevision: 'sim-dev@2', approvedFrom: driftRun.results.runId });
    const afterApprove = await runCli(['run', 'suite.yaml'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } });
    expect(afterApprove.code).toBe(0);

    // Changing a request parameter makes the baseline stale, naming the parameter.
    await writeFile(
      path.join(cwd, 'suite.yaml'),
      SUITE.replace('steps: 28, output_format', 'steps: 20, output_format'),
    );
    const stale = await runCli(['run', 'suite.yaml', '--grep', 'fox/sim-dev'], {
      cwd,
      env: { SEEDSNAP_LOCAL_REVISION: '2' },
    });
    expect(stale.code).toBe(1);
    const staleRun = await latestResults(cwd);
    expect(staleRun.results.cases.map((c) => c.verdict)).toEqual(['stale', 'stale']);
    expect(staleRun.results.cases[0]?.reason).toContain('steps: 28 → 20');
  });

  it('--update=new writes only missing baselines, --update=failed only changed ones, -u both', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
    expect((await runCli(['run', 'suite.yaml', '--grep', 'fox/sim-dev/seed=1'], { cwd })).code).toBe(0);
    const drifted = { SEEDSNAP_LOCAL_REVISION: '2' };
    const onlyFox = ['--grep', 'fox/sim-dev', '--ci'];
    // seed=1 fails (drift), seed=2 is new.
    const newOnly = await runCli(['run', 'suite.yaml', ...onlyFox, '--update=new'], { cwd, env: drifted });
    expect(newOnly.code).toBe(1);
    expect(newOnly.stdout).toMatch(/fail 1 · new 1/);
    expect(newOnly.stdout).toContain('updated 1 baseline image (new 1):');
    const failedOnly = await runCli(['run', 'suite.yaml', ...onlyFox, '--update=failed'], { cwd, env: drifted });
    expect(failedOnly.code).toBe(0);
    expect(failedOnly.stdout).toMatch(/fail 1 · pass 1/);
    expect((await runCli(['run', 'suite.yaml', ...onlyFox], { cwd, env: drifted })).stdout).toMatch(/pass 2/);
    const all = await runCli(['run', 'suite.yaml', '-u', '--grep', 'lighthouse'], { cwd, env: drifted });
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('updated 4 baseline images (new 4):');
  });

  it('--ci (or CI=true) fails on new cases and writes no baseline', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
    const flag = await runCli(['run', 'suite.yaml', '--ci', '--grep', 'fox'], { cwd });
    expect(flag.code).toBe(1);
    expect(flag.stdout).toMatch(/new 4/);
    const env = await runCli(['run', 'suite.yaml', '--grep', 'fox'], { cwd, env: { CI: 'true' } });
    expect(env.code).toBe(1);
    expect(await files(path.join(cwd, 'baselines'))).toEqual([]);
  });

  it('a broken suite exits 2 with positioned errors and generates nothing', async () => {
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 'bad.yaml'),
      'models: [sim-dev]\ndefaults: { width: 100, height: 128 }\ncases:\n  - id: a\n    promt: a fox\n',
    );
    const result = await runCli(['run', 'bad.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml:2:20: error SUITE_VALUE');
    expect(result.stderr).toContain('bad.yaml:5:5: error SUITE_UNKNOWN_KEY: unknown key "promt" in cases[0]');
    expect(result.stderr).toContain('did you mean "prompt"?');
    expect(result.stderr).toContain('nothing was generated');
    expect(await files(cwd)).toEqual(['bad.yaml']);
  });

  it('answers --help for every command and exits 2 on bad usage', async () => {
    const cwd = await tempDir();
    for (const command of ['run', 'approve', 'report']) {
      const help = await runCli([command, '--help'], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: seedsnap ${command}`);
    }
    expect((await runCli(['run', 'x.yaml', '--concurrency', 'zero'], { cwd })).code).toBe(2);
    expect((await runCli(['run', 'x.yaml', '--update=sometimes'], { cwd })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd })).code).toBe(2);
    const missing = await runCli(['approve'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('RUN_NOT_FOUND');
  });
});
