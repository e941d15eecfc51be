/**
 * JSON of a large record in pieces, one per element of its one long list (a run's cases, a comparison's
 * pairs), exactly as JSON.stringify writes the whole: a 10,000-case run no longer builds its results.json
 * and report data as strings of tens of megabytes each (and their copies) at the very end of the run,
 * which was the run's peak of memory.
 *
 * How: the record is written with a marker in place of the list, split at the marker, and the list's
 * elements are written one by one in between with the indentation JSON.stringify would give them.
 * JSON strings never hold a raw line break, so re-indenting at every "\n" is exact.
 */

const MARKER = '\u0000seedsnap-json-pieces\u0000';

/**
 * `JSON.stringify(record, null, indent ? 2 : undefined)` in pieces, the list `record[key]` (an array at the top
 * level) element by element. Joined, the pieces are that string, character for character.
 */
export function* jsonPieces(record: object, key: string, options: { indent: boolean }): Generator<string> {
  const list = (record as Record<string, unknown>)[key];
  if (!Array.isArray(list) || list.length === 0) {
    yield JSON.stringify(record, null, options.indent ? 2 : undefined);
    return;
  }
  const marked = JSON.stringify({ ...record, [key]: MARKER }, null, options.indent ? 2 : undefined);
  const quoted = JSON.stringify(MARKER);
  const at = marked.indexOf(quoted);
  yield `${marked.slice(0, at)}[`;
  for (let i = 0; i < list.length; i++) {
    // As JSON.stringify writes an element: undefined and functions in an array become null.
    const element = JSON.stringify(list[i], null, options.indent ? 2 : undefined) ?? 'null';
    const comma = i > 0 ? ',' : '';
    yield options.indent ? `${comma}\n    ${element.replaceAll('\n', '\n    ')}` : `${comma}${element}`;
  }
  yield `${options.indent ? '\n  ' : ''}]${marked.slice(at + quoted.length)}`;
}

/** Pieces joined into strings of about `size` characters: fewer, larger writes. */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    length += piece.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}
