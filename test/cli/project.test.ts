import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { sendJson, startServer } from '../helpers/http.js';
import { png, solid } from '../helpers/images.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: mine
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 8, output_format: png }
seeds: [1, 2]
cases:
  - { id: fox, prompt: a red fox in fresh snow }
`;

async function ls(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

async function latest(reports: string): Promise<{ dir: string; results: RunResults }> {
  const dir = path.join(reports, (await readFile(path.join(reports, '.latest-run'), 'utf8')).trim());
  return { dir, results: JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as RunResults };
}

describe('a project knows its root', () => {
  it('run from another folder writes baselines and reports in the project, and finds them again', async () => {
    const project = await tempDir('seedsnap-project-');
    const elsewhere = await tempDir('seedsnap-elsewhere-');
    await mkdir(path.join(project, 'suites'));
    await writeFile(path.join(project, 'suites/mine.yaml'), SUITE);
    const suite = path.join(project, 'suites/mine.yaml');

    const first = await runCli(['run', suite], { cwd: elsewhere });
    expect(first.code, first.stderr).toBe(0);
    expect(await ls(elsewhere)).toEqual([]);
    expect(await ls(path.join(project, 'baselines/mine/fox/sim-dev'))).toEqual([
      'seed=1.json',
      'seed=1.png',
      'seed=2.json',
      'seed=2.png',
    ]);
    // From anywhere, the second run compares with those baselines instead of calling every case new.
    const second = await runCli(['run', suite, '--ci'], { cwd: elsewhere });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/pass 2/);
    expect((await latest(path.join(project, 'reports'))).results.cases.map((c) => c.verdict)).toEqual(['pass', 'pass']);
    // Commands without suites find the project from a folder inside it.
    const approve = await runCli(['approve'], { cwd: path.join(project, 'suites') });
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain('nothing to approve');
    const list = await runCli(['baselines', 'list'], { cwd: path.join(project, 'suites') });
    expect(list.stdout).toContain('2 baseline(s)');
  });

  it('a package.json marks the root when there is no suites/ folder', async () => {
    const project = await tempDir('seedsnap-project-');
    await writeFile(path.join(project, 'package.json'), '{ "name": "app", "private": true }\n');
    await mkdir(path.join(project, 'evals/smoke'), { recursive: true });
    await writeFile(path.join(project, 'evals/smoke/mine.yaml'), SUITE);
    const run = await runCli(['run', 'smoke/mine.yaml'], { cwd: path.join(project, 'evals') });
    expect(run.code, run.stderr).toBe(0);
    expect(await ls(project)).toEqual(['baselines', 'evals', 'package.json', 'reports']);
  });

  it('seedsnap.config.yaml sets the suites, folders, reporters and concurrency; paths resolve from its folder', async () => {
    const project = await tempDir('seedsnap-project-');
    await mkdir(path.join(project, 'evals/nested'), { recursive: true });
    await writeFile(path.join(project, 'evals/mine.yaml'), SUITE);
    await writeFile(path.join(project, 'evals/nested/other.yaml'), SUITE.replace('name: mine', 'name: other'));
    await writeFile(path.join(project, 'evals/notes.txt'), 'not a suite');
    await writeFile(
      path.join(project, 'seedsnap.config.yaml'),
      [
        '# yaml-language-server: $schema=./seedsnap.config.schema.json',
        'suites: ["evals/**/*.yaml"]',
        'baselines: snapshots/images',
        'reports: out/runs',
        'reporters: [json, markdown]',
        '',
      ].join('\n'),
    );
    const sub = path.join(project, 'evals/nested');
    const run = await runCli(['run'], { cwd: sub });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/new 4/);
    expect(await ls(path.join(project, 'snapshots/images'))).toEqual(['mine', 'other']);
    const { dir, results } = await latest(path.join(project, 'out/runs'));
    expect(results.suites.map((s) => s.name).sort()).toEqual(['mine', 'other']);
    expect(await ls(dir)).toContain('summary.md');
    expect(await ls(dir)).not.toContain('index.html');
    expect(await ls(sub)).toEqual(['other.yaml']);
    // Flags still win over the config, relative to where they are typed.
    const flagged = await runCli(['run', '--reporter', 'html', '--reports', 'here'], { cwd: sub });
    expect(flagged.code).toBe(0);
    expect(await ls(path.join(sub, 'here'))).toHaveLength(2); // the run folder and .latest-run
    // --config FILE from anywhere.
    const elsewhere = await tempDir('seedsnap-elsewhere-');
    const explicit = await runCli(['run', '--config', path.join(project, 'seedsnap.config.yaml'), '--ci'], {
      cwd: elsewhere,
    });
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(explicit.stdout).toMatch(/pass 4/);
    expect(await ls(elsewhere)).toEqual([]);
  });

  it('provider defaults and concurrency from the config reach the run', async () => {
    const project = await tempDir('seedsnap-project-');
    const image = Buffer.from(png(solid(64, 64))).toString('base64');
    // Answer once two requests wait: a run capped at 2 always gets there, and never sends a third meanwhile.
    let inFlight = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    const server = await startServer(async (_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= 2) for (const release of waiting.splice(0)) release();
      });
      inFlight--;
      sendJson(res, 200, { created: 1, data: [{ b64_json: image }] });
    });
    await mkdir(path.join(project, 'suites'));
    await writeFile(
      path.join(project, 'suites/remote.yaml'),
      'name: remote\nprovider: openai\nmodels: [sd-turbo]\ndefaults: { width: 64, height: 64 }\nseeds: [1, 2, 3, 4, 5, 6]\ncases:\n  - { id: fox, prompt: a red fox }\n',
    );
    await writeFile(
      path.join(project, 'seedsnap.config.json'),
      JSON.stringify({ concurrency: 2, providers: { openai: { base_url: `${server.url}/v1`, max_attempts: 1 } } }),
    );
    // The config's base_url wins over the environment's (and nothing here leaves 127.0.0.1).
    const wrong = await startServer((_req, res) => sendJson(res, 500, { error: 'not this one' }));
    const run = await runCli(['run'], {
      cwd: project,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${wrong.url}/v1` },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(wrong.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(6);
    expect(most).toBe(2);
  });

  it('a bad config is exit 2 with file:line:col, every problem, and a fix', async () => {
    const project = await tempDir('seedsnap-project-');
    await mkdir(path.join(project, 'suites'));
    await writeFile(path.join(project, 'suites/mine.yaml'), SUITE);
    await writeFile(
      path.join(project, 'seedsnap.config.yaml'),
      'baseline: snaps\nreporters: [html, pdf]\nconcurrency: many\nproviders:\n  togther: { timeout_ms: 1000 }\n',
    );
    const run = await runCli(['run', 'suites/mine.yaml'], { cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('seedsnap.config.yaml:1:1: error CONFIG_UNKNOWN_KEY: unknown key "baseline"');
    expect(run.stderr).toContain('did you mean "baselines"?');
    expect(run.stderr).toContain('seedsnap.config.yaml:2:19: error CONFIG_VALUE: unknown reporter "pdf"');
    expect(run.stderr).toContain('seedsnap.config.yaml:3:14: error CONFIG_TYPE: concurrency must be a whole number');
    expect(run.stderr).toContain('seedsnap.config.yaml:5:3: error CONFIG_PROVIDER: unknown provider "togther"');
    expect(run.stderr).toContain('did you mean "together"?');
    expect(run.stderr).toContain('4 problems in the project config');
    expect(await ls(project)).toEqual(['seedsnap.config.yaml', 'suites']);

    const missing = await runCli(['run', '--config', 'nope.yaml'], { cwd: project });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('CONFIG_NOT_FOUND');
  });
});
