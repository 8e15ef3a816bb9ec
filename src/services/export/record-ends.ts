/**
 * @module Line ends of streamed COPY output. PostgreSQL's COPY ends every record with LF; RFC 4180
 * (and the csv-stringify path on PGlite) ends them with CRLF. Both count records as they pass, for
 * progress and for logging how an export ended.
 */
import { Transform } from 'node:stream';

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * CSV as COPY writes it, with CRLF record ends. A LF inside a quoted field is data and stays as it is:
 * COPY doubles every quote inside a quoted field, so a LF is inside one exactly when an odd number of
 * quotes precede it (counted across chunks). `"` and LF never occur inside a multi-byte UTF-8 character.
 */
export function csvRecordEnds(onRecords: (count: number) => void): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const parts: Buffer[] = [];
      let records = 0;
      let from = 0;
      let quote = chunk.indexOf(QUOTE);
      for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
        for (; quote !== -1 && quote < lf; quote = chunk.indexOf(QUOTE, quote + 1)) {
          quoted = !quoted;
        }
        if (!quoted) {
          parts.push(chunk.subarray(from, lf), CRLF);
          from = lf + 1;
          records += 1;
        }
      }
      for (; quote !== -1; quote = chunk.indexOf(QUOTE, quote + 1)) {
        quoted = !quoted;
      }
      parts.push(chunk.subarray(from));
      if (records > 0) {
        onRecords(records);
      }
      done(null, Buffer.concat(parts));
    },
  });
}

/** Lines passed on as they are, counted: JSON Lines, where every LF ends a record. */
export function countedLines(onLines: (count: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let lines = 0;
      for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
        lines += 1;
      }
      if (lines > 0) {
        onLines(lines);
      }
      done(null, chunk);
    },
  });
}
