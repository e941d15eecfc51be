/**
 * Every problem reads as a sentence a user can act on: the key, what it must
 * be, what it is, and a hint that fits this very mistake — never a schema
 * library's wording ("Too small: expected array to have >=1 items") or a hint
 * meant for another mistake ("write the number without quotes" for 3.5).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/util/format-problem.js';
import { runCli } from '../helpers/cli.js';
import { problemsOf } from '../helpers/suites.js';
import { tempDir } from '../helpers/tmp.js';

const BAD = `provider: { name: together, base_url: "not a url", timeout_ms: 0 }
models:
  - id: black-forest-labs/FLUX.1-dev
    capabilities: { aspect_ratios: ["wide"] }
seeds: []
defaults: { width: 3.5, height: "512", steps: "four", negative_prompt: 12 }
tolerance: { max_diff_ratio: 2 }
cases:
  - { id: a, prompt: "", image_url: "", reference_images: [] }
  - { id: b, prompt: x, seeds: [-1] }
`;

describe('problem messages', () => {
  const problems = problemsOf(BAD);
  const byKey = (text: string) => problems.find((p) => p.message.startsWith(text));

  it('never pass on the schema library’s own wording', () => {
    expect(problems).toHaveLength(13);
    for (const p of problems) expect(p.message).not.toMatch(/Too small|Too big|Invalid|expected \w+ to/);
  });

  it.each([
    ['provider.base_url', 'provider.base_url must be a full URL, not "not a url"', /https:\/\//],
    ['provider.timeout_ms', 'provider.timeout_ms must be at least 1, not 0', /at least 1/],
    [
      'models[0].capabilities.aspect_ratios[0]',
      'models[0].capabilities.aspect_ratios[0] must look like "16:9", not "wide"',
      /"16:9"/,
    ],
    ['seeds', 'seeds must list at least one value', /add a value/],
    ['defaults.width', 'defaults.width must be a whole number, not number 3.5', /^use a whole number, e\.g\. 4$/],
    ['defaults.height', 'defaults.height must be a number, not string "512"', /^write the number without quotes$/],
    ['defaults.steps', 'defaults.steps must be a number, not string "four"', /^write a number in digits/],
    ['defaults.negative_prompt', 'defaults.negative_prompt must be a string, not number 12', /^quote it: "12"$/],
    ['tolerance.max_diff_ratio', 'tolerance.max_diff_ratio must be at most 1, not 2', /at most 1/],
    ['prompt', 'prompt must not be empty', /^write the prompt text$/],
    ['cases[0].image_url', 'cases[0].image_url must not be empty', /remove the key/],
    ['cases[0].reference_images', 'cases[0].reference_images must list at least one value', /add a value/],
    ['cases[1].seeds[0]', 'cases[1].seeds[0] must be at least 0, not -1', /at least 0/],
  ])('%s: says what it must be, and a hint that fits', (key, message, hint) => {
    const problem = byKey(key);
    expect(problem?.message).toBe(message);
    expect(problem?.hint).toMatch(hint);
  });

  it('a suite warning says warning, not error', () => {
    const text = formatProblem(
      { code: 'SUITE_MODEL', message: 'm', location: { file: 'f', line: 1, col: 1 } },
      { severity: 'warning' },
    );
    expect(text).toBe('f:1:1: warning SUITE_MODEL: m');
  });

  it('the CLI counts the suites the problems are in', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'a.yaml'), 'models: [sim-dev]\ncases: [{ id: a, promt: x }]\n');
    await writeFile(path.join(cwd, 'b.yaml'), 'models: [sim-dev]\ncases: [{ id: b, prompt: "" }]\n');
    const run = await runCli(['run', 'a.yaml', 'b.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('2 problems in 2 suites; nothing was generated.');
  });
});
