import { driftCheckState } from '../../bridge/driftBridge.ts';
import { loadDemoBatch, type ProgressListener } from '../../bridge/ingestBridge.ts';
import { schedulerState } from '../../bridge/pipelineBridge.ts';
import type { IngestReport } from '../../app/ingest/ingestFiles.ts';
import { DEMO_BATCH_NAMES } from '../../core/demo.ts';
import { arrivalStage, type ArrivalStage } from '../../storage/queries/arrivals.ts';
import { db } from '../db.ts';

/** Where the demo's story is: which batch (from 0), of how many, and what happens to it now. */
export interface DemoStep {
  batch: number;
  of: number;
  stage: 'arriving' | ArrivalStage;
}

const POLL_MS = 250;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether waiting on a batch is pointless: no drift check or no scheduler will move it on. */
function stuck(stage: ArrivalStage): boolean {
  if (stage === 'checking drift') return driftCheckState().status === 'failed';
  const scheduler = schedulerState();
  return scheduler.role === 'unsupported' || scheduler.problem !== null;
}

/** Waits until the batch is judged and any run it started has ended (see arrivalStage), or the wait is cancelled. */
async function settle(batchId: string, onStage: (stage: ArrivalStage) => void, signal: AbortSignal): Promise<void> {
  for (;;) {
    const stage = await arrivalStage(db, batchId);
    onStage(stage);
    if (stage === 'settled' || stuck(stage) || signal.aborted) return;
    await pause(POLL_MS);
  }
}

/**
 * The demo as a story: its yearly batches arrive one after another, and each is checked for drift,
 * judged by the pipeline and trained on (where the policy fires) before the next one arrives, so the
 * sections show the loop unfolding over time. A batch already stored (a reload mid-story) counts as
 * arrived. Cancelling stops after the batch under way; the rest are reported cancelled.
 */
export async function playDemoStory(onStep: (step: DemoStep) => void, onProgress: ProgressListener, signal: AbortSignal): Promise<IngestReport[]> {
  const reports: IngestReport[] = [];
  const of = DEMO_BATCH_NAMES.length;
  for (const [batch, name] of DEMO_BATCH_NAMES.entries()) {
    if (signal.aborted) {
      reports.push({ file: name, status: 'cancelled' });
      continue;
    }
    onStep({ batch, of, stage: 'arriving' });
    const report = await loadDemoBatch(batch, onProgress, signal);
    reports.push(report);
    if (report.status === 'stored' || report.status === 'duplicate') await settle(report.batch.id, (stage) => onStep({ batch, of, stage }), signal);
  }
  return reports;
}
