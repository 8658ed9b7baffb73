import type { DriftReportRecord, RelearnDb } from '../db.ts';
import { splitDriftReport } from '../heavyFields.ts';

/** Stores a report checked (again), its drawn distributions apart from it (heavyFields.ts), together. */
export async function putDriftReport(db: RelearnDb, record: DriftReportRecord): Promise<void> {
  const { report, overlays } = splitDriftReport(record);
  await db.transaction('rw', [db.driftReports, db.driftOverlays], async () => {
    await db.driftReports.put(report);
    await db.driftOverlays.put(overlays);
  });
}
