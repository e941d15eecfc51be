/**
 * `npm run bench`: every benchmark in this folder, one after the other, each
 * printing its figures. Benchmarks never fail; they are read, not asserted.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run.js')
  .sort()) {
  console.log(`\n# bench/${file}`);
  await import(pathToFileURL(path.join(here, file)).href);
}
