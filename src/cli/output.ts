/** @module How `linkit` prints results: JSON for scripts (`--json`), aligned tables for people. */

export type Row = Record<string, unknown>;

function cell(value: unknown): string {
  if (value === null || value === undefined) {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.join(',');
  }
  return String(value);
}

/** Columns padded to their widest cell; written by hand because it is twenty lines. */
export function formatTable(
  rows: readonly Row[],
  columns: ReadonlyArray<[key: string, title: string]>,
): string {
  if (rows.length === 0) {
    return '(none)\n';
  }
  const lines = [
    columns.map(([, title]) => title),
    ...rows.map((row) => columns.map(([key]) => cell(row[key]))),
  ];
  const widths = columns.map((_, index) => Math.max(...lines.map((line) => line[index]?.length ?? 0)));
  return lines
    .map((line) =>
      line
        .map((text, index) => (index === line.length - 1 ? text : text.padEnd(widths[index] ?? 0)))
        .join('  '),
    )
    .join('\n')
    .concat('\n');
}

/** Key/value lines for one record. */
export function formatRecord(row: Row): string {
  const width = Math.max(...Object.keys(row).map((key) => key.length));
  return Object.entries(row)
    .map(([key, value]) => `${key.padEnd(width)}  ${cell(value)}`)
    .join('\n')
    .concat('\n');
}

export interface Printer {
  json: boolean;
  /** Prints `value` as JSON with `--json`, otherwise what `human` renders. */
  result(value: unknown, human: () => string): void;
  /** A note for people (stderr), kept out of the way of pipes. */
  note(message: string): void;
}

export function createPrinter(json: boolean, out = process.stdout, err = process.stderr): Printer {
  return {
    json,
    result(value, human) {
      out.write(json ? `${JSON.stringify(value, null, 2)}\n` : human());
    },
    note(message) {
      err.write(`${message}\n`);
    },
  };
}
