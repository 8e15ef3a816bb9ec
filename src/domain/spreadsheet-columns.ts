/** @module Spreadsheet column names. */

/** `A`, `B`, …, `Z`, `AA`: a spreadsheet column's letters, from its 0-based index. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}
