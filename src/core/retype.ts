import { MISSING_CODE, type CategoricalColumn, type Column, type NumericColumn } from './columns.ts';
import { parseNumberCell } from './csv/cells.ts';
import { datetimeDictionary } from './datetime.ts';
import { CATEGORICAL_INTEGER_MAX_DISTINCT, inferColumnType, type ColumnType } from './schema.ts';

/** Text → code, growing as new texts arrive. */
export class TextDictionary {
  readonly categories: string[] = [];
  private readonly codes = new Map<string, number>();

  code(text: string): number {
    let code = this.codes.get(text);
    if (code === undefined) {
      code = this.categories.length;
      this.categories.push(text);
      this.codes.set(text, code);
    }
    return code;
  }

  get size(): number {
    return this.categories.length;
  }
}

/** Codes for numbers written as text ("1.50" reads "1.5": the original spelling is not kept). */
export function encodeNumbers(values: Float64Array, length: number, dictionary: TextDictionary, into: Int32Array): Int32Array {
  for (let i = 0; i < length; i++) {
    const v = values[i] as number;
    into[i] = v !== v ? MISSING_CODE : dictionary.code(String(v));
  }
  return into;
}

export function numbersToCategories(column: NumericColumn): CategoricalColumn {
  const dictionary = new TextDictionary();
  const chunks = column.chunks.map((c) => encodeNumbers(c, c.length, dictionary, new Int32Array(c.length)));
  return { name: column.name, type: 'categorical', dictionary: dictionary.categories, chunks };
}

/** Each category is parsed once; those that are not numbers become missing and are counted. */
export function categoriesToNumbers(column: CategoricalColumn): { column: NumericColumn; coercedToMissing: number } {
  const valueOf = column.dictionary.map((text) => parseNumberCell(text) ?? NaN);
  let coercedToMissing = 0;
  const chunks = column.chunks.map((codes) => {
    const out = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] as number;
      const v = code < 0 ? NaN : (valueOf[code] as number);
      if (code >= 0 && v !== v) coercedToMissing++;
      out[i] = v;
    }
    return out;
  });
  return { column: { name: column.name, type: 'numeric', chunks }, coercedToMissing };
}

/** Text that is not a date or date-time becomes missing and is counted; the dictionary is kept as it is. */
export function categoriesToDatetimes(column: CategoricalColumn): { column: CategoricalColumn; coercedToMissing: number } {
  const valueOf = datetimeDictionary(column.dictionary);
  if (valueOf.every((v) => v === v)) return { column, coercedToMissing: 0 };
  let coercedToMissing = 0;
  const chunks = column.chunks.map((codes) =>
    codes.map((code) => {
      if (code < 0 || valueOf[code] === valueOf[code]) return code;
      coercedToMissing++;
      return MISSING_CODE;
    }),
  );
  return { column: { ...column, chunks }, coercedToMissing };
}

/**
 * The column read as a type (the reference's or the user's): cells that do not fit it become missing
 * and are counted as unfit. A column that already fits is returned as it is.
 */
export function retypeColumn(column: Column, type: ColumnType): { column: Column; coercedToMissing: number } {
  if (type === 'numeric') return column.type === 'numeric' ? { column, coercedToMissing: 0 } : categoriesToNumbers(column);
  const text = column.type === 'numeric' ? numbersToCategories(column) : column;
  return type === 'datetime' ? categoriesToDatetimes(text) : { column: text, coercedToMissing: 0 };
}

/**
 * The type inference gives a stored column. Columns are stored as read (numbers when every cell was a
 * number, else text), so this is the inference the reader made, available again when the reference changes.
 */
export function inferStoredType(column: Column): ColumnType {
  let nonMissing = 0;
  let allInteger = true;
  const distinct = new Set<number>();
  const see = (v: number): void => {
    if (allInteger && !Number.isInteger(v)) allInteger = false;
    if (distinct.size <= CATEGORICAL_INTEGER_MAX_DISTINCT) distinct.add(v);
  };
  if (column.type === 'numeric') {
    for (const chunk of column.chunks) {
      for (const v of chunk) {
        if (v !== v) continue;
        nonMissing++;
        see(v);
      }
    }
    return inferColumnType({ nonMissing, allNumeric: true, allInteger, distinctNumbers: distinct.size, allDatetime: false });
  }
  const used = new Uint8Array(column.dictionary.length);
  for (const chunk of column.chunks) {
    for (const code of chunk) {
      if (code < 0) continue;
      nonMissing++;
      used[code] = 1;
    }
  }
  let allNumeric = true;
  const dates = datetimeDictionary(column.dictionary);
  let allDatetime = true;
  column.dictionary.forEach((text, code) => {
    if (!used[code]) return;
    const v = parseNumberCell(text);
    if (v === null) allNumeric = false;
    else see(v);
    if (dates[code] !== dates[code]) allDatetime = false;
  });
  return inferColumnType({ nonMissing, allNumeric, allInteger, distinctNumbers: distinct.size, allDatetime });
}
