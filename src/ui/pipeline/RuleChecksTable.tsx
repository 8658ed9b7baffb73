import type { RuleCheck } from '../../core/pipeline/policy.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { TRIGGER_LABELS } from './taskStates.ts';

/** Each trigger rule: on or off, whether it fired, and what it saw. */
export function RuleChecksTable({ checks, label }: { checks: RuleCheck[]; label: string }) {
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table rule-checks" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Fired</th>
            <th scope="col">What it saw</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.rule} className={c.enabled ? undefined : 'rule-off'}>
              <th scope="row">{TRIGGER_LABELS[c.rule]}</th>
              <td>{!c.enabled ? <Badge tone="neutral">off</Badge> : c.fired ? <Badge tone="accent">fired</Badge> : <Badge tone="neutral">no</Badge>}</td>
              <td>{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
