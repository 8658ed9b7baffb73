import {
  DRIFT_STATISTICS,
  driftSettingsProblems,
  isPValueStatistic,
  STATISTIC_TYPES,
  type Correction,
  type DriftSettings,
  type DriftSettingsField,
  type DriftStatistic,
} from '../../core/drift/settings.ts';
import type { Problem } from '../../core/problems.ts';
import type { ColumnType } from '../../core/schema.ts';
import { driftKind } from '../../core/drift/profile.ts';

/** The settings form as typed: numbers stay text until they are read, so a half-typed value is not lost. */
export interface PinDraft {
  statistic: DriftStatistic | '';
  threshold: string;
}

export interface ColumnPinDraft {
  /** Stable React key while rows are added and removed. */
  key: number;
  column: string;
  statistic: DriftStatistic;
  threshold: string;
}

export interface SettingsDraft {
  alpha: string;
  wassersteinThreshold: string;
  jensenShannonThreshold: string;
  driftShare: string;
  correction: Correction;
  pin: PinDraft;
  columnPins: ColumnPinDraft[];
}

export type NumberField = 'alpha' | 'wassersteinThreshold' | 'jensenShannonThreshold' | 'driftShare';

let nextKey = 1;
export const newKey = (): number => nextKey++;

export function toDraft(settings: DriftSettings): SettingsDraft {
  return {
    alpha: String(settings.alpha),
    wassersteinThreshold: String(settings.wassersteinThreshold),
    jensenShannonThreshold: String(settings.jensenShannonThreshold),
    driftShare: String(settings.driftShare),
    correction: settings.correction,
    pin: settings.pin ? { statistic: settings.pin.statistic, threshold: String(settings.pin.threshold) } : { statistic: '', threshold: '' },
    columnPins: Object.entries(settings.columnPins).map(([column, pin]) => ({ key: newKey(), column, statistic: pin.statistic, threshold: String(pin.threshold) })),
  };
}

// An empty field is not zero: it reads as NaN so the form says it is missing.
const read = (text: string): number => (text.trim() === '' ? NaN : Number(text));

export function fromDraft(draft: SettingsDraft): DriftSettings {
  return {
    alpha: read(draft.alpha),
    wassersteinThreshold: read(draft.wassersteinThreshold),
    jensenShannonThreshold: read(draft.jensenShannonThreshold),
    driftShare: read(draft.driftShare),
    correction: draft.correction,
    pin: draft.pin.statistic === '' ? null : { statistic: draft.pin.statistic, threshold: read(draft.pin.threshold) },
    columnPins: Object.fromEntries(draft.columnPins.map((p) => [p.column, { statistic: p.statistic, threshold: read(p.threshold) }])),
  };
}

/** The statistics that can decide a column of this type. */
/** A datetime column is held as text, and drift checks it as such. */
export const statisticsFor = (type: ColumnType): DriftStatistic[] => DRIFT_STATISTICS.filter((s) => STATISTIC_TYPES[s].includes(driftKind(type)));

/** A threshold to start from when a statistic is chosen: alpha for tests, the classic 0.2 for PSI, 0.1 for distances. */
export function suggestedThreshold(statistic: DriftStatistic, alpha: string): string {
  if (isPValueStatistic(statistic)) return alpha.trim() === '' ? '0.05' : alpha;
  return statistic === 'psi' ? '0.2' : '0.1';
}

/** Every reason the draft cannot be saved: the core's checks, plus what only the form can get wrong. */
export function draftProblems(draft: SettingsDraft, settings: DriftSettings): Problem<DriftSettingsField>[] {
  const problems = driftSettingsProblems(settings);
  if (draft.pin.statistic !== '' && draft.pin.threshold.trim() === '') problems.push({ field: 'pin', message: 'the global pin needs a threshold' });
  const seen = new Set<string>();
  for (const pin of draft.columnPins) {
    // About the list of pins, not one row's threshold: no row is marked.
    if (pin.column === '') problems.push({ field: 'columnPins', message: 'a column pin has no column' });
    else if (seen.has(pin.column)) problems.push({ field: 'columnPins', message: `"${pin.column}" is pinned twice; keep one pin per column` });
    seen.add(pin.column);
  }
  return problems;
}

export const fieldInvalid = (field: DriftSettingsField, problems: readonly Problem<DriftSettingsField>[]): boolean => problems.some((p) => p.field === field);

export const sameSettings = (a: DriftSettings, b: DriftSettings): boolean => JSON.stringify(a) === JSON.stringify(b);
