/**
 * 1234567 → "1,234,567", as toLocaleString('en-US') writes a whole number: without it, because its first
 * call in a process loads ICU's locale data (~15–20 ms, most of what `seedsnap diff` on two thumbnails
 * spends on its figures).
 */
export function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}
