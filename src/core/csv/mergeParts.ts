import { MISSING_CODE, type Column } from '../columns.ts';
import { TextDictionary } from '../retype.ts';
import { inferColumnType, type ColumnType } from '../schema.ts';
import { DICTIONARY_CAP_WHILE_NUMERIC, finishColumn, type BuiltColumn } from './columnBuilder.ts';
import { float64Writer, int32Writer, type ChunkWriter, type PartColumnData } from './partColumn.ts';

/** The parts cannot be merged into what one reader would make (the whole file is then read by one). */
export class UnmergeableError extends Error {
  override readonly name = 'UnmergeableError';
}

/**
 * One column from its parts in file order, exactly as ColumnBuilder reads the whole column: the type is
 * decided on all of it (a later part can turn an integer column into float or text), and a column that
 * holds text keeps each cell's spelling unless ColumnBuilder would have dropped it for numbers.
 */
export function mergeParts(name: string, parts: PartColumnData[], wanted?: ColumnType): BuiltColumn {
  const first = parts.findIndex((p) => p.textAt < p.rows);
  const numericOk = first === -1;
  // The parts whose rows ColumnBuilder reads while the column still looks numeric (the first text's part included).
  const prefix = numericOk ? parts : parts.slice(0, first + 1);
  const union = new TextDictionary();
  let dropped = false;
  for (const p of prefix) {
    if (p.dropped || !p.dictionary) dropped = true;
    else for (let i = 0; i < p.prefixDictionarySize && !dropped; i++) dropped = union.code(p.dictionary[i] as string) >= DICTIONARY_CAP_WHILE_NUMERIC;
    if (dropped) break;
  }
  const distinct = new Set<number>();
  for (const p of prefix) for (const v of p.distinctNumbers) if (distinct.size <= 5) distinct.add(v);
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const inferredType = inferColumnType({
    nonMissing: rows - parts.reduce((n, p) => n + p.missing, 0),
    allNumeric: numericOk,
    allInteger: prefix.every((p) => p.allInteger),
    distinctNumbers: distinct.size,
    allDatetime: parts.every((p) => p.datetimeOk),
  });
  let stored: Column;
  if (numericOk && (inferredType === 'numeric' || dropped)) {
    const numbers = float64Writer();
    for (const p of parts) for (const chunk of p.numbers) numbers.pushRange(chunk, 0, chunk.length);
    stored = { name, type: 'numeric', chunks: numbers.finish() };
  } else {
    stored = { name, type: 'categorical', ...textCodes(parts, numericOk ? parts.length : first, dropped) };
  }
  return finishColumn(stored, inferredType, wanted);
}

/**
 * Codes in file order. Before the first text (part `first`, row textAt), cells are numbers: their texts
 * as written, or, where ColumnBuilder dropped its dictionary, the numbers written back as text.
 */
function textCodes(parts: PartColumnData[], first: number, dropped: boolean): { dictionary: string[]; chunks: Int32Array[] } {
  const dictionary = new TextDictionary();
  const codes = int32Writer();
  parts.forEach((p, index) => {
    if (dropped && index <= first) {
      for (const chunk of p.numbers) for (const v of chunk) codes.push(v !== v ? MISSING_CODE : dictionary.code(String(v)));
      if (index === first) pushTexts(codes, dictionary, p, p.textAt);
      return;
    }
    if (p.dropped || !p.dictionary) throw new UnmergeableError(`part ${index + 1} no longer holds the texts of its numbers`);
    pushTexts(codes, dictionary, p, 0);
  });
  return { dictionary: dictionary.categories, chunks: codes.finish() };
}

/** A part's rows [from, rows) as codes into the merged dictionary, new texts added as they first appear. */
function pushTexts(codes: ChunkWriter<Int32Array>, dictionary: TextDictionary, part: PartColumnData, from: number): void {
  const texts = part.dictionary as string[];
  const remap = new Int32Array(texts.length).fill(-2);
  let row = part.codesFrom;
  for (const chunk of part.codes) {
    for (let i = row >= from ? 0 : from - row; i < chunk.length; i++) {
      const code = chunk[i] as number;
      if (code < 0) codes.push(MISSING_CODE);
      else {
        let mapped = remap[code] as number;
        if (mapped === -2) mapped = remap[code] = dictionary.code(texts[code] as string);
        codes.push(mapped);
      }
    }
    row += chunk.length;
  }
}
