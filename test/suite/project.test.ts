import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/providers/registry.js';
import { loadProjectConfig } from '../../src/suite/config.js';
import { applySuiteDefaults, projectSuites, resolveProject } from '../../src/suite/project.js';
import { ConfigError, SeedsnapError } from '../../src/types/errors.js';
import { load } from '../helpers/suites.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = 'models: [sim-dev]\ncases:\n  - { id: a, prompt: a fox }\n';

async function failure(promise: Promise<unknown>): Promise<SeedsnapError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SeedsnapError) return error;
    throw error;
  }
  throw new Error('expected it to fail');
}

describe('resolveProject', () => {
  it('takes the config found above the suite, before one above the current folder', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'a/suites'), { recursive: true });
    await mkdir(path.join(dir, 'b'));
    await writeFile(path.join(dir, 'a/seedsnap.config.yaml'), 'baselines: snaps\n');
    await writeFile(path.join(dir, 'b/seedsnap.config.yaml'), 'baselines: other\n');
    await writeFile(path.join(dir, 'a/suites/s.yaml'), SUITE);
    const project = await resolveProject({ suites: ['../a/suites/s.yaml'], cwd: path.join(dir, 'b') });
    expect(project).toMatchObject({ root: path.join(dir, 'a'), basis: 'config' });
    expect(project.baselinesDir).toBe(path.join(dir, 'a/snaps'));
    expect(project.reportsDir).toBe(path.join(dir, 'a/reports'));
    // No suite named: the config above the current folder.
    expect((await resolveProject({ cwd: path.join(dir, 'b') })).baselinesDir).toBe(path.join(dir, 'b/other'));
    // --config wins over both.
    const chosen = await resolveProject({
      config: '../../b/seedsnap.config.yaml',
      suites: ['s.yaml'],
      cwd: path.join(dir, 'a/suites'),
    });
    expect(chosen.root).toBe(path.join(dir, 'b'));
  });

  it('refuses two config files in one folder, and suites of two projects in one command', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'p1'));
    await mkdir(path.join(dir, 'p2'));
    await writeFile(path.join(dir, 'p1/seedsnap.config.yaml'), '{}\n');
    await writeFile(path.join(dir, 'p1/seedsnap.config.json'), '{}\n');
    expect((await failure(resolveProject({ cwd: path.join(dir, 'p1') }))).code).toBe('CONFIG_AMBIGUOUS');
    await rm(path.join(dir, 'p1/seedsnap.config.json'));
    await writeFile(path.join(dir, 'p2/seedsnap.config.yaml'), '{}\n');
    await writeFile(path.join(dir, 'p1/x.yaml'), SUITE);
    await writeFile(path.join(dir, 'p2/y.yaml'), SUITE);
    const mixed = await failure(resolveProject({ cwd: dir, suites: ['p1/x.yaml', 'p2/y.yaml'] }));
    expect(mixed.code).toBe('USAGE');
    expect(mixed.message).toContain('the suites belong to different projects');
  });

  it('globs the suites from the config folder, in a stable order', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'evals/deep'), { recursive: true });
    for (const f of ['evals/b.yaml', 'evals/a.yml', 'evals/deep/c.yaml', 'evals/readme.md']) {
      await writeFile(path.join(dir, f), SUITE);
    }
    await writeFile(path.join(dir, 'seedsnap.config.yaml'), 'suites: ["evals/**/*.{yaml,yml}"]\n');
    const project = await resolveProject({ cwd: dir });
    expect(await projectSuites(project, dir)).toEqual(['evals/a.yml', 'evals/b.yaml', 'evals/deep/c.yaml']);
    await writeFile(path.join(dir, 'seedsnap.config.yaml'), 'suites: nothing/*.yaml\n');
    const none = await failure(projectSuites(await resolveProject({ cwd: dir }), dir));
    expect(none.message).toContain('none matches nothing/*.yaml in seedsnap.config.yaml');
  });
});

describe('loadProjectConfig', () => {
  it('reads .json with positions and .mjs by its default export', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'seedsnap.config.json'), '{\n  "reports": "runs",\n  "concurrency": 0\n}\n');
    const json = await failure(loadProjectConfig(path.join(dir, 'seedsnap.config.json')));
    expect(json).toBeInstanceOf(ConfigError);
    expect((json as ConfigError).problems[0]).toMatchObject({
      code: 'CONFIG_VALUE',
      message: 'concurrency must be at least 1',
      location: { line: 3, col: 18 },
    });
    await writeFile(
      path.join(dir, 'seedsnap.config.mjs'),
      'export default { reports: "runs", providers: { together: { max_attempts: 2 } } };\n',
    );
    const mjs = await loadProjectConfig(path.join(dir, 'seedsnap.config.mjs'), { catalog: defaultRegistry });
    expect(mjs.input).toEqual({ reports: 'runs', providers: { together: { max_attempts: 2 } } });
    await writeFile(path.join(dir, 'bad.mjs'), 'export default { report: "runs" };\n');
    const bad = (await failure(loadProjectConfig(path.join(dir, 'bad.mjs')))) as ConfigError;
    expect(bad.problems.map((p) => [p.code, p.hint])).toEqual([['CONFIG_UNKNOWN_KEY', 'did you mean "reports"?']]);
  });
});

describe('applySuiteDefaults', () => {
  it("puts the project's provider keys and concurrency under what the suite says itself", () => {
    const bare = load('provider: openai\nmodels: [sd]\ncases:\n  - { id: a, prompt: a fox }\n');
    const own = load(
      'provider: { name: openai, base_url: "http://127.0.0.1:1/v1", options: { quality: high } }\nconcurrency: 7\nmodels: [sd]\ncases:\n  - { id: a, prompt: a fox }\n',
      'suites/own.yaml',
    );
    const [a, b] = applySuiteDefaults([bare, own], {
      defaultConcurrency: 2,
      providerDefaults: {
        openai: { base_url: 'http://127.0.0.1:2/v1', timeout_ms: 1000, options: { quality: 'low', style: 'x' } },
      },
    });
    expect(a?.concurrency).toBe(2);
    expect(a?.provider).toEqual({
      name: 'openai',
      base_url: 'http://127.0.0.1:2/v1',
      timeout_ms: 1000,
      options: { quality: 'low', style: 'x' },
    });
    expect(b?.concurrency).toBe(7);
    expect(b?.provider).toEqual({
      name: 'openai',
      base_url: 'http://127.0.0.1:1/v1',
      timeout_ms: 1000,
      options: { quality: 'high', style: 'x' },
    });
    // Other providers' defaults do not apply.
    const [c] = applySuiteDefaults([bare], { providerDefaults: { together: { timeout_ms: 5 } } });
    expect(c?.provider).toEqual({ name: 'openai' });
    expect(c?.concurrency).toBe(4);
  });
});
