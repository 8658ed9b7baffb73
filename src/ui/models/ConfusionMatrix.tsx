import type { CSSProperties } from 'react';
import { formatCount } from '../format.ts';
import { formatPercent } from '../monitor/driftFormat.ts';

/**
 * Counts of holdout rows by actual class (rows) and predicted class (columns), as scikit-learn's
 * confusion_matrix. Shade says the share of the actual class: blue on the diagonal (right), red off it
 * (wrong); each cell's label says the same in words.
 */
export function ConfusionMatrix({ matrix, classes }: { matrix: number[][]; classes: string[] }) {
  const name = (k: number): string => classes[k] ?? `class ${k}`;
  return (
    // Focusable, so that a matrix wider than its column scrolls with the keyboard too.
    <div className="table-wrap confusion-wrap" tabIndex={0}>
      <table className="confusion" aria-label="Confusion matrix">
        <thead>
          <tr>
            <th scope="col" className="confusion-corner">
              <span className="muted">actual ↓ · predicted →</span>
            </th>
            {matrix.map((_, k) => (
              <th key={k} scope="col" className="confusion-class" title={name(k)}>
                {name(k)}
              </th>
            ))}
            <th scope="col" className="confusion-total">
              rows
            </th>
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, actual) => {
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={actual}>
                <th scope="row" className="confusion-class" title={name(actual)}>
                  {name(actual)}
                </th>
                {row.map((count, predicted) => {
                  const share = total > 0 ? count / total : 0;
                  const right = actual === predicted;
                  const colour = right ? '#2553c7' : '#b42318';
                  // At most 60% colour, where the dark text keeps a contrast of 5:1 (WCAG AA asks 4.5:1).
                  const style: CSSProperties = count > 0 ? { background: `color-mix(in srgb, ${colour} ${Math.round(10 + share * 50)}%, #fff)` } : {};
                  const label = `actual ${name(actual)}, predicted ${name(predicted)}: ${formatCount(count)} row${count === 1 ? '' : 's'}${total > 0 ? ` (${formatPercent(share)} of ${name(actual)})` : ''}`;
                  return (
                    <td key={predicted} className={`confusion-cell${right ? ' confusion-right' : ''}`} style={style} title={label} aria-label={label}>
                      {formatCount(count)}
                    </td>
                  );
                })}
                <td className="confusion-total">{formatCount(total)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
