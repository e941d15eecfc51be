/**
 * Text bound for a terminal. Ids, prompts, sweep values, file names and server
 * messages come from suites, run folders and servers seedsnap does not control;
 * printed as they are, an escape sequence in any of them could retitle the
 * window, clear the screen, plant a link (OSC 8) or hide text. So everything the
 * CLI prints passes through `terminalText()` at the print boundary, which keeps
 * only printable text, newlines and tabs.
 *
 * seedsnap's own colours cannot be plain escape sequences then (they would be
 * stripped with the rest, and a suite could forge them). `styleMark()` writes a
 * mark holding a random per-process token instead, which `terminalText()` turns
 * into the real sequence after stripping: text from outside cannot guess the
 * token, so it can neither forge a style nor smuggle a control through one.
 *
 * The one trap: a string is rendered once. Rendering twice strips the real
 * sequences the first pass produced (the CLI wraps each stream once; see cli/io.ts).
 */
import { randomBytes } from 'node:crypto';

/** First character of every mark: a private-use character, never a control. */
const MARK_START = '\uF8FF';
const TOKEN = `${MARK_START}${randomBytes(8).toString('hex')}`;

/** The ECMA-48 sequences terminals act on, in 7-bit and 8-bit (C1) form. */
const SEQUENCES = new RegExp(
  [
    // OSC (titles, OSC 8 links, clipboard), DCS, SOS, PM and APC strings with their payload, up to the
    // terminator on the same line; an unterminated one loses only its introducer (below).
    String.raw`(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n${MARK_START}]*(?:\x07|\x1b\\|\x9c)`,
    // CSI: cursor movement, clearing, colours, modes.
    String.raw`(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]`,
    // Every other escape: ESC c (reset), ESC 7 / ESC 8, character sets…
    String.raw`\x1b[\x20-\x2f]*[\x30-\x7e]`,
  ].join('|'),
  'g',
);

/**
 * C0 but newline and tab (a lone CR would let text overwrite the line before it), DEL, C1, and the
 * bidirectional overrides and isolates that make a line read differently from its bytes.
 */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw of CONTROLS: it escapes C0 itself. */
const RAW_IN_JSON = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

const MARKS = new RegExp(`${TOKEN}(K|[0-9;]{1,12}m)`, 'g');

/** `text` without any control character or escape sequence; newlines and tabs are kept. */
export function stripControls(text: string): string {
  return text.replace(SEQUENCES, '').replace(CONTROLS, '');
}

/** A mark for one of seedsnap's own styles (SGR parameters such as "31;1"); see terminalText(). */
export function styleMark(sgr: string): string {
  return `${TOKEN}${sgr}m`;
}

/** A mark that returns to the start of the line and clears it, for the live progress line. */
export const CLEAR_LINE_MARK = `${TOKEN}K`;

/**
 * JSON for a terminal: the characters `terminalText()` would strip but JSON.stringify leaves raw (DEL,
 * C1, bidirectional controls) are written as \u escapes instead, so the data survives the print boundary.
 */
export function terminalJson(value: unknown, indent = 2): string {
  const json = JSON.stringify(value, null, indent) ?? 'null';
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What is safe to write to a terminal: `text` stripped of controls, with seedsnap's own marks made real. */
export function terminalText(text: string): string {
  return stripControls(text).replace(MARKS, (_mark, code: string) => (code === 'K' ? '\r\x1b[K' : `\x1b[${code}`));
}
