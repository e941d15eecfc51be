import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/image/png-encode.js';
import { togetherFactory } from '../../../src/providers/together/factory.js';
import { TogetherProvider, togetherBody } from '../../../src/providers/together/provider.js';
import { ProviderError } from '../../../src/types/errors.js';
import type { ImageRequest } from '../../../src/types/index.js';
import { sendJson, startServer } from '../../helpers/http.js';

const PNG = encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(99) }, 3);
const B64 = Buffer.from(PNG).toString('base64');
const request: ImageRequest = {
  model: 'black-forest-labs/FLUX.1-dev',
  prompt: 'a fox',
  seed: 7,
  width: 512,
  height: 512,
  steps: 28,
};

function provider(base: string, key = 'tgp_v1_testkey_0123456789abcdef') {
  return togetherFactory.create({ name: 'together', base_url: base }, { TOGETHER_API_KEY: key });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

const ctx = () => ({ signal: new AbortController().signal, attempt: 1 });

describe('Together provider', () => {
  it('posts exactly the documented fields, the extra map and a Bearer key', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, {
        id: 'x',
        model: 'm',
        object: 'list',
        data: [{ index: 0, b64_json: B64, type: 'b64_json' }],
      }),
    );
    const generation = await provider(server.url).generate(
      { ...request, negative_prompt: 'blurry', n: 1, output_format: 'png', extra: { scheduler: 'euler' } },
      ctx(),
    );
    expect(generation.images[0]?.format).toBe('png');
    const sent = server.requests[0];
    expect(sent?.url).toBe('/images/generations');
    expect(sent?.headers.authorization).toBe('Bearer tgp_v1_testkey_0123456789abcdef');
    expect(sent?.json).toEqual({
      scheduler: 'euler',
      model: 'black-forest-labs/FLUX.1-dev',
      prompt: 'a fox',
      negative_prompt: 'blurry',
      seed: 7,
      width: 512,
      height: 512,
      steps: 28,
      n: 1,
      output_format: 'png',
      response_format: 'base64',
    });
    expect(Object.keys(togetherBody(request))).not.toContain('extra');
  });

  it('maps statuses: 422 blocked, 400/404 errors with the message, 401/402/403 auth, 429/5xx transient with Retry-After', async () => {
    const cases: [number, Record<string, string>, string, number | undefined][] = [
      [422, {}, 'blocked', undefined],
      [400, {}, 'invalid', undefined],
      [404, {}, 'invalid', undefined],
      [401, {}, 'auth', undefined],
      [402, {}, 'auth', undefined],
      [403, {}, 'auth', undefined],
      [429, { 'retry-after-ms': '250' }, 'transient', 250],
      [429, { 'retry-after': '2' }, 'transient', 2000],
      [408, {}, 'transient', undefined],
      [409, {}, 'transient', undefined],
      [503, {}, 'transient', undefined],
    ];
    for (const [status, headers, kind, wait] of cases) {
      const server = await startServer((_req, res) =>
        sendJson(res, status, { error: { message: `status ${status} said no`, type: 'x' } }, headers),
      );
      const error = await failure(provider(server.url).generate(request, ctx()));
      expect([status, error.kind, error.status, error.retryAfterMs]).toEqual([status, kind, status, wait]);
      expect(error.message).toBe(`Together: status ${status} said no`);
    }
  });

  it('classifies broken answers: dropped connection, not JSON, malformed base64, too few images', async () => {
    const drop = await startServer((_req, res) => {
      res.socket?.destroy();
    });
    expect((await failure(provider(drop.url).generate(request, ctx()))).kind).toBe('transient');
    const truncated = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": [{"b64_json": "iVBOR');
    });
    expect((await failure(provider(truncated.url).generate(request, ctx()))).kind).toBe('response');
    const badBase64 = await startServer((_req, res) =>
      sendJson(res, 200, { data: [{ index: 0, b64_json: '!!not base64!!' }] }),
    );
    expect((await failure(provider(badBase64.url).generate(request, ctx()))).message).toMatch(
      /base64 image is malformed/,
    );
    const short = await startServer((_req, res) => sendJson(res, 200, { data: [{ index: 0, b64_json: B64 }] }));
    expect((await failure(provider(short.url).generate({ ...request, n: 3 }, ctx()))).message).toMatch(
      /asked for 3 image\(s\), got 1/,
    );
  });

  it('downloads url answers with a User-Agent, following at most 3 redirects', async () => {
    const server = await startServer((req, res, self) => {
      if (req.url === '/images/generations') {
        const hops = (req.json as { extra_hops?: number }).extra_hops ?? 0;
        sendJson(res, 200, { data: [{ index: 0, url: `${self.url}/hop/${hops}`, type: 'url' }] });
        return;
      }
      if (!req.headers['user-agent']?.startsWith('seedsnap/')) {
        res.writeHead(403).end('no user agent, no image');
        return;
      }
      const left = Number(req.url.split('/').pop());
      if (left > 0) {
        res.writeHead(302, { location: `/hop/${left - 1}` }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(PNG));
    });
    const asUrl = { ...request, response_format: 'url' as const };
    const ok = await provider(server.url).generate({ ...asUrl, extra: { extra_hops: 3 } }, ctx());
    expect(Buffer.from(ok.images[0]?.bytes ?? []).equals(Buffer.from(PNG))).toBe(true);
    const tooMany = await failure(provider(server.url).generate({ ...asUrl, extra: { extra_hops: 4 } }, ctx()));
    expect(tooMany.message).toMatch(/more than 3 redirects/);
    const downloads = server.requests.filter((r) => r.url.startsWith('/hop/'));
    expect(downloads.every((r) => r.headers['user-agent']?.startsWith('seedsnap/'))).toBe(true);
  });

  it('refuses non-http image URLs and images over the size limit', async () => {
    const fileUrl = await startServer((_req, res) =>
      sendJson(res, 200, { data: [{ index: 0, url: 'file:///etc/passwd' }] }),
    );
    expect((await failure(provider(fileUrl.url).generate(request, ctx()))).message).toMatch(
      /refusing to download a file: URL/,
    );
    const huge = await startServer((req, res, self) => {
      if (req.url === '/images/generations')
        return sendJson(res, 200, { data: [{ index: 0, url: `${self.url}/big` }] });
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(4096));
    });
    const small = new TogetherProvider({
      baseUrl: huge.url,
      apiKey: undefined,
      downloadTimeoutMs: 5000,
      maxImageBytes: 1024,
    });
    expect((await failure(small.generate(request, ctx()))).message).toMatch(/over the 1024/);
  });

  it('needs TOGETHER_API_KEY for a remote base URL but not for a local server', () => {
    expect(() => togetherFactory.create({ name: 'together' }, {})).toThrow(/TOGETHER_API_KEY is not set/);
    try {
      togetherFactory.create({ name: 'together' }, {});
    } catch (error) {
      expect(error).toMatchObject({ code: 'CREDENTIALS', exitCode: 2 });
    }
    expect(togetherFactory.create({ name: 'together', base_url: 'http://127.0.0.1:9/v1' }, {})).toBeInstanceOf(
      TogetherProvider,
    );
    const fromEnv = togetherFactory.create({ name: 'together' }, { TOGETHER_BASE_URL: 'http://localhost:1/v1' });
    expect(fromEnv).toBeInstanceOf(TogetherProvider);
  });
});

describe('strict base64', () => {
  it('accepts valid base64 (with line breaks) and refuses what Buffer.from would quietly mangle', async () => {
    const { decodeBase64Image } = await import('../../../src/providers/http/base64.js');
    const bytes = Buffer.from(PNG);
    expect(Buffer.from(decodeBase64Image(B64, 'x')).equals(bytes)).toBe(true);
    expect(Buffer.from(decodeBase64Image(B64.replace(/(.{76})/g, '$1\n'), 'x')).equals(bytes)).toBe(true);
    expect(Buffer.from(decodeBase64Image(`data:image/png;base64,${B64}`, 'x')).equals(bytes)).toBe(true);
    for (const bad of [
      `${B64.slice(0, 8)}!!!!${B64.slice(12)}`,
      `${B64.slice(0, 8)}====${B64.slice(12)}`,
      B64.slice(1),
      '',
    ]) {
      expect(() => decodeBase64Image(bad, 'x')).toThrow(ProviderError);
    }
  });
});
