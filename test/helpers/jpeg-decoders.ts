/**
 * What the JPEG decoder tests share (native-decode.test.ts, turbo-decode.test.ts): the built-in model's JPEG,
 * the largest difference of two decodings, and a decoding by the built module in a process of its own.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { LocalModel } from '../../src/providers/local/provider.js';
import { FIXTURES } from './bombs.js';
import { ROOT } from './cli.js';

export const modelJpeg = () =>
  new LocalModel({ revision: 1 }).generate({
    model: 'sim-dev',
    prompt: 'a cabin in a forest with mountains, oil painting',
    seed: 3,
    width: 256,
    height: 192,
    steps: 28,
    output_format: 'jpeg',
  })[0]?.bytes as Uint8Array;

export function maxDifference(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

/**
 * A fixture decoded by decodeImageAsync of the built module (dist/, as the CLI runs it) in a process of its own
 * with `env` added: the decoders are chosen once per process.
 */
export function decodeInProcess(fixtureName: string, env: NodeJS.ProcessEnv): Buffer {
  const decoder = pathToFileURL(path.join(ROOT, 'dist/image/decode.js')).href;
  const script = `const { decodeImageAsync } = await import(${JSON.stringify(decoder)});
    const { readFileSync } = await import('node:fs');
    const image = await decodeImageAsync(readFileSync(process.argv[1]));
    process.stdout.write(Buffer.from(image.data).toString('base64'));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, path.join(FIXTURES, fixtureName)], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  return Buffer.from(child.stdout, 'base64');
}
