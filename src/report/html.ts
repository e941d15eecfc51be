/**
 * index.html: a static page that opens from disk. The results are embedded as
 * JSON (a file:// page cannot fetch results.json), and the page script draws
 * the report from them. Images stay separate files, loaded lazily.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RunResults } from '../types.js';

const asset = (name: string) => readFileSync(new URL(`./client/${name}`, import.meta.url), 'utf8');

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderHtml(results: RunResults): string {
  const script = asset('app.js');
  // Only this exact script may run: anything a prompt smuggled into the page stays inert.
  const scriptHash = createHash('sha256').update(script).digest('base64');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data: blob:; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; connect-src 'self'">
<title>seedsnap report</title>
<style>${asset('style.css')}</style>
</head>
<body>
<noscript>This report needs JavaScript; the same data is in results.json and summary.md.</noscript>
<script id="seedsnap-data" type="application/json">${jsonForScript(results)}</script>
<script>${script}</script>
</body>
</html>
`;
}
