import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalStream } from '../../src/cli/io.js';
import { paint } from '../../src/report/terminal.js';
import { formatProblem } from '../../src/util/format-problem.js';
import { stripControls, terminalJson, terminalText } from '../../src/util/terminal-text.js';

describe('stripControls', () => {
  it.each([
    ['window title (OSC 0, BEL)', 'a\x1b]0;evil title\x07b', 'ab'],
    ['window title (OSC 2, ST)', 'a\x1b]2;evil title\x1b\\b', 'ab'],
    ['OSC 8 link keeps its text, loses its target', '\x1b]8;;https://evil.invalid/\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['clipboard write (OSC 52)', 'a\x1b]52;c;ZXZpbA==\x07b', 'ab'],
    ['clear screen and home', 'a\x1b[2J\x1b[Hb', 'ab'],
    ['colours and conceal', '\x1b[31;1mred\x1b[8mhidden\x1b[0m', 'redhidden'],
    ['private modes (alternate screen)', 'a\x1b[?1049hb', 'ab'],
    ['full reset, save/restore cursor, charset', 'a\x1bcb\x1b7c\x1b8d\x1b(Be', 'abcde'],
    ['8-bit CSI and OSC', 'a\x9b2Jb\x9d0;t\x9cc', 'abc'],
    ['DCS and APC strings', 'a\x1bPq#0;1\x1b\\b\x1b_payload\x1b\\c', 'abc'],
    ['bell, backspace, carriage return, form feed, DEL', 'a\x07b\bc\rd\fe\x7ff', 'abcdef'],
    ['bidirectional overrides', 'safe\u202Egnp.exe\u202C', 'safegnp.exe'],
    ['unterminated OSC loses its introducer only', 'a\x1b]0;title', 'a0;title'],
    ['a lone ESC at the end', 'abc\x1b', 'abc'],
    ['newlines, tabs and Unicode stay', 'été\tneige\n🦊 ✓', 'été\tneige\n🦊 ✓'],
  ])('%s', (_name, input, expected) => {
    expect(stripControls(input)).toBe(expected);
  });

  it('an OSC payload never swallows the next line', () => {
    expect(stripControls('a\x1b]0;one\nline two\x07')).toBe('a0;one\nline two');
  });
});

describe('terminalText', () => {
  it("makes seedsnap's own styles real after stripping everything else", () => {
    const text = `${paint(true, 'fail', 'FAIL')} id\x1b[32m-forged`;
    expect(terminalText(text)).toBe('\x1b[31mFAIL\x1b[0m id-forged');
  });

  it('a string cannot forge a mark without the per-process token', () => {
    const forged = '\uF8FF0123456789abcdef31m';
    expect(terminalText(forged)).toBe(forged);
  });

  it('terminalJson escapes what the terminal would drop, so the data survives', () => {
    const value = { path: 'a\x9b2J\u202Eb\x1b' };
    const json = terminalJson(value);
    expect(terminalText(json)).toBe(json);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('terminalStream', () => {
  it('sanitises every write, once, and forwards the rest of the stream', async () => {
    const sink = new PassThrough();
    let out = '';
    sink.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const stream = terminalStream(sink);
    expect(terminalStream(stream)).toBe(stream);
    stream.write(`${paint(true, 'pass', 'ok')} \x1b]0;t\x07x\n`);
    stream.write(Buffer.from('buf\x1b[2Jfer\n'));
    await new Promise<void>((resolve) => stream.write('done\n', () => resolve()));
    expect(out).toBe('\x1b[32mok\x1b[0m x\nbuffer\ndone\n');
  });
});

describe('formatProblem', () => {
  it('draws the caret under the text as shown, without the control characters before it', () => {
    const text = formatProblem({
      code: 'SUITE_VALUE',
      message: 'm',
      location: { file: 'f', line: 3, col: 9, length: 4, lineText: 'a\x1b[2Jb: \x07bad' },
    });
    const [, source, caret] = text.split('\n');
    expect(terminalText(source ?? '')).toBe('  3 | ab: bad');
    expect(caret).toBe('    |     ^^^');
  });
});
