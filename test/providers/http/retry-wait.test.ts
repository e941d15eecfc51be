import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/image/png-encode.js';
import { runSuites } from '../../../src/runner/run.js';
import type { RunWait } from '../../../src/types/index.js';
import { runCli } from '../../helpers/cli.js';
import { sendJson, startServer } from '../../helpers/http.js';
import { tempDir } from '../../helpers/tmp.js';

const PNG = Buffer.from(encodePng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(120) }, 3)).toString(
  'base64',
);
const HOUR_S = 3600;

/** A server that asks every first request of a seed to come back in an hour. */
async function slowServer() {
  const seen = new Set<number>();
  return startServer((req, res) => {
    const seed = (req.json as { seed: number }).seed;
    if (!seen.has(seed)) {
      seen.add(seed);
      return sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after': String(HOUR_S) });
    }
    return sendJson(res, 200, { data: [{ index: 0, b64_json: PNG }] });
  });
}

function suite(base: string, limits: string) {
  return `name: remote
provider:
  name: together
  base_url: ${base}
${limits}
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 512, height: 512, steps: 28 }
seeds: [1]
cases:
  - { id: fox, prompt: a red fox }
`;
}

async function waitsOf(limits: string): Promise<RunWait[]> {
  const server = await slowServer();
  const dir = await tempDir();
  await writeFile(path.join(dir, 's.yaml'), suite(server.url, limits));
  const waits: RunWait[] = [];
  const { results } = await runSuites({
    suites: [path.join(dir, 's.yaml')],
    baselinesDir: path.join(dir, 'b'),
    reportsDir: path.join(dir, 'r'),
    env: { TOGETHER_API_KEY: 'tgp_v1_retry_wait_key_0123456789' },
    listeners: [{ onWait: (wait) => waits.push(wait) }],
  });
  expect(results.cases[0]).toMatchObject({ verdict: 'new', attempts: 2 });
  return waits;
}

describe('Retry-After', () => {
  it('is capped by max_retry_wait_ms, else by timeout_ms, and the run says what it waits for', async () => {
    const asked = HOUR_S * 1000;
    expect(await waitsOf('  max_retry_wait_ms: 40')).toEqual([
      {
        id: 'remote/fox/FLUX.1-dev/seed=1',
        ms: 40,
        attempt: 1,
        reason: 'Together: slow down (HTTP 429)',
        askedMs: asked,
      },
    ]);
    // timeout_ms must leave a loopback answer time to arrive; the capped pause (1 s here) is really waited.
    expect((await waitsOf('  timeout_ms: 1000')).map((w) => [w.ms, w.askedMs])).toEqual([[1000, asked]]);
    expect((await waitsOf('  timeout_ms: 1000\n  max_retry_wait_ms: 20')).map((w) => w.ms)).toEqual([20]);
  });

  it('prints a wait over 2 s as a log line in CI', async () => {
    const server = await slowServer();
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), suite(server.url, '  max_retry_wait_ms: 2100'));
    const result = await runCli(['run', 's.yaml'], {
      cwd,
      env: { CI: '1', TOGETHER_API_KEY: 'tgp_v1_retry_wait_key_0123456789' },
    });
    expect(result.stderr).toContain(
      'waiting 2.1 s before retrying remote/fox/FLUX.1-dev/seed=1: Together: slow down (HTTP 429) (the server asked for 60 min 0 s)\n',
    );
    expect(result.code).toBe(1); // CI: a new case without a baseline fails
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a max_retry_wait_ms that is not a whole number of milliseconds', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), suite('http://127.0.0.1:9', '  max_retry_wait_ms: -5'));
    const result = await runCli(['run', 's.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('s.yaml:5:22: error SUITE_VALUE: provider.max_retry_wait_ms');
  });
});
