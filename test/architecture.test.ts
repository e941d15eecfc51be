import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

/**
 * Every folder of src/, in the order imports flow: a file may import from its own folder and from the folders
 * before its own, never from one after it. The first four are the base every stage stands on (shared types
 * and errors, small utilities, the image and video codecs); the rest are the stages. `src/index.ts` is the
 * only file outside them and only re-exports. See docs/architecture.md.
 */
const ORDER = [
  'types',
  'util',
  'image',
  'video',
  'suite',
  'providers',
  'serve',
  'compare',
  'baselines',
  'report',
  'runner',
  'runs',
  'review',
  'vitest',
  'cli',
];

const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length === 1 ? (parts[0] ?? '') : (parts[0] ?? '');
}

/** Relative imports of a file (static, re-exports, dynamic and type-only alike), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) =>
    path.resolve(path.dirname(file), match[1] ?? '').replace(/\.js$/, '.ts'),
  );
}

const files = sources(SRC);

describe('architecture', () => {
  it(`imports flow one way: ${ORDER.join(' → ')}`, () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from === 'index.ts') continue;
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (ORDER.indexOf(to) > ORDER.indexOf(from) || ORDER.indexOf(to) === -1) {
          violations.push(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no folder outside the stages, and no file outside a folder but index.ts', () => {
    const strays = files.filter((file) => {
      const folder = folderOf(file);
      return folder === 'index.ts' ? false : !ORDER.includes(folder);
    });
    expect(strays.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('src/index.ts only re-exports', () => {
    const lines = readFileSync(path.join(SRC, 'index.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split(/;\s*\n/)
      .map((statement) => statement.trim())
      .filter(Boolean);
    expect(lines.filter((statement) => !/^export\b[\s\S]*\bfrom '\.\/[^']+'$/.test(statement))).toEqual([]);
  });

  it('has no import cycle, even between two files of one folder', () => {
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, stack: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => path.relative(ROOT, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...stack, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('has tests that mirror src/: every folder of test/ is a folder of src/ (but helpers and fixtures)', () => {
    const folders = (root: string, dir = root): string[] =>
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) => [path.relative(root, path.join(dir, e.name)), ...folders(root, path.join(dir, e.name))]);
    const src = new Set(folders(SRC));
    const strays = folders(path.join(ROOT, 'test')).filter((f) => !src.has(f) && !/^(helpers|fixtures)(\/|$)/.test(f));
    expect(strays).toEqual([]);
  });

  it('has no test that reads the wall clock to judge an outcome (a test injects a clock instead)', () => {
    const tests = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'fixtures' ? [] : tests(full);
        return e.name.endsWith('.ts') ? [full] : [];
      });
    const found = tests(path.join(ROOT, 'test')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /performance\.now\(|process\.hrtime/.test(line) || (/expect\(/.test(line) && /Date\.now\(\)/.test(line))
            ? [`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(found).toEqual([]);
  });

  it('keeps files small enough to read', () => {
    const long = files
      .map((file) => ({ file: path.relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });
});
