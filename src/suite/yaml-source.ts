/**
 * YAML parsing that keeps positions, so every later problem can point at
 * `file:line:col` with the offending line and a caret.
 */
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Problem, SourceLocation } from '../types/errors.js';

/** Suites larger than this are refused before parsing (a suite is text, not data). */
export const MAX_SUITE_BYTES = 4 * 1024 * 1024;
/** Aliases are fine for sharing defaults; more than this many is an alias bomb. */
export const MAX_ALIAS_COUNT = 200;

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export interface ParsedYaml {
  source: YamlSource;
  value: unknown;
}

export function parseYaml(file: string, text: string): ParsedYaml | { problems: Problem[] } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SUITE_BYTES) {
    return {
      problems: [
        {
          code: 'SUITE_TOO_LARGE',
          message: `the suite is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a suite may be at most ${MAX_SUITE_BYTES / 1024 / 1024} MiB`,
          location: { file, line: 1, col: 1 },
          hint: 'split the suite into several files',
        },
      ],
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source: YamlSource = { file, text, doc, lines };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        code: 'SUITE_YAML',
        message: `YAML: ${error.message.split('\n')[0]}`,
        location: locationAt(source, error.pos[0], error.pos[1]),
        hint: error.code === 'DUPLICATE_KEY' ? 'remove one of the two keys' : 'fix the YAML syntax at this spot',
      })),
    };
  }
  try {
    return { source, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      problems: [
        {
          code: 'SUITE_YAML',
          message: `YAML: ${message}`,
          location: { file, line: 1, col: 1 },
          hint: `a suite may use at most ${MAX_ALIAS_COUNT} alias expansions; write the values out or use defaults:`,
        },
      ],
    };
  }
}

export function locationAt(source: YamlSource, start: number, end?: number): SourceLocation {
  const { line, col } = source.lines.linePos(start);
  const lineText = lineOf(source, line);
  const length = end !== undefined && end > start ? Math.min(end - start, Math.max(1, lineText.length - col + 1)) : 1;
  return { file: source.file, line, col, length, lineText };
}

function lineOf(source: YamlSource, line: number): string {
  const start = source.lines.lineStarts[line - 1] ?? 0;
  const next = source.lines.lineStarts[line] ?? source.text.length;
  return source.text.slice(start, next).replace(/\r?\n$/, '');
}

/**
 * Location of the value at `path`, or of its key when `key` is set. Falls back to
 * the nearest ancestor that exists, so a missing key points at its parent.
 */
export function locate(source: YamlSource, path: YamlPath, options: { key?: boolean } = {}): SourceLocation {
  let node: unknown = source.doc.contents;
  let best: { range?: [number, number, number] | null } | undefined = node as Node;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
      if (!pair) break;
      if (last && options.key && isScalar(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      break;
    }
    if (node && typeof node === 'object' && 'range' in node) best = node as Node;
  }
  const range = best?.range;
  if (!range) return { file: source.file, line: 1, col: 1 };
  return locationAt(source, range[0], range[1]);
}
