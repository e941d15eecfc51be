import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/image/png-encode.js';
import { runSuites } from '../../../src/runner/run.js';
import type { RunResults, RunWait } from '../../../src/types/index.js';
import { runCli } from '../../helpers/cli.js';
import { sendJson, startServer } from '../../helpers/http.js';
import { tempDir } from '../../helpers/tmp.js';

const PNG = Buffer.from(encodePng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(120) }, 3)).toString(
  'base64',
);
const KEY = 'tgp_v1_SECRETKEY_do_not_leak_123456';

function suite(base: string, extra = '') {
  return `name: remote
provider:
  name: together
  base_url: ${base}
  max_attempts: 3
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 512, height: 512, steps: 28 }
seeds: [1, 2, 3, 4]
concurrency: 1
cases:
  - id: fox
    prompt: a red fox
${extra}`;
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('Together provider in a run', () => {
  it('stops the whole run after the first 401 and exits 2', async () => {
    const server = await startServer((_req, res) => sendJson(res, 401, { error: { message: 'invalid api key' } }));
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), suite(server.url));
    const result = await runCli(['run', 's.yaml'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PROVIDER_AUTH');
    expect(server.requests).toHaveLength(1);
  });

  it('honours Retry-After, bounds attempts and records them per case', async () => {
    let calls = 0;
    const server = await startServer((req, res) => {
      calls++;
      const seed = (req.json as { seed: number }).seed;
      if (seed === 1 && calls === 1)
        return sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after-ms': '300' });
      if (seed === 2) return sendJson(res, 503, { error: { message: 'overloaded' } });
      return sendJson(res, 200, { data: [{ index: 0, b64_json: PNG, type: 'b64_json' }] });
    });
    const dir = await tempDir();
    await writeFile(path.join(dir, 's.yaml'), suite(server.url));
    const waits: RunWait[] = [];
    const { results } = await runSuites({
      suites: [path.join(dir, 's.yaml')],
      baselinesDir: path.join(dir, 'b'),
      reportsDir: path.join(dir, 'r'),
      env: { TOGETHER_API_KEY: KEY },
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      listeners: [{ onWait: (wait) => waits.push(wait) }],
    });
    const bySeed = Object.fromEntries(results.cases.map((c) => [c.seed, c]));
    expect(bySeed[1]).toMatchObject({ verdict: 'new', attempts: 2 });
    expect(bySeed[2]).toMatchObject({ verdict: 'error', attempts: 3, reason: 'Together: overloaded (HTTP 503)' });
    // The pause the runner took before seed 1's second try is the one the server asked for.
    const seed1 = waits.filter((w) => w.id === bySeed[1]?.id);
    expect(seed1.map((w) => ({ ms: w.ms, attempt: w.attempt }))).toEqual([{ ms: 300, attempt: 1 }]);
  });

  it('never writes the key into any output, even when the server echoes it', async () => {
    const server = await startServer((req, res) => {
      const auth = String(req.headers.authorization);
      if ((req.json as { seed: number }).seed % 2 === 0) {
        return sendJson(res, 400, { error: { message: `bad request from ${auth} (key ${KEY})` } });
      }
      return sendJson(res, 200, { data: [{ index: 0, b64_json: PNG }] });
    });
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), suite(server.url));
    const result = await runCli(['run', 's.yaml', '--reporter', 'html,junit,markdown'], {
      cwd,
      env: { TOGETHER_API_KEY: KEY },
    });
    expect(result.code).toBe(1);
    const files = await allFiles(cwd);
    expect(files.some((f) => f.endsWith('results.json'))).toBe(true);
    for (const file of files) {
      const text = await readFile(file, 'latin1');
      expect(text.includes(KEY), file).toBe(false);
      expect(text.includes('SECRETKEY'), file).toBe(false);
    }
    expect(result.stdout + result.stderr).not.toContain('SECRETKEY');
    const runDir = path.dirname(files.find((f) => f.endsWith('results.json')) ?? '');
    const results = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(results.cases.find((c) => c.seed === 2)?.reason).toBe(
      'Together: bad request from Bearer [redacted] (key [redacted]) (HTTP 400)',
    );
  });

  it('prints the estimated cost in a dry run and refuses a run over --max-cost before sending anything', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { data: [{ index: 0, b64_json: PNG }] }));
    const cwd = await tempDir();
    // 4 seeds × 1024² at 42 steps (1.5 × the default) on FLUX.1-dev at $0.025/MP ≈ 4 × 1.048576 × 1.5 × 0.025 = $0.157
    await writeFile(
      path.join(cwd, 's.yaml'),
      suite(server.url).replace('width: 512, height: 512, steps: 28', 'width: 1024, height: 1024, steps: 42'),
    );
    const dry = await runCli(['run', 's.yaml', '--dry-run'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('4 cases, 4 images, 4.19 megapixels, estimated cost $0.16; nothing was sent');
    const refused = await runCli(['run', 's.yaml', '--max-cost', '0.10'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('COST_LIMIT: the estimated cost $0.16');
    expect(server.requests).toHaveLength(0);
    const allowed = await runCli(['run', 's.yaml', '--max-cost', '1'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(allowed.code).toBe(0);
    expect(server.requests).toHaveLength(4);
  });

  it('runs an unknown model with a warning, and checks one the suite describes', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { data: [{ index: 0, b64_json: PNG }] }));
    const cwd = await tempDir();
    const unknown = suite(server.url).replace('models: [black-forest-labs/FLUX.1-dev]', 'models: [acme/flux-custom]');
    await writeFile(path.join(cwd, 's.yaml'), unknown);
    const run = await runCli(['run', 's.yaml'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'provider "together" does not know model "acme/flux-custom"; it runs without capability checks',
    );
    const described = unknown.replace(
      'models: [acme/flux-custom]',
      'models:\n  - id: acme/flux-custom\n    capabilities: { size_mode: aspect_ratio, aspect_ratios: ["1:1"] }',
    );
    await writeFile(path.join(cwd, 's.yaml'), described);
    const checked = await runCli(['run', 's.yaml'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain('model "acme/flux-custom" does not accept "width"');
  });

  it('refuses a FLUX Schnell suite that sizes by width/height, before any request', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { data: [] }));
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), suite(server.url).replace('FLUX.1-dev', 'FLUX.1-schnell'));
    const run = await runCli(['run', 's.yaml'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('black-forest-labs/FLUX.1-schnell is sized by aspect_ratio');
    expect(server.requests).toHaveLength(0);
  });
});
