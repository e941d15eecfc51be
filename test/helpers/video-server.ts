import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { encodePng } from '../../src/image/png-encode.js';
import { LocalVideoModel } from '../../src/providers/local/video/model.js';
import { ApiError } from '../../src/serve/request.js';
import { handleVideoRoute } from '../../src/serve/video-routes.js';
import { VideoService, type VideoServiceOptions } from '../../src/serve/videos.js';

export interface VideoServer {
  url: string;
  service: VideoService;
  /** Every request line the server saw, e.g. `POST /v2/videos`. */
  log: string[];
  close(): Promise<void>;
}

const open: VideoServer[] = [];

/** The video routes of `seedsnap serve`, mounted alone on a real server on 127.0.0.1; closed after each test. */
export async function videoServer(options: Partial<VideoServiceOptions> = {}): Promise<VideoServer> {
  const service = new VideoService({ model: new LocalVideoModel({ revision: 1 }), ...options });
  const log: string[] = [];
  let port = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    log.push(`${req.method} ${path}`);
    const readBody = async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    };
    handleVideoRoute(req, res, path, { service, readBody, origin: `http://127.0.0.1:${port}` })
      .then((handled) => {
        if (!handled) res.writeHead(404).end();
      })
      .catch((error: unknown) => {
        const status = error instanceof ApiError ? error.status : 500;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(error instanceof ApiError ? error.body() : { error: { message: String(error) } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const running: VideoServer = {
    url: `http://127.0.0.1:${port}`,
    service,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        service.close();
      }),
  };
  open.push(running);
  return running;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A keyframe as a data: URL: a small PNG gradient. */
export function keyframeUrl(width = 64, height = 64): string {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x * 4, y * 4, 128], (y * width + x) * 3);
  }
  return `data:image/png;base64,${Buffer.from(encodePng({ width, height, data }, 3)).toString('base64')}`;
}
