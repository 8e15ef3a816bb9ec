import { describe, expect, it } from 'vitest';
import { createProgress } from './export-progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('createProgress', () => {
  it('shows rows and rows per second on a terminal', () => {
    let now = 0;
    const { stream, written } = fakeStream(true);
    const progress = createProgress(stream, 'rows', () => now);
    now = 500;
    progress.add(1000);
    now = 2000;
    progress.add(9000);
    progress.finish();
    expect(written.at(-2)).toBe('\r10,000 rows · 5,000 rows/s ');
    expect(written.at(-1)).toBe('\n');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const progress = createProgress(stream, 'rows');
    progress.add(10);
    progress.finish();
    expect(written).toEqual([]);
  });
});
