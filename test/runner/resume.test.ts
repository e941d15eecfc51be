import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/image/png-encode.js';
import type { CaseResult, RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { sendJson, startServer } from '../helpers/http.js';
import { tempDir } from '../helpers/tmp.js';

const image = (fill: number) =>
  Buffer.from(encodePng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(fill) }, 3)).toString('base64');
const BEFORE = image(120);
const AFTER = image(30);
const KEY = 'tgp_v1_resume_test_key_0123456789';

const seedOf = (body: unknown) => (body as { seed: number }).seed;

async function journal(runDir: string): Promise<{ type: string; result?: CaseResult }[]> {
  const text = await readFile(path.join(runDir, 'journal.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; result?: CaseResult });
}

describe('--resume', () => {
  it('generates again what the run was stopped for (a refused key), never what the provider answered', async () => {
    let phase: 'baselines' | 'stopped' | 'fixed' = 'baselines';
    const server = await startServer((req, res) => {
      const seed = seedOf(req.json);
      if (phase === 'baselines') return sendJson(res, 200, { data: [{ index: 0, b64_json: BEFORE }] });
      if (seed === 1) return sendJson(res, 422, { error: { message: 'refused by the safety checker' } });
      if (seed === 2) return sendJson(res, 200, { data: [{ index: 0, b64_json: AFTER }] });
      if (seed === 3 && phase === 'stopped') return sendJson(res, 401, { error: { message: 'invalid api key' } });
      return sendJson(res, 200, { data: [{ index: 0, b64_json: BEFORE }] });
    });
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 's.yaml'),
      `name: stops
provider: { name: together, base_url: ${server.url} }
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 512, height: 512, steps: 28 }
seeds: [1, 2, 3, 4]
concurrency: 1
cases:
  - { id: fox, prompt: a red fox }
`,
    );
    const env = { TOGETHER_API_KEY: KEY };
    expect((await runCli(['run', 's.yaml'], { cwd, env })).code).toBe(0);

    phase = 'stopped';
    const stopped = await runCli(['run', 's.yaml', '--ci', '--out', 'run'], { cwd, env });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('PROVIDER_AUTH');
    expect(stopped.stderr).toContain('then finish the run with  seedsnap run --resume --run run');
    const sentWhenStopped = server.requests.slice(4).map((r) => seedOf(r.json));
    expect(sentWhenStopped).toEqual([1, 2, 3]);
    const entries = (await journal(path.join(cwd, 'run'))).filter((e) => e.type === 'case');
    phase = 'fixed';
    const resumed = await runCli(['run', '--resume', '--run', 'run'], { cwd, env });
    expect(resumed.stderr).not.toMatch(/internal error/);
    // Only the refused case and the one never started were sent again.
    expect(server.requests.slice(7).map((r) => seedOf(r.json))).toEqual([3, 4]);
    const results = JSON.parse(await readFile(path.join(cwd, 'run', 'results.json'), 'utf8')) as RunResults;
    expect(results.status).toBe('complete');
    expect(results.cases.map((c) => [c.seed, c.verdict])).toEqual([
      [1, 'blocked'],
      [2, 'fail'],
      [3, 'pass'],
      [4, 'pass'],
    ]);
    expect(results.cases.some((c) => c.stopped)).toBe(false);
    expect(resumed.code).toBe(1);
    // The journal says which ended on the provider's answer and which because the run was stopped.
    expect(
      entries
        .map((e) => [e.result?.seed, e.result?.verdict, e.result?.stopped])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual([
      [1, 'blocked', undefined],
      [2, 'fail', undefined],
      [3, 'error', 'credentials'],
    ]);
  });
});
