import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/image/png-encode.js';
import type { RunResults } from '../../../src/types/index.js';
import { runCli } from '../../helpers/cli.js';
import { sendJson, startServer } from '../../helpers/http.js';
import { tempDir } from '../../helpers/tmp.js';

const KEY = 'tgp_v1_ECHOEDKEY_never_store_0987654321';

function pngWithText(text: string): Buffer {
  const png = Buffer.from(encodePng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(90) }, 3));
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.from(text, 'latin1')]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  // After the signature (8) and IHDR (25 bytes).
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
}

const CLEAN = pngWithText('made by a test server').toString('base64');
const TAINTED = pngWithText(`generated for ${KEY}`).toString('base64');

/** `grep -r needle dirs…` as a person would run it: exit 1 and no output means not found. */
function grep(cwd: string, needle: string, dirs: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('grep', ['-r', '-l', needle, ...dirs], { cwd }, (error, stdout) =>
      resolve({ code: error ? Number(error.code) : 0, out: stdout }),
    );
  });
}

describe('strings a server sends back', () => {
  it('never get the key into baselines/ or reports/, stdout or stderr', async () => {
    const server = await startServer((req, res) => {
      const bearer = String(req.headers.authorization);
      const seed = (req.json as { seed: number }).seed;
      const model = {
        1: bearer, // "Bearer <key>", as a careless proxy echoes it
        2: `flux-dev@${KEY}`, // the bare key inside a revision name
        3: `rev-7 (authorization: ${bearer})`,
        4: 'flux-dev@2025-06',
        5: `${'x'.repeat(5000)}${KEY}`,
      }[seed];
      const b64 = seed === 4 ? TAINTED : CLEAN;
      return sendJson(res, 200, { model, data: [{ index: 0, b64_json: b64 }] });
    });
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 's.yaml'),
      `name: echo
provider: { name: together, base_url: ${server.url} }
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 512, height: 512, steps: 28 }
seeds: [1, 2, 3, 4, 5]
cases:
  - { id: fox, prompt: a red fox }
`,
    );
    const result = await runCli(['run', 's.yaml'], { cwd, env: { TOGETHER_API_KEY: KEY } });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    for (const needle of [KEY, 'ECHOEDKEY']) {
      expect(await grep(cwd, needle, ['baselines', 'reports'])).toEqual({ code: 1, out: '' });
    }
    expect(`${result.stdout}${result.stderr}`).not.toContain('ECHOEDKEY');
    expect(result.code).toBe(1);

    const [runId] = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim().split('\n');
    const results = JSON.parse(
      await readFile(path.join(cwd, 'reports', runId ?? '', 'results.json'), 'utf8'),
    ) as RunResults;
    const bySeed = new Map(results.cases.map((c) => [c.seed, c]));
    expect(bySeed.get(1)?.modelRevision).toBe('Bearer [redacted]');
    expect(bySeed.get(2)?.modelRevision).toBe('flux-dev@[redacted]');
    expect(bySeed.get(3)?.modelRevision).toBe('rev-7 (authorization: Bearer [redacted])');
    // A revision name is a short label: a server cannot park kilobytes in every sidecar.
    expect(bySeed.get(5)?.modelRevision?.length).toBeLessThanOrEqual(200);
    // An image whose bytes hold the key is not kept anywhere: that case is an error that says why.
    expect(bySeed.get(4)).toMatchObject({ verdict: 'error', failing: true });
    expect(bySeed.get(4)?.reason).toContain('holds the API key');
    const sidecar = JSON.parse(await readFile(path.join(cwd, 'baselines/echo/fox/FLUX.1-dev/seed=2.json'), 'utf8')) as {
      modelRevision?: string;
    };
    expect(sidecar.modelRevision).toBe('flux-dev@[redacted]');
  });

  it('a request that holds the key is never written to a sidecar, by the run or by approve', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { data: [{ index: 0, b64_json: CLEAN }] }));
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 's.yaml'),
      `name: careless
provider: { name: together, base_url: ${server.url} }
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 512, height: 512, steps: 28 }
cases:
  - { id: sign, prompt: "a sign that reads ${KEY}" }
  - { id: fox, prompt: a red fox }
`,
    );
    const env = { TOGETHER_API_KEY: KEY };
    const run = await runCli(['run', 's.yaml', '--out', 'run'], { cwd, env });
    expect(run.code).toBe(1);
    expect(await grep(cwd, 'ECHOEDKEY', ['baselines', 'run'])).toEqual({ code: 1, out: '' });
    const results = JSON.parse(await readFile(path.join(cwd, 'run', 'results.json'), 'utf8')) as RunResults;
    const sign = results.cases.find((c) => c.case === 'sign');
    expect(sign).toMatchObject({ verdict: 'error', failing: true });
    expect(sign?.reason).toContain('the request holds the value of the API key');
    expect(sign?.request.prompt).toBe('a sign that reads [redacted]');
    expect(results.cases.find((c) => c.case === 'fox')?.verdict).toBe('new');

    // results.json holds the redacted request; approving it would store a request the suite never made.
    const approve = await runCli(['approve', '--run', 'run', '*'], { cwd, env });
    expect(approve.stderr).toContain('not approved careless/sign/FLUX.1-dev/seed=0');
    expect(approve.code).toBe(1);
    expect(await grep(cwd, 'redacted', ['baselines'])).toEqual({ code: 1, out: '' });
    expect(await grep(cwd, 'ECHOEDKEY', ['baselines', 'run'])).toEqual({ code: 1, out: '' });
  });
});
