import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { startServer } from '../helpers/http.js';
import { png, solid } from '../helpers/images.js';
import { tempDir } from '../helpers/tmp.js';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Run the real binary as `seedsnap ARGS 2>&1 | head -1` would: stdout and stderr are one pipe, and the
 * reader closes it once `closeAfter` resolves (immediately, or after the first chunk arrived).
 */
function runIntoClosedPipe(
  args: readonly string[],
  options: { cwd: string; closeAfter?: 'start' | 'first-line'; onClosed?: () => void; mergeStderr?: boolean },
): Promise<Exit> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  // `exec` makes the shell become the node process, so the exit code is seedsnap's own.
  const child = spawn('sh', ['-c', `exec ${command}${options.mergeStderr === false ? '' : ' 2>&1'}`], {
    cwd: options.cwd,
    env: { ...process.env, CI: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const close = () => {
    child.stdout.destroy();
    options.onClosed?.();
  };
  if (options.closeAfter === 'first-line') child.stdout.once('data', close);
  else close();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const LOCAL_SUITE = `name: piped
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 8, output_format: png }
seeds: [1, 2, 3]
cases:
  - { id: fox, prompt: a red fox in snow }
`;

async function latest(cwd: string): Promise<RunResults> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  return JSON.parse(await readFile(path.join(cwd, 'reports', name, 'results.json'), 'utf8')) as RunResults;
}

describe('a closed output pipe (seedsnap … | head -1)', () => {
  it('never kills a run: it finishes, writes its report and keeps its exit code', async () => {
    const cwd = await tempDir();
    // Requests wait until the pipe is closed, so every line after the first meets a closed pipe.
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const image = Buffer.from(png(solid(64, 64))).toString('base64');
    const server = await startServer(async (_req, res: ServerResponse) => {
      await gate;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ created: 1, data: [{ b64_json: image }] }));
    });
    await writeFile(
      path.join(cwd, 'remote.yaml'),
      `name: remote\nprovider: { name: openai, base_url: "${server.url}/v1" }\nmodels: [sd-turbo]\ndefaults: { width: 64, height: 64 }\nseeds: [1, 2, 3, 4]\ncases:\n  - { id: fox, prompt: a red fox }\n`,
    );
    const piped = await runIntoClosedPipe(['run', 'remote.yaml'], { cwd, closeAfter: 'first-line', onClosed: open });
    expect(piped.signal).toBeNull();
    expect(piped.code).toBe(0);
    const results = await latest(cwd);
    expect(results.status).toBe('complete');
    expect(results.cases.map((c) => c.verdict)).toEqual(['new', 'new', 'new', 'new']);
    expect(server.requests).toHaveLength(4);
  });

  it('a run whose stdout and stderr are closed before it starts still writes every result', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'piped.yaml'), LOCAL_SUITE);
    const piped = await runIntoClosedPipe(['run', 'piped.yaml'], { cwd });
    expect(piped.code).toBe(0);
    expect((await latest(cwd)).cases).toHaveLength(3);
    expect((await runIntoClosedPipe(['run', 'piped.yaml', '--ci'], { cwd })).code).toBe(0);
    // A changed request makes the baselines stale: the exit code still says so.
    await writeFile(path.join(cwd, 'piped.yaml'), LOCAL_SUITE.replace('red fox', 'grey wolf'));
    expect((await runIntoClosedPipe(['run', 'piped.yaml', '--ci'], { cwd })).code).toBe(1);
  });

  it('listing commands exit quietly: no EPIPE stack on stderr, their usual exit code', async () => {
    const cwd = await tempDir();
    // Enough cases that the listing cannot fit in a pipe buffer.
    const seeds = Array.from({ length: 3000 }, (_, i) => i + 1).join(', ');
    await writeFile(path.join(cwd, 'many.yaml'), LOCAL_SUITE.replace('seeds: [1, 2, 3]', `seeds: [${seeds}]`));
    await writeFile(path.join(cwd, 'piped.yaml'), LOCAL_SUITE);
    expect((await runCli(['run', 'piped.yaml'], { cwd })).code).toBe(0);
    const a = await readFile(path.join(cwd, 'baselines/piped/fox/sim-dev/seed=1.png'));
    const b = await readFile(path.join(cwd, 'baselines/piped/fox/sim-dev/seed=2.png'));
    await writeFile(path.join(cwd, 'a.png'), a);
    await writeFile(path.join(cwd, 'b.png'), b);

    const commands: [string[], number][] = [
      [['run', 'many.yaml', '--dry-run'], 0],
      [['baselines', 'list', 'piped.yaml'], 0],
      [['baselines', 'list', 'piped.yaml', '--json'], 0],
      [['diff', 'a.png', 'b.png'], 1],
      [['diff', 'a.png', 'b.png', '--json'], 1],
      [['--help'], 0],
    ];
    for (const [args, code] of commands) {
      const piped = await runIntoClosedPipe(args, { cwd, mergeStderr: false });
      expect({ args, code: piped.code, stderr: piped.stderr }).toEqual({ args, code, stderr: '' });
    }
  });
});
