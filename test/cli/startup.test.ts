/**
 * Issue 15 goal 6: start-up. `seedsnap --help` and `seedsnap diff` on two small images load only what they
 * use: no command's implementation, no schema library, no YAML parser, no JavaScript codec, no libvips; and
 * `seedsnap compare` of two run folders nothing but reading them, comparing and its own report.
 * The time itself is the bench's (bench/startup.mjs): here a module hook records every module the real
 * binary resolves, which holds on any machine at any load.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/image/png-encode.js';
import { writeResults } from '../../src/report/results-file.js';
import type { RunResults } from '../../src/types/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.SEEDSNAP_TEST_LOADED, result.url + '\\n');
  return result;
}
`;

/**
 * The modules a process resolved (paths relative to the repository): `start` runs it with `env`, which
 * registers a hook that records every resolution.
 */
async function modulesResolved<T>(
  cwd: string,
  name: string,
  start: (env: NodeJS.ProcessEnv) => Promise<T>,
): Promise<{ started: T; modules: string[] }> {
  await writeFile(path.join(cwd, 'hooks.mjs'), HOOKS);
  await writeFile(
    path.join(cwd, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(cwd, 'hooks.mjs')).href)});\n`,
  );
  const log = path.join(cwd, `loaded-${name}.txt`);
  const started = await start({
    NODE_OPTIONS: `--import ${pathToFileURL(path.join(cwd, 'register.mjs')).href}`,
    SEEDSNAP_TEST_LOADED: log,
  });
  const root = pathToFileURL(ROOT).href;
  const modules = (await readFile(log, 'utf8'))
    .split('\n')
    .filter((url) => url.startsWith(root))
    .map((url) => url.slice(root.length + 1));
  return { started, modules: [...new Set(modules)] };
}

/** The modules the real binary resolved for `args`. */
async function loaded(args: string[], cwd: string): Promise<{ code: number | null; modules: string[] }> {
  const { started, modules } = await modulesResolved(cwd, args[0] ?? 'none', (env) => runCli(args, { cwd, env }));
  return { code: started.code, modules };
}

const HEAVY = [
  /^node_modules\/(zod|yaml|pngjs|jpeg-js|fflate|sharp|ajv)\//,
  /^dist\/(runner\/run|runner\/case|runs\/|suite\/load|suite\/schema|providers\/|serve\/|review\/server|report\/reporters|baselines\/)/,
];

/** A finished run of one 64×64 case whose image is `shift` away from another's. */
async function oneCaseRun(runDir: string, runId: string, shift: number): Promise<void> {
  const data = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i > 6000 ? shift : 0)) & 255;
  const actual = 'actual/s/fox/m/seed=1.png';
  await mkdir(path.join(runDir, 'actual/s/fox/m'), { recursive: true });
  await writeFile(path.join(runDir, actual), encodePng({ width: 64, height: 64, data }, 3));
  const request = { model: 'm', prompt: 'a fox', seed: 1, width: 64, height: 64 };
  const results: RunResults = {
    schemaVersion: 2,
    tool: { name: 'seedsnap', version: '0.0.0' },
    runId,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    status: 'complete',
    options: { ci: false, update: 'none' },
    suites: [{ name: 's', file: 's.yaml', provider: 'local', models: ['m'], cases: 1 }],
    summary: {
      total: 1,
      images: 1,
      failing: 0,
      updated: 0,
      byVerdict: { error: 0, fail: 0, stale: 0, flaky: 0, new: 1, blocked: 0, pass: 0 },
    },
    cases: [
      {
        id: 's/fox/m/seed=1',
        suite: 's',
        case: 'fox',
        model: 'm',
        modelLabel: 'm',
        seed: 1,
        provider: 'local',
        request,
        fingerprint: 'x',
        expect: 'image',
        verdict: 'new',
        failing: false,
        images: [{ index: 0, verdict: 'new', actual, width: 64, height: 64, format: 'png' }],
        attempts: 1,
        durationMs: 5,
      },
    ],
  };
  await writeResults(runDir, results);
}

describe('start-up', () => {
  it('`seedsnap --help` loads the command list and nothing a command needs to run', async () => {
    const cwd = await tempDir();
    const { code, modules } = await loaded(['--help'], cwd);
    expect(code).toBe(0);
    expect(modules).toContain('dist/cli/main.js');
    expect(modules.filter((m) => HEAVY.some((re) => re.test(m)))).toEqual([]);
  });

  it('`seedsnap diff a.png b.png` on small images loads the comparator, not the run, the suites or libvips', async () => {
    const cwd = await tempDir();
    const image = (shift: number) => {
      const data = new Uint8Array(64 * 64 * 3);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i > 6000 ? shift : 0)) & 255;
      return encodePng({ width: 64, height: 64, data }, 3);
    };
    await writeFile(path.join(cwd, 'a.png'), image(0));
    await writeFile(path.join(cwd, 'b.png'), image(40));
    const { code, modules } = await loaded(['diff', 'a.png', 'b.png'], cwd);
    expect(code).toBe(1);
    expect(modules).toContain('dist/compare/pixel-pass.js');
    expect(modules.filter((m) => HEAVY.some((re) => re.test(m)))).toEqual([]);
  });

  it('`seedsnap compare A B --out DIR` loads no project config, no baselines, no run reporters, no codec library', async () => {
    const cwd = await tempDir();
    await oneCaseRun(path.join(cwd, 'a'), 'a', 0);
    await oneCaseRun(path.join(cwd, 'b'), 'b', 40);
    const { code, modules } = await loaded(['compare', 'a', 'b', '--out', 'ab'], cwd);
    expect(code).toBe(0);
    expect(modules).toContain('dist/runs/compare-runs.js');
    const heavy = [
      /^node_modules\/(yaml|pngjs|jpeg-js|fflate|sharp|ajv)\//,
      /^dist\/(runner\/run|runner\/case|suite\/load|suite\/schema|providers\/|serve\/|review\/server|report\/reporters|baselines\/|cli\/project)/,
    ];
    expect(modules.filter((m) => heavy.some((re) => re.test(m)))).toEqual([]);
  });

  it('the compare pool and the run comparison load no comparator on the calling thread until it compares there', async () => {
    const cwd = await tempDir();
    const dist = (file: string) => pathToFileURL(path.join(ROOT, 'dist', file)).href;
    const script = `await import(${JSON.stringify(dist('runs/compare-runs.js'))}); await import(${JSON.stringify(dist('compare/compare-pool.js'))});`;
    const { modules } = await modulesResolved(cwd, 'import', (env) =>
      promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        cwd,
        env: { ...process.env, ...env },
      }),
    );
    expect(modules).toContain('dist/runs/compare-runs.js');
    // The report's figures may name a finding's constants (findings/gates.js, translation.js); the pass,
    // the decoders in place and the findings' walks are the workers' to load.
    const comparator = modules.filter((m) =>
      /^dist\/compare\/(compare|pixel-pass|pixel-pass-wasm|placed-pair|decode-cache|findings\/figures|findings\/local)\.js$/.test(
        m,
      ),
    );
    expect(comparator).toEqual([]);
  });
});
