/**
 * The cases a run has finished, held small. Every case is in the journal as it arrives (run-folder.ts); what
 * stays in memory is where its line is and the little the run asks of it before its end (is it failing, is it
 * a sweep cell), and the run's counts. The reports go through the cases in order, each read back from the
 * journal when it is reached and dropped after: a 10,000-case run no longer holds every case until its reports
 * are written. A case that could not be journaled, or one a resumed run took from its journal, is held whole.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { summarize } from '../compare/verdict.js';
import type { CaseResult, RunSummary } from '../types/index.js';
import type { JournalSpan } from './run-folder.js';

const FAILING = 1;
const SWEEP = 2;

export class CaseLog {
  /** Each case's place in the columns below, by id: per case a few numbers, no object. */
  private readonly index = new Map<string, number>();
  private readonly offsets: number[] = [];
  /** Bytes of the case's journal line; -1: the case is held whole, in `whole`. */
  private readonly lengths: number[] = [];
  private readonly flags: number[] = [];
  private readonly whole = new Map<string, CaseResult>();
  /** The counts of every case added, as `summarize` makes them (added case by case). */
  private counts: RunSummary = summarize([]);

  constructor(private readonly journalPath: string) {}

  /** A finished case: read back from `span` of the journal when gone through, or held whole without one. */
  add(result: CaseResult, span?: JournalSpan): void {
    if (this.index.has(result.id)) throw new Error(`case ${result.id} was recorded twice`);
    this.index.set(result.id, this.offsets.length);
    this.offsets.push(span?.offset ?? -1);
    this.lengths.push(span?.length ?? -1);
    const sweep = result.sweep !== undefined && Object.keys(result.sweep).length > 0;
    this.flags.push((result.failing ? FAILING : 0) | (sweep ? SWEEP : 0));
    if (!span) this.whole.set(result.id, result);
    const one = summarize([result]);
    this.counts.total += one.total;
    this.counts.images += one.images;
    this.counts.failing += one.failing;
    this.counts.updated += one.updated;
    for (const verdict of Object.keys(one.byVerdict) as (keyof RunSummary['byVerdict'])[]) {
      this.counts.byVerdict[verdict] += one.byVerdict[verdict];
    }
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  get size(): number {
    return this.index.size;
  }

  /** How many of the cases are failing. */
  get failing(): number {
    return this.counts.failing;
  }

  /** The run's counts (`summary` of results.json without `notRun`): a copy. */
  summary(): RunSummary {
    return { ...this.counts, byVerdict: { ...this.counts.byVerdict } };
  }

  /** The ids of the sweep cells among `ids`, in their order. */
  sweepCells(ids: readonly string[]): string[] {
    return ids.filter((id) => ((this.flags[this.index.get(id) ?? -1] ?? 0) & SWEEP) !== 0);
  }

  /**
   * The cases with these ids (each one added), in this order, each read from the journal when it is reached.
   * Every pass reads them again: nothing keeps them after it.
   */
  read(ids: readonly string[]): Iterable<CaseResult> {
    return { [Symbol.iterator]: () => this.each(ids) };
  }

  private *each(ids: readonly string[]): Generator<CaseResult> {
    let fd: number | undefined;
    try {
      for (const id of ids) {
        const at = this.index.get(id);
        if (at === undefined) throw new Error(`case ${id} is not one of the run's`);
        const whole = this.whole.get(id);
        if (whole) {
          yield whole;
          continue;
        }
        fd ??= openSync(this.journalPath, 'r');
        yield this.readAt(fd, id, { offset: this.offsets[at] ?? 0, length: this.lengths[at] ?? 0 });
      }
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private readAt(fd: number, id: string, span: JournalSpan): CaseResult {
    const bytes = Buffer.allocUnsafe(span.length);
    let read = 0;
    while (read < span.length) {
      const n = readSync(fd, bytes, read, span.length - read, span.offset + read);
      if (n === 0) break;
      read += n;
    }
    let entry: { type?: unknown; result?: CaseResult } | undefined;
    try {
      entry = JSON.parse(bytes.toString('utf8', 0, read));
    } catch {
      entry = undefined;
    }
    if (entry?.type !== 'case' || entry.result?.id !== id) {
      throw new Error(
        `${this.journalPath} changed while the run was writing: byte ${span.offset} no longer holds case ${id}`,
      );
    }
    return entry.result;
  }
}
