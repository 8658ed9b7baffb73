import type { HeadlineMetrics } from '../../core/training/modelCard.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import type { Task } from '../../core/training/task.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatMetric, metricRows } from './modelFormat.ts';

/** A task's headline metrics (scikit-learn's definitions), the primary one marked. */
export function MetricsTable({ task, metrics, classes, label }: { task: Task; metrics: HeadlineMetrics; classes: string[] | null; label: string }) {
  const primary = primaryMetric(task).key;
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table metrics-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">What it says</th>
          </tr>
        </thead>
        <tbody>
          {metricRows(task, metrics, classes).map((row) => (
            <tr key={row.key} data-metric={row.key} className={row.key === primary ? 'primary-metric' : undefined}>
              <th scope="row">
                {row.label}
                {row.key === primary && (
                  <>
                    {' '}
                    <Badge tone="accent" title="The metric versions are compared by first">
                      primary
                    </Badge>
                  </>
                )}
              </th>
              <td className="num metric-value">{formatMetric(row.value)}</td>
              <td className="muted metric-help">{row.help}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
