/** @module The export's progress line on stderr (`12,000 rows · 48,000 rows/s`), for terminals only. */

export interface Progress {
  add(count: number): void;
  /** Writes the final figures and ends the line. */
  finish(): void;
}

const NO_PROGRESS: Progress = { add() {}, finish() {} };

/** Redrawn at most this often, so that drawing never slows the export. */
const REDRAW_MS = 250;

export function createProgress(out: NodeJS.WriteStream, unit: string, now = () => Date.now()): Progress {
  // Piped or redirected stderr (a log file, CI) gets no carriage-return animation.
  if (!out.isTTY) {
    return NO_PROGRESS;
  }
  const started = now();
  let count = 0;
  let drawnAt = 0;
  const draw = () => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = Math.round(count / seconds);
    out.write(`\r${count.toLocaleString('en')} ${unit} · ${rate.toLocaleString('en')} ${unit}/s `);
    drawnAt = now();
  };
  return {
    add(more) {
      count += more;
      if (now() - drawnAt >= REDRAW_MS) {
        draw();
      }
    },
    finish() {
      draw();
      out.write('\n');
    },
  };
}
