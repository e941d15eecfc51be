import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import type { RunningServer } from '../../src/serve/server.js';
import { sha256 } from '../../src/util/hash.js';
import { generate, SMALL, serve } from '../helpers/serve.js';

let server: RunningServer;
beforeAll(async () => {
  server = await serve({ urlTtlMs: 60_000 });
});
afterAll(() => server.close());

describe('POST /v1/images/generations', () => {
  it('answers base64 in Together’s shape, the same bytes the in-process model renders', async () => {
    const body = { ...SMALL, prompt: 'a red fox', seed: 7, n: 2, output_format: 'png' as const };
    const answer = await generate(server, body);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.json).toMatchObject({ id: expect.any(String), model: 'sim-dev', object: 'list' });
    expect(answer.json.data).toHaveLength(2);
    expect(answer.json.data.map((d: { index: number; type: string }) => [d.index, d.type])).toEqual([
      [0, 'b64_json'],
      [1, 'b64_json'],
    ]);
    const { response_format: _, ...request } = body;
    const expected = new LocalModel({ revision: 1 }).generate(request).map((i) => sha256(i.bytes));
    const got = answer.json.data.map((d: { b64_json: string }) => sha256(Buffer.from(d.b64_json, 'base64')));
    expect(got).toEqual(expected);
  });

  it('answers URLs by default, served by the same server, and takes them back as Kontext references', async () => {
    const answer = await generate(server, { model: 'sim-schnell', prompt: 'a lighthouse', seed: 1, steps: 2 });
    expect(answer.status).toBe(200);
    const [item] = answer.json.data;
    expect(item).toMatchObject({
      index: 0,
      type: 'url',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\//),
    });
    const file = await fetch(item.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg'); // the API's default format
    const image = decodeImage(new Uint8Array(await file.arrayBuffer()));
    expect([image.width, image.height]).toEqual([512, 512]);

    const edited = await generate(server, {
      model: 'sim-kontext',
      prompt: 'a forest',
      seed: 2,
      steps: 4,
      image_url: item.url,
    });
    expect(edited.status).toBe(200);
    const foreign = await generate(server, {
      model: 'sim-kontext',
      prompt: 'a forest',
      image_url: 'http://127.0.0.1:9/x.png',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error).toMatchObject({ param: 'image_url', type: 'invalid_request_error' });
  });

  it('lets a URL expire after its time', async () => {
    const brief = await serve({ urlTtlMs: 30 });
    try {
      const answer = await generate(brief, { ...SMALL, prompt: 'a cat', response_format: 'url' });
      await new Promise((resolve) => setTimeout(resolve, 120));
      const file = await fetch(answer.json.data[0].url);
      expect(file.status).toBe(410);
      expect((await file.json()).error.code).toBe('file_expired');
      expect((await fetch(`${brief.url}/files/0123456789abcdef01234567.png`)).status).toBe(404);
    } finally {
      await brief.close();
    }
  });

  it('answers errors as {error: {message, type, param?, code?}} with the API’s statuses', async () => {
    const cases: [unknown, number, Record<string, unknown>][] = [
      ['{not json', 400, { type: 'invalid_request_error', code: 'invalid_json' }],
      [{ prompt: 'x' }, 400, { param: 'model', code: 'missing_required_parameter' }],
      [{ ...SMALL, prompt: 'x', width: 'wide' }, 400, { param: 'width' }],
      [{ ...SMALL, prompt: 'x', width: 100 }, 400, { param: 'width', code: 'invalid_parameter' }],
      [{ ...SMALL, prompt: 'x', steps: 99 }, 400, { param: 'steps' }],
      [{ ...SMALL, prompt: 'x', aspect_ratio: '1:1' }, 400, { param: 'aspect_ratio' }],
      [{ ...SMALL, prompt: 'x', image_loras: [{ path: 'nope', scale: 1 }] }, 400, { param: 'image_loras' }],
      [{ ...SMALL, prompt: 'x', model: 'flux-pro' }, 404, { param: 'model', code: 'model_not_found' }],
      [{ ...SMALL, prompt: 'blood on the snow' }, 422, { code: 'content_policy_violation' }],
      [{ model: 'sim-schnell-free', prompt: 'gore', disable_safety_checker: true }, 422, { param: 'prompt' }],
    ];
    for (const [body, status, error] of cases) {
      const answer = await generate(server, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.json.error, JSON.stringify(body)).toMatchObject({ message: expect.any(String), ...error });
    }
  });

  it('ignores null fields, as Together clients send them for unset ones', async () => {
    const answer = await generate(server, { ...SMALL, prompt: 'a boat', negative_prompt: null, aspect_ratio: null });
    expect(answer.status).toBe(200);
  });
});

describe('the rest of the API', () => {
  it('lists the models with their capabilities', async () => {
    const response = await fetch(`${server.url}/v1/models`);
    const models = await response.json();
    expect(models.map((m: { id: string }) => m.id)).toEqual([
      'sim-schnell',
      'sim-schnell-free',
      'sim-dev',
      'sim-kontext',
      'sim-kling',
      'sim-video',
    ]);
    expect(models[2]).toMatchObject({ object: 'model', type: 'image', capabilities: { sizeMode: 'width_height' } });
    expect(models[4]).toMatchObject({ type: 'video', capabilities: { kind: 'video', keyframes: { required: true } } });
  });

  it('answers 404 for unknown routes and 405 for wrong methods, in the error shape', async () => {
    const missing = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.type).toBe('invalid_request_error');
    expect((await fetch(`${server.url}/v1/images/generations`)).status).toBe(405);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('binds 127.0.0.1 by default', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('API key', () => {
  it('requires Bearer auth when a key is set', async () => {
    const locked = await serve({ apiKey: 'sekret' });
    try {
      const body = { ...SMALL, prompt: 'a cat' };
      const none = await generate(locked, body);
      expect(none.status).toBe(401);
      expect(none.json.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringMatching(/missing/) });
      expect((await generate(locked, body, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await generate(locked, body, { authorization: 'Bearer sekret' })).status).toBe(200);
      expect((await fetch(`${locked.url}/v1/models`)).status).toBe(401);
    } finally {
      await locked.close();
    }
  });
});

describe('revision and jitter', () => {
  it('serves the revision and jitter it was started with', async () => {
    const body = { ...SMALL, prompt: 'a lighthouse at sunset', seed: 3, output_format: 'png' };
    const r2 = await serve({ revision: 2 });
    const jittery = await serve({ jitter: 2 });
    try {
      const one = (await generate(server, body)).json.data[0].b64_json;
      const two = (await generate(r2, body)).json.data[0].b64_json;
      const a = (await generate(jittery, body)).json.data[0].b64_json;
      const b = (await generate(jittery, body)).json.data[0].b64_json;
      expect(two).not.toBe(one);
      expect(a).not.toBe(b);
      expect((await generate(server, body)).json.data[0].b64_json).toBe(one);
    } finally {
      await Promise.all([r2.close(), jittery.close()]);
    }
  });
});

describe('close()', () => {
  it('stops accepting, answers the request in flight, then resolves', async () => {
    const slow = await serve({ faults: { latencyMs: 300 } });
    const pending = generate(slow, { ...SMALL, prompt: 'a cat' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = slow.close();
    expect((await pending).status).toBe(200);
    await closed;
    await expect(fetch(`${slow.url}/health`)).rejects.toThrow();
  });

  it('cuts requests still running after the grace period', async () => {
    const stuck = await serve({ faults: { latencyMs: 60_000 }, graceMs: 100 });
    const pending = generate(stuck, { ...SMALL, prompt: 'a cat' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stuck.close();
    await expect(pending).rejects.toThrow(/fetch failed/);
  });
});
