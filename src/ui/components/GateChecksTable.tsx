import type { GateCheck } from '../../core/pipeline/gate.ts';
import { Badge, StatusBadge } from './StatusBadge.tsx';

/** Every check of a gate decision with its value, threshold and result; information-only checks say so (a stored check without `gating` gated). */
export function GateChecksTable({ checks }: { checks: GateCheck[] }) {
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table" aria-label="Gate checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Value</th>
            <th scope="col">Threshold</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.value}</td>
              <td>{c.threshold}</td>
              <td>
                {c.gating === false ? (
                  <Badge tone="neutral" title="Shown for information: the settings do not gate on it">
                    {c.pass ? 'pass' : 'fail'}: shown, not gating
                  </Badge>
                ) : (
                  <StatusBadge status={c.pass ? 'pass' : 'fail'} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
