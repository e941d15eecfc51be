import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README: Install', () => {
  it('states the Node version package.json requires, and what Chromium is for', () => {
    const install = section('Install');
    const minimum = /^>=(\d+\.\d+)/.exec(pkg.engines.node)?.[1];
    expect(minimum).toBeDefined();
    expect(install).toContain(`Node.js ${minimum} or later`);
    expect(install).toMatch(/Chromium is used only by this repository's own browser tests/);
  });

  it('installs as a dev dependency from a tarball or a git URL, and never runs a bare npx seedsnap', () => {
    const install = section('Install');
    expect(install).toMatch(/npm install --save-dev \S+\.tgz/);
    expect(install).toMatch(/npm install --save-dev git\+https:/);
    const calls = [...install.matchAll(/^(\S+(?: \S+)*?) seedsnap (init|run)\b/gm)].map((m) => m[1]);
    expect(calls.length).toBeGreaterThan(1);
    for (const launcher of calls) expect(launcher).toBe('npx --no-install');
  });
});
