import { afterEach, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode.js';
import { sniffFormat } from '../../src/image/sniff.js';
import type { FaultOptions } from '../../src/serve/faults.js';
import type { RunningServer } from '../../src/serve/server.js';
import { generate, SMALL, serve } from '../helpers/serve.js';

const open: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function faulty(faults: FaultOptions): Promise<RunningServer> {
  const server = await serve({ faults: { seed: 1, ...faults } });
  open.push(server);
  return server;
}

const body = { ...SMALL, prompt: 'a red fox', seed: 5 };

describe('fault injection', () => {
  it('429: answers rate_limit with the Retry-After it was given', async () => {
    const server = await faulty({ rateLimit: 1, retryAfterS: 7 });
    const answer = await generate(server, body);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit' });
  });

  it('5xx: answers 500/503 as JSON errors and 502 as a gateway’s HTML page', async () => {
    const server = await faulty({ serverError: 1 });
    const statuses = new Set<number>();
    for (let seed = 0; seed < 12; seed++) {
      const answer = await generate(server, { ...body, seed });
      statuses.add(answer.status);
      if (answer.status === 502) expect(answer.headers.get('content-type')).toMatch(/text\/html/);
      else expect(answer.json.error.type).toBe('server_error');
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
  });

  it('drop: closes the connection without an answer', async () => {
    const server = await faulty({ drop: 1 });
    await expect(generate(server, body)).rejects.toThrow(/fetch failed/);
  });

  it('truncate: promises a Content-Length and stops halfway', async () => {
    const server = await faulty({ truncate: 1 });
    const response = await fetch(`${server.url}/v1/images/generations`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    const length = Number(response.headers.get('content-length'));
    expect(length).toBeGreaterThan(100);
    await expect(response.text()).rejects.toThrow();
  });

  it('bad base64: b64_json is not valid base64; in url mode the URL leads nowhere', async () => {
    const server = await faulty({ badBase64: 1 });
    const b64 = (await generate(server, body)).json.data[0].b64_json as string;
    expect(/^[A-Za-z0-9+/]*={0,2}$/.test(b64) && b64.length % 4 === 0).toBe(false);
    const url = (await generate(server, { ...body, response_format: 'url' })).json.data[0].url as string;
    expect((await fetch(url)).status).toBe(404);
  });

  it('not an image: valid base64 of an HTML page', async () => {
    const server = await faulty({ notImage: 1 });
    const bytes = Buffer.from((await generate(server, body)).json.data[0].b64_json, 'base64');
    expect(sniffFormat(bytes)).toBeUndefined();
    expect(bytes.toString()).toMatch(/<html>/);
  });

  it('wrong size: a real image of another size than asked', async () => {
    const server = await faulty({ wrongSize: 1 });
    for (const [request, expected] of [
      [body, [128, 128]],
      [{ ...body, width: 512, height: 256 }, [256, 128]],
      [{ model: 'sim-schnell', prompt: 'a cat', steps: 1, aspect_ratio: '1:1', response_format: 'base64' }, [688, 384]],
    ] as const) {
      const image = decodeImage(Buffer.from((await generate(server, request)).json.data[0].b64_json, 'base64'));
      expect([image.width, image.height]).toEqual(expected);
    }
  });

  it('latency: waits a fixed time plus a time per step before answering', async () => {
    const waits: number[] = [];
    // The server's clock, held by the test: it records each wait instead of taking it.
    const server = await serve({
      faults: { seed: 1, latencyMs: 150, stepLatencyMs: 40 },
      wait: async (ms) => {
        waits.push(ms);
      },
    });
    open.push(server);
    expect((await generate(server, { ...body, steps: 5 })).status).toBe(200);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(150 + 5 * 40);
  });

  it('is repeatable: the same seed gives the same faults to the same requests, in any order', async () => {
    const faults = { rateLimit: 0.3, serverError: 0.2, notImage: 0.2 };
    const bodies = Array.from({ length: 16 }, (_, i) => ({ ...body, seed: i }));
    const outcome = async (server: RunningServer, b: object) => {
      const answer = await generate(server, b);
      return answer.status === 200
        ? (sniffFormat(Buffer.from(answer.json.data[0].b64_json, 'base64')) ?? 'html')
        : answer.status;
    };
    const first = await faulty({ ...faults, seed: 42 });
    const second = await faulty({ ...faults, seed: 42 });
    const forward = await Promise.all(bodies.map((b) => outcome(first, b)));
    const backward = (await Promise.all([...bodies].reverse().map((b) => outcome(second, b)))).reverse();
    expect(backward).toEqual(forward);
    expect(new Set(forward).size).toBeGreaterThan(2); // the mix really mixes
    // A retried request is a new draw: with a 30% 429 share, some retries of a 429 succeed.
    const retried = await Promise.all(bodies.map((b) => outcome(first, b)));
    expect(retried).not.toEqual(forward);
    const other = await faulty({ ...faults, seed: 43 });
    expect(await Promise.all(bodies.map((b) => outcome(other, b)))).not.toEqual(forward);
  });
});
