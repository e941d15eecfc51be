/** The official together-ai SDK's videos.create / videos.retrieve against seedsnap serve's video routes. */
import Together from 'together-ai';
import { describe, expect, it } from 'vitest';
import { TogetherVideoClient } from '../../src/providers/together/video-provider.js';
import { decodeVideo } from '../../src/video/decode.js';
import { serve } from '../helpers/serve.js';
import { keyframeUrl, videoServer } from '../helpers/video-server.js';

describe('together-ai SDK videos against seedsnap serve', () => {
  for (const version of ['v1', 'v2']) {
    it(`creates a job and retrieves it until the clip is ready (baseURL …/${version})`, async () => {
      const server = await videoServer({ jobMs: 0 });
      const client = new Together({ apiKey: 'test-key', baseURL: `${server.url}/${version}`, maxRetries: 0 });
      const job = await client.videos.create({
        model: 'sim-kling',
        seed: 11,
        width: 64,
        height: 64,
        seconds: '1',
        fps: 6,
        output_format: 'MP4',
        media: { frame_images: [{ input_image: keyframeUrl(), frame: 'first' }] },
      });
      expect(job).toMatchObject({ object: 'video', model: 'sim-kling', seconds: '1', size: '64x64' });
      expect(server.log[0]).toBe(`POST /${version}/videos`);
      let done = await client.videos.retrieve(job.id);
      while (done.status !== 'completed') done = await client.videos.retrieve(job.id);
      expect(done.outputs?.cost).toBe(0);
      expect(typeof done.completed_at).toBe('number');
      const bytes = new Uint8Array(await (await fetch(done.outputs?.video_url ?? '')).arrayBuffer());
      expect(await decodeVideo(bytes)).toMatchObject({ frameCount: 6, width: 64, height: 64, fps: 6 });
    });
  }

  it('a text-to-video model with the deprecated top-level form, and the SDK’s typed errors', async () => {
    const server = await videoServer({ jobMs: 0 });
    const client = new Together({ apiKey: 'test-key', baseURL: `${server.url}/v2`, maxRetries: 0 });
    const job = await client.videos.create({
      model: 'sim-video',
      prompt: 'a lighthouse at sunset',
      seconds: '1',
      fps: 4,
      width: 64,
      height: 64,
    });
    expect(job.status as string).toBe('queued');
    const legacy = await client.videos.create({
      model: 'sim-kling',
      seconds: '1',
      fps: 2,
      frame_images: [{ input_image: keyframeUrl() }],
    });
    expect(legacy.model).toBe('sim-kling');
    await expect(client.videos.create({ model: 'sim-kling', prompt: 'no keyframes' })).rejects.toMatchObject({
      status: 400,
      error: { error: { param: 'frame_images' } },
    });
    await expect(client.videos.retrieve('video-nope')).rejects.toBeInstanceOf(Together.NotFoundError);
  });

  it('seedsnap serve itself answers the videos routes, behind its API key, to the SDK and to seedsnap’s client', async () => {
    const server = await serve({ apiKey: 'serve-key-123456', videoJobMs: 0 });
    try {
      const request = {
        model: 'sim-kling',
        seed: 4,
        width: 64,
        height: 64,
        seconds: 1,
        fps: 4,
        frame_images: [{ input_image: keyframeUrl() }],
      };
      const anonymous = await fetch(`${server.url}/v2/videos`, { method: 'POST', body: JSON.stringify(request) });
      expect(anonymous.status).toBe(401);
      const sdk = new Together({ apiKey: 'serve-key-123456', baseURL: `${server.url}/v2`, maxRetries: 0 });
      const job = await sdk.videos.create({ ...request, seconds: '1' });
      let done = await sdk.videos.retrieve(job.id);
      while (done.status !== 'completed') done = await sdk.videos.retrieve(job.id);
      expect(done.outputs?.video_url).toMatch(new RegExp(`^${server.url}/video-files/`));
      const client = new TogetherVideoClient({ baseUrl: `${server.url}/v2`, apiKey: 'serve-key-123456', pollMs: 5 });
      const clip = await client.generateVideo(request, { signal: new AbortController().signal });
      expect(await decodeVideo(clip.bytes)).toMatchObject({ frameCount: 4, width: 64, height: 64 });
    } finally {
      await server.close();
    }
  });
});
