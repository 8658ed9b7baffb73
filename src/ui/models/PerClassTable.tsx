import type { ClassScore } from '../../core/metrics/index.ts';
import { formatCount } from '../format.ts';
import { formatMetric } from './modelFormat.ts';

/** Precision, recall and F1 of every class, with how many holdout rows it had and got. */
export function PerClassTable({ scores, classes }: { scores: ClassScore[]; classes: string[] }) {
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table" aria-label="Scores per class">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Precision
            </th>
            <th scope="col" className="num">
              Recall
            </th>
            <th scope="col" className="num">
              F1
            </th>
            <th scope="col" className="num" title="Holdout rows of this class">
              Support
            </th>
            <th scope="col" className="num" title="Holdout rows predicted as this class">
              Predicted
            </th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.label}>
              <th scope="row">{classes[s.label] ?? `class ${s.label}`}</th>
              <td className="num">{formatMetric(s.precision)}</td>
              <td className="num">{formatMetric(s.recall)}</td>
              <td className="num">{formatMetric(s.f1)}</td>
              <td className="num">{formatCount(s.support)}</td>
              <td className="num">{formatCount(s.predicted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
