/**
 * Every way of writing an export file fails as a stream when its reads fail, whichever engine and
 * format: the error reaches the stream's consumer and never the process (issue 17: an 'error' event
 * nobody listened to ended the service).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Cell, OrdersExportService } from '../orders-export-service.js';
import { EXPORT_FORMATS, type ExportFormat, openExport } from './order-export-stream.js';

const failure = () => new Error('the database went away');

/** A service whose reads give one batch (or chunk) and then fail: `at: 'start'` fails at once. */
function failingService(canCopy: boolean, at: 'start' | 'middle'): OrdersExportService {
  async function* batches<T>(batch: T[]): AsyncGenerator<T[]> {
    if (at === 'middle') {
      yield batch;
    }
    await new Promise((resolve) => setImmediate(resolve));
    throw failure();
  }
  const copy = async (firstChunk: string) =>
    new Readable({
      read() {
        if (at === 'middle' && !this.readableEnded && this.readableLength === 0 && !sent) {
          sent = true;
          this.push(firstChunk);
          return;
        }
        setImmediate(() => this.destroy(failure()));
      },
    });
  let sent = false;
  const cells = (): Cell[] => Array.from({ length: 40 }, () => 'x');
  return {
    canCopy,
    snapshotBatches: () => batches(['{"id":"o1"}']),
    rowBatches: () => batches([cells()]),
    copyCsv: () => copy('a,b\nc,d\n'),
    copyJsonl: () => copy('{"id":"o1"}\n'),
    copySheetRows: () => copy('<row r="2"></row>\n'),
  };
}

async function consume(stream: Readable): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
    }
    return { bytes, error: undefined };
  } catch (error) {
    return { bytes, error };
  }
}

const cases = EXPORT_FORMATS.flatMap((format: ExportFormat) =>
  [true, false].flatMap((canCopy) => (['start', 'middle'] as const).map((at) => ({ format, canCopy, at }))),
);

describe('openExport when the reads fail', () => {
  it.each(cases)(
    '$format, COPY $canCopy, failing at the $at: the stream fails',
    async ({ format, canCopy, at }) => {
      const errors: Error[] = [];
      const file = await openExport(
        failingService(canCopy, at),
        { organizationId: 'org_1' },
        { filter: {}, sort: '-created' } as never,
        { format, lines: 'orders', bom: false },
        { onError: (error: Error) => errors.push(error) } as never,
      );
      const { error } = await consume(file);
      expect(String(error)).toContain('the database went away');
      expect(errors.map(String)).toContain('Error: the database went away');
    },
  );
});
