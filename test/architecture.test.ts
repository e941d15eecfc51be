import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

// Stages in pipeline order; a stage may import only from itself, earlier stages and the shared base.
const STAGES = ['suite', 'providers', 'serve', 'runner', 'compare', 'baselines', 'report', 'pipeline', 'vitest', 'cli'];
const BASE = ['types.ts', 'results.ts', 'errors.ts', 'version.ts', 'util', 'image'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function topOf(file: string): string {
  return path.relative(path.join(ROOT, 'src'), file).split(path.sep)[0] ?? '';
}

describe('architecture', () => {
  it('imports flow one way: suite → providers → serve → runner → compare → baselines → report → pipeline → cli', () => {
    const violations: string[] = [];
    for (const file of sources(path.join(ROOT, 'src'))) {
      const from = topOf(file);
      const rank = STAGES.indexOf(from);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), match[1] ?? '');
        const to = topOf(target.replace(/\.js$/, '.ts'));
        if (BASE.includes(to) || to === from) continue;
        if (from === 'index.ts') continue;
        const targetRank = STAGES.indexOf(to);
        if (BASE.includes(from) || rank === -1 || targetRank === -1 || targetRank > rank) {
          violations.push(`${path.relative(ROOT, file)} imports ${match[1]}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps files small enough to read', () => {
    const long = sources(path.join(ROOT, 'src'))
      .map((file) => ({ file: path.relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });
});
