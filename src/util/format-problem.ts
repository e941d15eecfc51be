import type { Problem } from '../types/errors.js';
import { stripControls } from './terminal-text.js';

/**
 * Render a problem like a compiler does: `file:line:col`, the line, a caret, the hint. A problem that
 * only deserves a look (a suite's warnings) says `warning` where an error says `error`.
 */
export function formatProblem(problem: Problem, options: { severity?: 'error' | 'warning' } = {}): string {
  const lines: string[] = [];
  const loc = problem.location;
  const where = loc ? `${loc.file}:${loc.line}:${loc.col}: ` : '';
  lines.push(`${where}${options.severity ?? 'error'} ${problem.code}: ${problem.message}`);
  if (loc?.lineText !== undefined) {
    const gutter = String(loc.line);
    lines.push(`  ${gutter} | ${loc.lineText}`);
    // The line is printed without its control characters, so the caret is measured on what shows.
    const before = stripControls(loc.lineText.slice(0, Math.max(0, loc.col - 1))).length;
    const under = stripControls(loc.lineText.slice(Math.max(0, loc.col - 1), loc.col - 1 + (loc.length ?? 1))).length;
    const caret = `${' '.repeat(before)}${'^'.repeat(Math.max(1, under))}`;
    lines.push(`  ${' '.repeat(gutter.length)} | ${caret}`);
  }
  if (problem.hint) lines.push(`  hint: ${problem.hint}`);
  return lines.join('\n');
}
