import { parseRange } from '../../../src/core/csv/csvRange.ts';
import { readCsvParallel, type RandomAccessBytes, type ReadPath } from '../../../src/core/csv/readCsvParallel.ts';
import type { CsvTable, ReadCsvOptions } from '../../../src/core/csv/readCsv.ts';
import { chunked } from './csv.ts';

/** Bytes read by range, as a Blob would be. */
export function memoryFile(bytes: Uint8Array, pieceSize = 4096): RandomAccessBytes {
  return { size: bytes.length, read: (start, end) => Promise.resolve(bytes.slice(start, end)), stream: () => chunked(bytes, pieceSize) };
}

/** readCsvParallel with its ranges parsed in this thread, one after another; `paths` records which path read the file. */
export function readParallel(bytes: Uint8Array, parts: number, options: ReadCsvOptions = {}, paths: ReadPath[] = [], pieceSize = 4096): Promise<CsvTable> {
  return readCsvParallel(
    memoryFile(bytes, pieceSize),
    { parts, minBytes: 0, runRange: (job, onProgress) => parseRange(chunked(bytes.slice(job.start, job.end), pieceSize), job, onProgress) },
    options,
    (path) => paths.push(path),
  );
}
