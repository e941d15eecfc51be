/** The official together-ai SDK, pointed at `seedsnap serve` by baseURL, reads its answers as Together's. */
import Together from 'together-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode.js';
import type { RunningServer } from '../../src/serve/server.js';
import { serve } from '../helpers/serve.js';

let server: RunningServer;
let client: Together;
beforeAll(async () => {
  server = await serve({ apiKey: 'test-key' });
  client = new Together({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

describe('together-ai SDK against seedsnap serve', () => {
  it('generates base64 images', async () => {
    const response = await client.images.generate({
      model: 'sim-dev',
      prompt: 'a lighthouse on a cliff at sunset',
      width: 256,
      height: 128,
      steps: 8,
      seed: 42,
      n: 2,
      response_format: 'base64',
      output_format: 'png',
    });
    expect(response).toMatchObject({ model: 'sim-dev', object: 'list' });
    expect(response.data).toHaveLength(2);
    for (const [index, item] of response.data.entries()) {
      expect(item).toMatchObject({ index, type: 'b64_json' });
      const image = decodeImage(Buffer.from(item.b64_json, 'base64'));
      expect([image.width, image.height]).toEqual([256, 128]);
    }
  });

  it('generates URL images the client can download', async () => {
    const response = await client.images.generate({
      model: 'sim-schnell',
      prompt: 'a red fox in the snow',
      aspect_ratio: '16:9',
      steps: 4,
    } as Together.ImageGenerateParams);
    const [item] = response.data;
    expect(item?.type).toBe('url');
    const bytes = new Uint8Array(await (await fetch(item?.url ?? '')).arrayBuffer());
    expect(decodeImage(bytes)).toMatchObject({ width: 688, height: 384 });
  });

  it('surfaces API errors as the SDK’s typed errors with status and body', async () => {
    await expect(client.images.generate({ model: 'flux-nope', prompt: 'x' })).rejects.toBeInstanceOf(
      Together.NotFoundError,
    );
    await expect(
      client.images.generate({ model: 'sim-dev', prompt: 'x', width: 99, height: 64 }),
    ).rejects.toMatchObject({
      status: 400,
      error: { error: { param: 'width' } },
    });
    await expect(
      client.images.generate({ model: 'sim-dev', prompt: 'gore', width: 64, height: 64 }),
    ).rejects.toBeInstanceOf(Together.UnprocessableEntityError);
    const stranger = new Together({ apiKey: 'wrong', baseURL: `${server.url}/v1`, maxRetries: 0 });
    await expect(stranger.images.generate({ model: 'sim-dev', prompt: 'x' })).rejects.toBeInstanceOf(
      Together.AuthenticationError,
    );
  });

  it('retries a 429 the way the SDK does, honouring Retry-After', async () => {
    const log: string[] = [];
    const limited = await serve({
      apiKey: 'k',
      faults: { rateLimit: 1, retryAfterS: 0, seed: 1 },
      log: (l) => log.push(l),
    });
    try {
      const retrying = new Together({ apiKey: 'k', baseURL: `${limited.url}/v1`, maxRetries: 1 });
      await expect(
        retrying.images.generate({ model: 'sim-dev', prompt: 'x', width: 64, height: 64 }),
      ).rejects.toBeInstanceOf(Together.RateLimitError);
      expect(log.filter((line) => line.startsWith('POST /v1/images/generations 429'))).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });
});
