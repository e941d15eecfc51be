/** `seedsnap serve` as a user runs it: the real binary, flags, environment, signals. */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Start `seedsnap serve` and wait for the line that gives its address. */
function start(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (url) resolve({ child, url, output: () => output, exited });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('close', (code) => reject(new Error(`serve exited (${code}) before listening:\n${output}`)));
  });
}

const body = JSON.stringify({ model: 'sim-dev', prompt: 'a cat', width: 64, height: 64, steps: 2 });

describe('seedsnap serve', () => {
  it('answers requests and, on SIGTERM, finishes the one in flight before it stops', async () => {
    const server = await start(['--latency', '600']);
    const pending = fetch(`${server.url}/v1/images/generations`, { method: 'POST', body });
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    const response = await pending;
    expect(response.status).toBe(200);
    expect((await response.json()).data).toHaveLength(1);
    await server.exited;
    expect(server.output()).toMatch(/POST \/v1\/images\/generations 200/);
    expect(server.output()).toMatch(/stopped/);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('takes faults from the environment, and a flag wins over its variable', async () => {
    const server = await start(['--retry-after', '3'], {
      SEEDSNAP_SERVE_RATE_LIMIT: '1',
      SEEDSNAP_SERVE_RETRY_AFTER: '9',
      SEEDSNAP_SERVE_FAULT_SEED: '1',
    });
    const response = await fetch(`${server.url}/v1/images/generations`, { method: 'POST', body });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(server.output()).toMatch(/faults: rateLimit=1, retryAfterS=3 \(seed 1\)/);
    server.child.kill('SIGINT');
    await server.exited;
  });

  it('refuses bad option values with exit code 2 and names the flag or variable', async () => {
    const cwd = await tempDir();
    const share = await runCli(['serve', '--rate-limit', '2'], { cwd });
    expect(share.code).toBe(2);
    expect(share.stderr).toMatch(/--rate-limit is "2"; expected a share from 0 to 1/);
    const sum = await runCli(['serve', '--drop', '0.6', '--truncate', '0.6'], { cwd });
    expect(sum.code).toBe(2);
    expect(sum.stderr).toMatch(/add up to 1\.2/);
    const revision = await runCli(['serve'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '7' } });
    expect(revision.code).toBe(2);
    expect(revision.stderr).toMatch(/SEEDSNAP_LOCAL_REVISION/);
  });

  it('says which port is taken', async () => {
    const first = await start([]);
    const port = new URL(first.url).port;
    const second = await runCli(['serve', '--port', port], { cwd: await tempDir() });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`port ${port} is taken`));
    first.child.kill('SIGTERM');
    await first.exited;
  });

  it('documents every fault flag and its environment variable in --help', async () => {
    const help = await runCli(['serve', '--help'], { cwd: await tempDir() });
    expect(help.code).toBe(0);
    for (const flag of ['--latency', '--step-latency', '--rate-limit', '--retry-after', '--server-error', '--drop']) {
      expect(help.stdout).toContain(flag);
    }
    for (const flag of ['--truncate', '--bad-base64', '--not-image', '--wrong-size', '--fault-seed', '--api-key']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain('SEEDSNAP_SERVE_RATE_LIMIT');
    expect(help.stdout).toContain('SIGINT/SIGTERM');
  });
});
