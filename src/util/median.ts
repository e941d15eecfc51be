/**
 * The median of some numbers (the mean of the middle two for an even count; 0 for none), by selection
 * rather than sorting: it runs three times per compared pair on a few thousand block means (local.ts),
 * where sorting them cost about a millisecond. Reorders `values` in place.
 */
export function median(values: Float64Array): number {
  const m = values.length;
  if (m === 0) return 0;
  const mid = m >> 1;
  select(values, mid);
  const upper = values[mid] as number;
  if (m % 2 === 1) return upper;
  // Everything before `mid` is now no greater than it: the lower middle is the largest of those.
  let lower = values[0] as number;
  for (let i = 1; i < mid; i++) lower = Math.max(lower, values[i] as number);
  return (lower + upper) / 2;
}

/** Hoare's selection: values[k] becomes the k-th smallest, the smaller ones before it, the larger after. */
function select(values: Float64Array, k: number): void {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
