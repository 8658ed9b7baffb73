import { afterEach, describe, expect, it } from 'vitest';
import { checkDueBatches, localProfilers, profileStoredColumns, type ColumnProfiler } from '../../../src/app/drift/drift.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { freshDb, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/**
 * A batch of `rows` rows: `u` spread out (the bucket sort), `t` with many ties (the radix sort), `m` with
 * missing cells, `c` categories, `d` dates, and a label. Each batch's values differ, so a profile sorted into a buffer still in use
 * by another would change a report.
 */
function csv(rows: number, seed: number): string {
  let s = seed;
  const uniform = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const lines = ['u,t,m,c,d,label'];
  for (let i = 0; i < rows; i++) {
    const u = (uniform() * 100 + seed).toFixed(4);
    // One batch has a cell of text among t's numbers: it is read under the reference's type.
    const t = seed === 110 && i === 3 ? 'x' : Math.floor(uniform() * 12) + (seed % 3);
    const m = i % (7 + (seed % 5)) === 0 ? '' : (uniform() * seed).toFixed(3);
    const c = 'pqrs'[Math.floor(uniform() * (3 + (seed % 2)))];
    const d = `2024-0${1 + Math.floor(uniform() * 9)}-1${Math.floor(uniform() * 10)}`;
    lines.push(`${u},${t},${m},${c},${d},${uniform() < 0.5 ? 1 : 0}`);
  }
  return lines.join('\n') + '\n';
}

/** A reference and four batches of a little over 4,096 values a column, sizes within an eighth of each other. */
async function workspace(): Promise<RelearnDb> {
  const { db } = freshDb();
  open.push(db);
  for (const [i, rows] of [5000, 5300, 4900, 5500, 5100].entries()) await stored(db, `b${i}.csv`, csv(rows, 17 + i * 31));
  return db;
}

/** What each stored report says, by batch name. */
async function reports(db: RelearnDb): Promise<unknown[]> {
  const names = new Map<string, string>((await db.batches.toArray()).map((b) => [b.id, b.name]));
  const records = await db.driftReports.toArray();
  return records.map((r) => ({ batch: names.get(r.batchId), warnings: r.warnings, report: r.report })).sort((x, y) => x.batch!.localeCompare(y.batch!));
}

describe('sorting into the buffers of profiles let go', () => {
  for (const kept of [true, false]) {
    it(`gives the reports of fresh buffers, over several batches (reference ${kept ? 'kept' : 'read back from storage'})`, async () => {
      const limit = kept ? undefined : 0;
      const fresh = await workspace();
      const never: ColumnProfiler = (batch, jobs) => profileStoredColumns(fresh, batch, jobs);
      await checkDueBatches(fresh, undefined, undefined, [never, never], limit);

      const recycled = await workspace();
      const [local] = localProfilers(recycled);
      const given = new Set<ArrayBuffer>();
      let sortedIntoSpare = 0;
      const watching: ColumnProfiler = async (batch, jobs, spares) => {
        for (const spare of spares) given.add(spare);
        const results = await local!(batch, jobs, spares);
        for (const { profile } of results) if (profile.type === 'numeric' && given.has(profile.sorted.buffer as ArrayBuffer)) sortedIntoSpare++;
        return results;
      };
      await checkDueBatches(recycled, undefined, undefined, [watching, watching], limit);

      expect(await reports(recycled)).toEqual(await reports(fresh));
      // Not vacuous: later columns were sorted into buffers of columns checked before.
      expect(sortedIntoSpare).toBeGreaterThan(3);
    });
  }
});
