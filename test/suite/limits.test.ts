/**
 * Suites that would explode are refused before they allocate, and ids that
 * cannot name a file everywhere a baseline is checked out are refused before
 * anything is generated — each with file:line:col.
 */
import { access, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/providers/registry.js';
import { loadSuiteFiles, loadSuiteText } from '../../src/suite/load.js';
import { SuiteError } from '../../src/types/errors.js';
import { runCli } from '../helpers/cli.js';
import { problemsOf } from '../helpers/suites.js';
import { tempDir } from '../helpers/tmp.js';

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i)).join(', ');

/** About 2 KB of YAML asking for 100 × 50 × 100 × 100 = 50 million cases. */
const EXPLOSIVE = `models: [sim-dev]
cases:
  - id: grid
    prompt: a lighthouse
    sweep:
      steps: [${range(100, (i) => i + 1)}]
      guidance_scale: [${range(50, (i) => i / 5)}]
      width: [${range(100, (i) => 64 + 8 * i)}]
      height: [${range(100, (i) => 64 + 8 * i)}]
`;

const SMALL = `models: [sim-dev, { id: sim-schnell, defaults: { aspect_ratio: "1:1", steps: 4 } }]
defaults: { width: 64, height: 64 }
seeds: [1, 2, 3]
cases:
  - id: fox
    prompt: a fox
    models: [sim-dev]
    sweep: { steps: [2, 4], guidance_scale: [1, 2] }
  - id: boat
    prompt: a boat
    models: [sim-schnell]
    seeds: [1]
`;

function loadWith(text: string, maxCases?: number) {
  return loadSuiteText('suites/test.yaml', text, {
    catalog: defaultRegistry,
    ...(maxCases === undefined ? {} : { maxCases }),
  });
}

describe('case count limit', () => {
  it('refuses a 2 KB suite that asks for 50 million cases, at its sweep, before expanding it', () => {
    expect(EXPLOSIVE.length).toBeLessThan(2500);
    const problems = problemsOf(EXPLOSIVE);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'SUITE_TOO_MANY_CASES',
      message:
        'case "grid" expands to 50,000,000 cases (a sweep of 100 × 50 × 100 × 100 × 1 model × 1 seed); a run may have at most 10,000',
      location: { file: 'suites/test.yaml', line: 5, col: 5 },
    });
    expect(problems[0]?.hint).toContain('--max-cases 50000000');
  });

  it('counts models × sweep cells × seeds exactly, and maxCases raises the limit', () => {
    // fox: 1 model × 4 cells × 3 seeds = 12; boat: 1 model × 1 seed = 1.
    expect(loadWith(SMALL, 13).cases).toHaveLength(13);
    expect(() => loadWith(SMALL, 12)).toThrow(SuiteError);
    try {
      loadWith(SMALL, 12);
    } catch (error) {
      const [problem, ...rest] = (error as SuiteError).problems;
      expect(rest).toEqual([]);
      expect(problem?.message).toBe(
        'the suite expands to 13 cases; a run may have at most 12 (the largest case, "fox", makes 12)',
      );
      expect(problem?.location?.line).toBe(8);
    }
  });

  it('counts every suite of a run together', async () => {
    const dir = await tempDir();
    const files = ['a.yaml', 'b.yaml'].map((f) => path.join(dir, f));
    for (const [i, file] of files.entries()) await writeFile(file, SMALL.replace('id: fox', `id: fox${i}`));
    await expect(loadSuiteFiles(files, { catalog: defaultRegistry, maxCases: 26 })).resolves.toHaveLength(2);
    const refused = await loadSuiteFiles(files, { catalog: defaultRegistry, maxCases: 25 }).catch((e) => e);
    expect(refused).toBeInstanceOf(SuiteError);
    expect((refused as SuiteError).problems.map((p) => p.message)).toEqual([
      '2 suites expand to 26 cases; a run may have at most 25 (the largest case, "fox0", makes 12)',
    ]);
  });
});

describe('ids that cannot name a file everywhere', () => {
  it('refuses Windows reserved names for cases, models and suites', () => {
    const problems = problemsOf(`name: con
provider: together
models:
  - { id: acme/model, label: LPT1 }
cases:
  - { id: aux, prompt: x }
  - { id: Nul.v2, prompt: x }
  - { id: com9, prompt: x }
  - { id: fox., prompt: x }
  - { id: console, prompt: x }
`);
    expect(problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.code} ${p.message}`)).toEqual([
      '1:7 SUITE_RESERVED_NAME suite name "con" cannot name a folder on Windows',
      '4:11 SUITE_RESERVED_NAME model label "LPT1" cannot name a folder on Windows',
      '6:11 SUITE_RESERVED_NAME case id "aux" cannot name a folder on Windows',
      '7:11 SUITE_RESERVED_NAME case id "Nul.v2" cannot name a folder on Windows',
      '8:11 SUITE_RESERVED_NAME case id "com9" cannot name a folder on Windows',
      '9:11 SUITE_RESERVED_NAME case id "fox." cannot name a folder on Windows',
    ]);
  });

  it('refuses ids, labels and sweep values that differ only in letter case or Unicode form', () => {
    const problems = problemsOf(`provider: together
models:
  - { id: acme/a, label: Dev }
  - { id: acme/b, label: dev }
cases:
  - { id: Fox, prompt: x }
  - { id: fox, prompt: x }
  - id: boat
    prompt: x
    sweep:
      negative_prompt: ["Blurry", "blurry", "caf\\u00e9", "cafe\\u0301"]
`);
    expect(problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.code} ${p.message}`)).toEqual([
      '4:11 SUITE_ID_COLLISION model labels "Dev" (models[0]) and "dev" differ only in letter case',
      '7:11 SUITE_ID_COLLISION case ids "Fox" (cases[0]) and "fox" differ only in letter case',
      '11:35 SUITE_ID_COLLISION sweep values "Blurry" and "blurry" of negative_prompt differ only in letter case or Unicode form',
      '11:58 SUITE_ID_COLLISION sweep values "caf\u00e9" and "cafe\u0301" of negative_prompt differ only in letter case or Unicode form',
    ]);
  });

  it('refuses an id or a sweep cell that makes a folder name over 255 bytes', () => {
    const long = 'a'.repeat(256);
    const half = 'é'.repeat(25); // 50 bytes of UTF-8, 150 once percent-encoded into a folder name
    const problems = problemsOf(`models: [sim-dev]
defaults: { width: 64, height: 64 }
cases:
  - { id: ${long}, prompt: x }
  - { id: ${'b'.repeat(255)}, prompt: x }
  - id: sweep
    prompt: x
    sweep: { negative_prompt: ["${half}", "short"], output_format: [png] }
  - id: sweep2
    prompt: x
    sweep: { negative_prompt: ["${half}${half}"] }
`);
    expect(problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.code}`)).toEqual([
      '4:11 SUITE_ID_TOO_LONG',
      '11:5 SUITE_ID_TOO_LONG',
    ]);
    expect(problems[0]?.message).toBe(
      `case id "${'a'.repeat(40)}…" is 256 bytes long as a folder name; the limit is 255`,
    );
    expect(problems[1]?.message).toMatch(/^the sweep of case "sweep2" makes folder names of up to 316 bytes/);
  });

  it('refuses two suites whose names differ only in letter case', async () => {
    const dir = await tempDir();
    const files = [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')];
    await writeFile(files[0] ?? '', 'name: Shots\nmodels: [sim-dev]\ncases: [{ id: a, prompt: x }]\n');
    await writeFile(files[1] ?? '', 'name: shots\nmodels: [sim-dev]\ncases: [{ id: a, prompt: x }]\n');
    const refused = await loadSuiteFiles(files, { catalog: defaultRegistry }).catch((e) => e);
    expect((refused as SuiteError).problems.map((p) => p.code)).toEqual(['SUITE_DUPLICATE_ID']);
    expect((refused as SuiteError).problems[0]?.message).toContain('differ only in letter case');
  });
});

describe('seedsnap run on a suite that would explode', () => {
  it('exits 2 with the limit and --max-cases, and writes nothing', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), EXPLOSIVE);
    // A small heap makes the old behaviour (expand everything, run out of memory) fail fast instead of after a minute.
    const env = { NODE_OPTIONS: '--max-old-space-size=192' };
    const run = await runCli(['run', 's.yaml'], { cwd, env });
    expect(run.stderr).toContain('SUITE_TOO_MANY_CASES');
    expect(run.stderr).toContain('--max-cases 50000000');
    expect(run.code).toBe(2);
    expect(await readdir(cwd)).toEqual(['s.yaml']);
    const dry = await runCli(['run', 's.yaml', '--dry-run'], { cwd, env });
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain('SUITE_TOO_MANY_CASES');
  });

  it('--max-cases raises or lowers the limit; a bad value is a usage error', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), SMALL);
    const low = await runCli(['run', 's.yaml', '--max-cases', '12'], { cwd });
    expect(low.code).toBe(2);
    expect(low.stderr).toContain('a run may have at most 12');
    await expect(access(path.join(cwd, 'reports'))).rejects.toThrow();
    const dry = await runCli(['run', 's.yaml', '--max-cases', '13', '--dry-run'], { cwd });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('13 cases');
    const bad = await runCli(['run', 's.yaml', '--max-cases', 'lots'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-cases');
  });
});
