import { TextDictionary } from '../retype.ts';
import { inferColumnType } from '../schema.ts';
import { DICTIONARY_CAP_WHILE_NUMERIC } from './columnBuilder.ts';
import type { ColumnPlan } from './mergeParts.ts';
import type { PartColumnData } from './partColumn.ts';

/**
 * planColumn fed one part at a time: `plan()` after each part is planColumn over every part so far,
 * at a cost per part that does not grow with the parts before it. Only the parts up to the first text
 * are read for their dictionaries, numbers and integers (as planColumn reads its prefix); nothing of a
 * part is kept.
 */
export class RunningPlan {
  private parts = 0;
  private firstText = -1;
  private rows = 0;
  private missing = 0;
  private readonly union = new TextDictionary();
  private dropped = false;
  private readonly distinct = new Set<number>();
  private allInteger = true;
  private allDatetime = true;

  constructor(private readonly name: string) {}

  add(part: PartColumnData): void {
    const index = this.parts++;
    this.rows += part.rows;
    this.missing += part.missing;
    this.allDatetime &&= part.datetimeOk;
    if (this.firstText !== -1) return;
    if (part.textAt < part.rows) this.firstText = index;
    if (!this.dropped) this.dropped = part.dropped || !part.dictionary || this.overflows(part.dictionary, part.prefixDictionarySize);
    for (const v of part.distinctNumbers) if (this.distinct.size <= 5) this.distinct.add(v);
    this.allInteger &&= part.allInteger;
  }

  plan(): ColumnPlan {
    const numericOk = this.firstText === -1;
    const inferredType = inferColumnType({
      nonMissing: this.rows - this.missing,
      allNumeric: numericOk,
      allInteger: this.allInteger,
      distinctNumbers: this.distinct.size,
      allDatetime: this.allDatetime,
    });
    const stored = numericOk && (inferredType === 'numeric' || this.dropped) ? 'numeric' : 'categorical';
    return { name: this.name, inferredType, stored, first: numericOk ? this.parts : this.firstText, dropped: this.dropped, rows: this.rows };
  }

  /** Adds the texts seen before the part's first text to the union; true once it holds too many while the column looks numeric. */
  private overflows(dictionary: string[], size: number): boolean {
    for (let i = 0; i < size; i++) if (this.union.code(dictionary[i] as string) >= DICTIONARY_CAP_WHILE_NUMERIC) return true;
    return false;
  }
}
