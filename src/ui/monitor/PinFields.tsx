import { useId } from 'react';
import { DRIFT_STATISTICS, isPValueStatistic, type DriftStatistic } from '../../core/drift/settings.ts';
import type { ColumnSchema } from '../../core/schema.ts';
import { statisticLabel } from './driftFormat.ts';
import { newKey, statisticsFor, suggestedThreshold, type ColumnPinDraft, type PinDraft } from './settingsDraft.ts';

const thresholdHelp = (statistic: DriftStatistic | ''): string =>
  statistic === '' ? '' : isPValueStatistic(statistic) ? 'Drift when p is below this (0–1).' : 'Drift when the value is at or above this.';

/** The global pin: a statistic and threshold that replace the default rule for every column it fits. */
export function GlobalPinFields({ pin, alpha, invalid, onChange }: { pin: PinDraft; alpha: string; invalid: boolean; onChange: (pin: PinDraft) => void }) {
  const id = useId();
  return (
    <fieldset className="pin-fieldset">
      <legend className="field-label">Pin for all columns</legend>
      <div className="pin-row">
        <label className="inline-field" htmlFor={`${id}-statistic`}>
          Statistic
        </label>
        <select
          id={`${id}-statistic`}
          value={pin.statistic}
          onChange={(e) => {
            const statistic = e.target.value as DriftStatistic | '';
            onChange({ statistic, threshold: statistic === '' ? '' : suggestedThreshold(statistic, alpha) });
          }}
        >
          <option value="">none (default rule)</option>
          {DRIFT_STATISTICS.map((s) => (
            <option key={s} value={s}>
              {statisticLabel(s)}
            </option>
          ))}
        </select>
        {pin.statistic !== '' && (
          <>
            <label className="inline-field" htmlFor={`${id}-threshold`}>
              Threshold
            </label>
            <input
              id={`${id}-threshold`}
              type="number"
              inputMode="decimal"
              step="any"
              value={pin.threshold}
              aria-invalid={invalid || undefined}
              aria-describedby={`${id}-help`}
              onChange={(e) => onChange({ ...pin, threshold: e.target.value })}
            />
          </>
        )}
      </div>
      <span id={`${id}-help`} className="field-help">
        {pin.statistic === ''
          ? 'Each column is decided by the default rule (a test for small references, a distance for large ones).'
          : `${thresholdHelp(pin.statistic)} Applies to every column the statistic fits; others keep the default rule.`}
      </span>
    </fieldset>
  );
}

/** Per-column pins: each wins over the global pin; the statistics offered fit the column's type. */
export function ColumnPinsFields({
  pins,
  columns,
  alpha,
  invalidColumns,
  onChange,
}: {
  pins: ColumnPinDraft[];
  columns: ColumnSchema[];
  alpha: string;
  invalidColumns: Set<string>;
  onChange: (pins: ColumnPinDraft[]) => void;
}) {
  const id = useId();
  const typeOf = (name: string): ColumnSchema['type'] => columns.find((c) => c.name === name)?.type ?? 'numeric';
  const update = (key: number, change: Partial<ColumnPinDraft>): void => onChange(pins.map((p) => (p.key === key ? { ...p, ...change } : p)));
  const free = columns.filter((c) => !pins.some((p) => p.column === c.name));
  const add = (): void => {
    const column = free[0];
    if (!column) return;
    const statistic: DriftStatistic = 'psi'; // fits either type; the classic "PSI > 0.2" rule
    onChange([...pins, { key: newKey(), column: column.name, statistic, threshold: suggestedThreshold(statistic, alpha) }]);
  };
  return (
    <fieldset className="pin-fieldset">
      <legend className="field-label">Pins per column</legend>
      <p className="field-help">
        {pins.length === 0 ? 'No column is pinned. ' : ''}A column pin wins over the pin for all columns. Tests (KS, chi-square) drift when p is below the threshold,
        distances when they are at or above it.
      </p>
      <ul className="column-pins">
        {pins.map((pin, index) => {
          const choices = statisticsFor(typeOf(pin.column));
          const rowId = `${id}-${pin.key}`;
          return (
            <li key={pin.key} className="pin-row">
              <label className="visually-hidden" htmlFor={`${rowId}-column`}>
                Column of pin {index + 1}
              </label>
              <select
                id={`${rowId}-column`}
                value={pin.column}
                onChange={(e) => {
                  const column = e.target.value;
                  const fits = statisticsFor(typeOf(column));
                  const statistic = fits.includes(pin.statistic) ? pin.statistic : (fits[0] as DriftStatistic);
                  update(pin.key, { column, statistic, threshold: statistic === pin.statistic ? pin.threshold : suggestedThreshold(statistic, alpha) });
                }}
              >
                {!columns.some((c) => c.name === pin.column) && <option value={pin.column}>{pin.column} (not in the reference)</option>}
                {columns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} ({c.type})
                  </option>
                ))}
              </select>
              <label className="visually-hidden" htmlFor={`${rowId}-statistic`}>
                Statistic of pin {index + 1}
              </label>
              <select
                id={`${rowId}-statistic`}
                value={pin.statistic}
                onChange={(e) => {
                  const statistic = e.target.value as DriftStatistic;
                  update(pin.key, { statistic, threshold: suggestedThreshold(statistic, alpha) });
                }}
              >
                {choices.map((s) => (
                  <option key={s} value={s}>
                    {statisticLabel(s)}
                  </option>
                ))}
              </select>
              <label className="visually-hidden" htmlFor={`${rowId}-threshold`}>
                Threshold of pin {index + 1}
              </label>
              <input
                id={`${rowId}-threshold`}
                type="number"
                inputMode="decimal"
                step="any"
                value={pin.threshold}
                aria-invalid={invalidColumns.has(pin.column) || undefined}
                onChange={(e) => update(pin.key, { threshold: e.target.value })}
              />
              <button type="button" className="btn btn-quiet" onClick={() => onChange(pins.filter((p) => p.key !== pin.key))}>
                Remove<span className="visually-hidden"> the pin on {pin.column}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="btn" disabled={free.length === 0} onClick={add}>
        Add column pin
      </button>
    </fieldset>
  );
}
