import { DEMO_BATCH_NAMES } from '../../core/demo.ts';
import type { DemoStep } from './demoStory.ts';
import { DEMO_TITLE, useIngestJob } from './IngestJobProvider.tsx';

const STAGE_TEXT: Record<DemoStep['stage'], string> = {
  arriving: 'arriving…',
  'checking drift': 'stored, checking drift…',
  judging: 'the pipeline judges it…',
  running: 'a run is going…',
  settled: 'done',
};

/** "Demo: batch 3 of 5 arriving…": shown in every section while the demo's story plays. */
export function DemoStoryStatus() {
  const { job } = useIngestJob();
  if (job.state !== 'running' || job.title !== DEMO_TITLE || !job.story) return null;
  const { batch, of, stage } = job.story;
  return (
    <p className="demo-story" role="status" aria-label="Demo story" data-batch={batch + 1} data-stage={stage}>
      <strong>
        Demo: batch {batch + 1} of {of}
      </strong>{' '}
      {job.cancelling ? 'stopping after this batch…' : STAGE_TEXT[stage]}
      <span className="demo-story-name">{DEMO_BATCH_NAMES[batch]}</span>
    </p>
  );
}
