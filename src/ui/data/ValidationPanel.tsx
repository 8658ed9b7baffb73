import { useId, useState } from 'react';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import type { CheckStatus, ValidationCheck } from '../../core/validation.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';

const severity: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2 };

/** Failures first, then warnings, then passes; the check order within each stays as validation wrote it. */
const bySeverity = (checks: ValidationCheck[]): ValidationCheck[] =>
  checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => severity[a.check.status] - severity[b.check.status] || a.index - b.index)
    .map(({ check }) => check);

const overallText: Record<CheckStatus, string> = {
  pass: 'passes every check',
  warn: 'passes with warnings',
  fail: 'fails validation',
};

export function ValidationPanel({ batch, isReference, referenceName }: { batch: BatchSummary; isReference: boolean; referenceName: string | null }) {
  const [showPassing, setShowPassing] = useState(false);
  const toggleId = useId();
  const result = batch.validation;
  if (!result) {
    return (
      <section className="subpanel" aria-labelledby={`${toggleId}-title`}>
        <h3 id={`${toggleId}-title`}>Validation</h3>
        <p className="muted">
          {isReference
            ? 'This is the reference batch: every other batch is validated against its columns, types, ranges and categories.'
            : 'Not validated: there is no reference batch to compare with. Choose one with "Use as reference".'}
        </p>
      </section>
    );
  }
  const sorted = bySeverity(result.checks);
  const passing = sorted.filter((c) => c.status === 'pass').length;
  const shown = showPassing ? sorted : sorted.filter((c) => c.status !== 'pass');
  return (
    <section className="subpanel" aria-labelledby={`${toggleId}-title`}>
      <div className="subpanel-header">
        <h3 id={`${toggleId}-title`}>Validation</h3>
        <label className="toggle" htmlFor={toggleId}>
          <input id={toggleId} type="checkbox" checked={showPassing} onChange={(e) => setShowPassing(e.target.checked)} />
          Show passing checks ({passing})
        </label>
      </div>
      <p className="validation-summary" role="status">
        <StatusBadge status={result.status} /> {overallText[result.status]} against reference{' '}
        <strong>{referenceName ?? 'a batch no longer stored'}</strong>
        {passing === result.checks.length ? `: all ${result.checks.length} checks pass.` : `: ${result.checks.length - passing} of ${result.checks.length} checks need attention.`}
      </p>
      {shown.length === 0 ? (
        <p className="muted">All {result.checks.length} checks pass.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table checks-table" aria-label="Validation checks">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Column</th>
                <th scope="col">Value</th>
                <th scope="col">Threshold</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((check, index) => (
                <tr key={index} className={`check-${check.status}`}>
                  <td className="nowrap">{check.check}</td>
                  <td>{check.column ?? <span className="muted">whole batch</span>}</td>
                  <td className="check-value">{check.value}</td>
                  <td className="nowrap">{check.threshold}</td>
                  <td>
                    <StatusBadge status={check.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
