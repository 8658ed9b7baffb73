/** Display formatting, one fixed locale so every screen and screenshot reads the same. */
const LOCALE = 'en-US';

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

export const formatCount = (n: number): string => integer.format(n);

/** 1000-based units, as file managers show sizes: "12.3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export const formatShare = (share: number): string => {
  if (share === 0) return '0%';
  const pct = share * 100;
  return pct < 0.1 ? '<0.1%' : `${pct.toFixed(1)}%`;
};

const upToDecimals = [0, 1, 2, 3].map((d) => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: d }));

/** A statistic of a column: a few significant digits, scientific notation for very large or tiny values. */
export function formatStat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9 || (abs > 0 && abs < 1e-3)) return value.toExponential(2);
  const decimals = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return (upToDecimals[decimals] as Intl.NumberFormat).format(value);
}

const dateTime = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export const formatTime = (ms: number): string => dateTime.format(ms);

/** The first 12 hex characters of a SHA-256 id: enough to tell batches apart on screen. */
export const shortId = (id: string): string => id.slice(0, 12);

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;
