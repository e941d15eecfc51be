/**
 * index.html: a small static page that opens from disk, plus report-data.js
 * beside it holding the results (a file:// page cannot fetch results.json,
 * but it can load a script). The page script is built from the small client
 * modules in ./client, and a Content-Security-Policy lets only that exact
 * script and the data file run: anything a prompt smuggled in stays inert.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunComparison } from '../types/comparison.js';
import type { RunResultsSource } from '../types/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { batched, jsonPieces } from '../util/json-pieces.js';

export const PAGE_FILE = 'index.html';
export const DATA_FILE = 'report-data.js';

/** Client modules in dependency order; each may import only from the ones before it. */
const CLIENT_MODULES = ['dom', 'model', 'viewer', 'video', 'card', 'sweeps', 'header', 'list', 'review', 'app'];

const STYLES = ['base.css', 'views.css', 'video.css'];

const asset = (name: string) => readFileSync(new URL(`./client/${name}`, import.meta.url), 'utf8');

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*'\.\/([\w-]+)\.js';[ \t]*$/gm;
const EXPORT = /^export (?:async )?(?:function\*?|const|let|class) ([\w$]+)/gm;

/**
 * The client is written as ES modules (so Biome checks it and tests can import it), but a file:// page cannot
 * import modules from disk; each module becomes a function scope and its imports plain destructuring.
 */
export function bundleClient(modules: readonly string[] = CLIENT_MODULES, read = asset): string {
  const parts = modules.map((name) => {
    const source = read(`${name}.js`);
    const exported = [...source.matchAll(EXPORT)].map((m) => m[1]);
    let body = source.replace(IMPORT, (_, names: string, from: string) => {
      if (!modules.slice(0, modules.indexOf(name)).includes(from)) {
        throw new Error(`client module ${name}.js imports ./${from}.js, which is not bundled before it`);
      }
      return `const {${names}} = modules['${from}'];`;
    });
    body = body.replace(/^export (?=(?:async )?(?:function|const|let|class)\b)/gm, '');
    if (/^\s*(?:import|export)\b/m.test(body)) {
      throw new Error(`client module ${name}.js uses an import or export form the bundler does not know`);
    }
    return `modules['${name}'] = (() => {\n${body}\nreturn { ${exported.join(', ')} };\n})();`;
  });
  return `(() => {\n'use strict';\nconst modules = {};\n${parts.join('\n')}\nmodules['app'].start();\n})();\n`;
}

let cached: { script: string; style: string } | undefined;
function client(): { script: string; style: string } {
  cached ??= { script: bundleClient(), style: STYLES.map(asset).join('\n') };
  return cached;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64');

export interface PageOptions {
  /** Served by `seedsnap review`: the token every approve or reject request must carry. */
  reviewToken?: string;
}

export function renderPage(options: PageOptions = {}): string {
  const { script, style } = client();
  // 'self' admits report-data.js beside the page (on file:// as over http); inline code needs its exact hash.
  const csp = [
    "default-src 'none'",
    "img-src 'self' file: data: blob:",
    // Video cases: the clips in actual/ and expected/ play in the page.
    "media-src 'self' file: blob:",
    `style-src 'sha256-${hash(style)}'`,
    `script-src 'self' 'sha256-${hash(script)}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const review = options.reviewToken
    ? `\n<meta name="seedsnap-review" content="${options.reviewToken.replace(/[^A-Za-z0-9_-]/g, '')}">`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">${review}
<title>seedsnap report</title>
<style>${style}</style>
</head>
<body>
<noscript>This report needs JavaScript; the same data is in results.json and summary.md.</noscript>
<script src="${DATA_FILE}"></script>
<script>${script}</script>
</body>
</html>
`;
}

/**
 * report-data.js: the results as one assignment the page reads. The JSON goes in as a string for JSON.parse,
 * which browsers parse faster than an object literal of the same size, and which can only ever make data.
 * Made in pieces, case by case (a 10,000-case run's data is tens of megabytes); each piece is a run of whole
 * JSON values, so escaping it alone escapes it as the whole would be escaped.
 */
export function* renderDataPieces(data: RunResultsSource | RunComparison): Generator<string> {
  yield 'window.seedsnapReport = JSON.parse("';
  for (const piece of jsonPieces(data, 'cases' in data ? 'cases' : 'pairs', { indent: false })) {
    yield JSON.stringify(piece)
      .slice(1, -1)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
  }
  yield '");\n';
}

export function renderData(data: RunResultsSource | RunComparison): string {
  return [...renderDataPieces(data)].join('');
}

/** Write report-data.js, then index.html (a reader of the page never sees it without its data). */
export async function writeHtmlReport(dir: string, data: RunResultsSource | RunComparison): Promise<string> {
  await writeFileAtomic(path.join(dir, DATA_FILE), { pieces: batched(renderDataPieces(data)) });
  const page = path.join(dir, PAGE_FILE);
  await writeFileAtomic(page, renderPage());
  return page;
}
