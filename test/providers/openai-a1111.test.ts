import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/image/png-encode.js';
import { a1111Factory } from '../../src/providers/a1111/factory.js';
import { openAiFactory } from '../../src/providers/openai/factory.js';
import { ProviderError } from '../../src/types/errors.js';
import type { ImageRequest } from '../../src/types/index.js';
import { sendJson, startServer } from '../helpers/http.js';

const png = (v: number) =>
  Buffer.from(encodePng({ width: 8, height: 8, data: new Uint8Array(192).fill(v) }, 3)).toString('base64');
const request: ImageRequest = {
  model: 'sd-turbo',
  prompt: 'a lighthouse',
  negative_prompt: 'blurry',
  seed: 42,
  width: 512,
  height: 768,
  steps: 20,
  guidance_scale: 6,
  n: 2,
};
const ctx = () => ({ signal: new AbortController().signal, attempt: 1 });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('OpenAI-compatible provider', () => {
  it('sends model, prompt, n, size, b64_json and the seed to a compatible server', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, { created: 1, data: [{ b64_json: png(1) }, { b64_json: png(2) }] }),
    );
    const provider = openAiFactory.create({ name: 'openai', base_url: `${server.url}/v1` }, {});
    const generation = await provider.generate({ ...request, extra: { cfg_scale: 6 } }, ctx());
    expect(generation.images).toHaveLength(2);
    expect(server.requests[0]?.url).toBe('/v1/images/generations');
    expect(server.requests[0]?.json).toEqual({
      cfg_scale: 6,
      model: 'sd-turbo',
      prompt: 'a lighthouse',
      n: 2,
      size: '512x768',
      response_format: 'b64_json',
      seed: 42,
    });
  });

  it("treats a content-policy refusal as blocked and warns that OpenAI's own models take no seed", async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 400, {
        error: { message: 'Your request was rejected by our safety system', code: 'content_policy_violation' },
      }),
    );
    const provider = openAiFactory.create({ name: 'openai', base_url: server.url }, {});
    expect((await failure(provider.generate(request, ctx()))).kind).toBe('blocked');
    expect(openAiFactory.warnings?.({ name: 'openai' }, {})).toEqual([
      "OpenAI's hosted image models take no seed, so their outputs are not reproducible: compare with loose tolerances",
    ]);
    expect(openAiFactory.warnings?.({ name: 'openai', base_url: server.url }, {})).toEqual([]);
    expect(() => openAiFactory.create({ name: 'openai' }, {})).toThrow(/OPENAI_API_KEY is not set/);
  });
});

describe('AUTOMATIC1111 provider', () => {
  it('maps the request to txt2img and drops the batch grid', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, { images: [png(9), png(1), png(2)], parameters: {}, info: '{}' }),
    );
    const provider = a1111Factory.create({ name: 'a1111', base_url: server.url }, { SEEDSNAP_A1111_AUTH: 'user:pass' });
    const generation = await provider.generate(request, ctx());
    expect(generation.images.map((i) => Buffer.from(i.bytes).toString('base64'))).toEqual([png(1), png(2)]);
    const sent = server.requests[0];
    expect(sent?.url).toBe('/sdapi/v1/txt2img');
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from('user:pass').toString('base64')}`);
    expect(sent?.json).toEqual({
      prompt: 'a lighthouse',
      negative_prompt: 'blurry',
      seed: 42,
      steps: 20,
      cfg_scale: 6,
      width: 512,
      height: 768,
      batch_size: 2,
      n_iter: 1,
      send_images: true,
      save_images: false,
      override_settings: { sd_model_checkpoint: 'sd-turbo' },
      override_settings_restore_afterwards: false,
    });
  });

  it('reads 422 as a malformed request (FastAPI validation), not a safety refusal', async () => {
    const server = await startServer((_req, res) => sendJson(res, 422, { detail: 'field required: prompt' }));
    const provider = a1111Factory.create({ name: 'a1111', base_url: server.url }, {});
    const error = await failure(provider.generate(request, ctx()));
    expect([error.kind, error.message]).toEqual(['invalid', 'AUTOMATIC1111: field required: prompt']);
  });
});
