import type { ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { SectionHeader } from '../components/SectionHeader.tsx';
import { useBatches } from '../hooks.ts';
import { sectionIcons } from '../icons.tsx';
import { sectionHref, type Section } from '../route.ts';

type PlannedId = Exclude<Section, 'data' | 'monitor' | 'models' | 'history'>;

interface Plan {
  title: string;
  lede: string;
  empty: string;
  shows: ReactNode[];
}

const PLANS: Record<PlannedId, Plan> = {
  pipeline: {
    title: 'Pipeline',
    lede: 'The retraining DAG, its runs, and the policy that starts them.',
    empty: 'The retraining pipeline is not built yet',
    shows: [
      'The DAG check_trigger → validate_data → prepare_features → train → evaluate → compare → gate → register / reject → promote → notify, with each task’s live state (queued, running, success, failed, up for retry, skipped).',
      'A runs grid: one column per run, one row per task, with its trigger and reason, try number, duration and log lines.',
      'The trigger policy: manual, drift, performance, schedule and data-volume triggers, with cooldown and circuit breaker.',
    ],
  },
};

/** A section whose tools are not built yet: what it will show, and what it needs first. */
export function PlannedSection({ section }: { section: PlannedId }) {
  const plan = PLANS[section];
  const SectionIcon = sectionIcons[section];
  const batches = useBatches();
  const noData = batches !== undefined && batches.length === 0;
  return (
    <>
      <SectionHeader title={plan.title} lede={plan.lede} />
      <section className="panel">
        <EmptyState
          icon={<SectionIcon size={32} />}
          title={plan.empty}
          actions={
            noData ? (
              <a className="btn btn-primary" href={sectionHref('data')}>
                Add data first
              </a>
            ) : undefined
          }
        >
          <p>This section will show:</p>
          <ul className="plan-list">
            {plan.shows.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
          {noData && <p>It works on the batches in the Data section; there are none yet.</p>}
        </EmptyState>
      </section>
    </>
  );
}
