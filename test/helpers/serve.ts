import { type RunningServer, type ServeOptions, startServer } from '../../src/serve/server.js';

/** Start `seedsnap serve` in process on a free port; remember to close it. */
export function serve(options: ServeOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, ...options });
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered
  json: any;
  text: string;
}

/** POST a JSON body to /v1/images/generations with a plain fetch. */
export async function generate(
  server: RunningServer,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export const SMALL = { model: 'sim-dev', width: 64, height: 64, steps: 4, response_format: 'base64' } as const;
