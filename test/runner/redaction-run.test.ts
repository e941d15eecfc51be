import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// Prompts a person may well write: header-shaped text that the old JSON-text redaction turned into broken JSON.
const POSTER = 'a poster that says "Authorization: Required" on a wall';
const SIGN = 'a street sign reading x-api-key=12345678" in neon';
const BEARER = 'a bear holding a sign: Bearer abcdefghijklmnop, sk-proj-ABCDEFGHIJKLMNOPQRST';

const SUITE = `name: words
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 4 }
cases:
  - id: poster
    prompt: '${POSTER}'
  - id: sign
    prompt: '${SIGN}'
  - id: bear
    prompt: '${BEARER}'
`;

async function onlyRun(cwd: string): Promise<string> {
  const [name] = (await readdir(path.join(cwd, 'reports'))).filter((n) => !n.startsWith('.'));
  if (!name) throw new Error('no run folder');
  return path.join(cwd, 'reports', name);
}

describe('redaction in a run', () => {
  it('runs prompts that look like headers, keeps them verbatim everywhere, and resumes them', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), SUITE);
    const first = await runCli(['run', 's.yaml', '--reports', 'reports'], { cwd });
    expect(first.stderr).not.toMatch(/internal error|SyntaxError/);
    expect(first.code).toBe(0);
    const runDir = await onlyRun(cwd);
    const results = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(results.cases.map((c) => [c.verdict, c.request.prompt])).toEqual([
      ['new', POSTER],
      ['new', SIGN],
      ['new', BEARER],
    ]);
    // The sidecars hold the request exactly as the suite asked for it.
    for (const [id, prompt] of [
      ['poster', POSTER],
      ['sign', SIGN],
      ['bear', BEARER],
    ]) {
      const sidecar = JSON.parse(await readFile(path.join(cwd, `baselines/words/${id}/sim-dev/seed=0.json`), 'utf8'));
      expect(sidecar.request.prompt).toBe(prompt);
    }
    // A journal full of such prompts resumes: the report is rebuilt from it without generating anything.
    await rm(path.join(runDir, 'results.json'));
    const resumed = await runCli(['run', '--resume', '--run', path.relative(cwd, runDir)], { cwd });
    expect(resumed.stderr).not.toMatch(/internal error|SyntaxError/);
    expect(resumed.code).toBe(0);
    const again = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(again.cases.map((c) => c.request.prompt)).toEqual([POSTER, SIGN, BEARER]);
    // The baselines written are the suite's own: the next run matches them (not stale).
    const second = await runCli(['run', 's.yaml', '--ci'], { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('pass 3');
  });
});
