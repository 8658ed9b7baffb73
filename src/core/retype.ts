import { MISSING_CODE, type CategoricalColumn, type Column, type NumericColumn } from './columns.ts';
import { parseNumberCell } from './csv/cells.ts';
import type { ColumnType } from './schema.ts';

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

/** The column under another type (a user's override); unchanged when it already has that type. */
export function retypeColumn(column: Column, type: ColumnType): { column: Column; coercedToMissing: number } {
  if (column.type === type) return { column, coercedToMissing: 0 };
  return column.type === 'numeric' ? { column: numbersToCategories(column), coercedToMissing: 0 } : categoriesToNumbers(column);
}
