/**
 * The demo scenario: real daily weather (vega-datasets' weather.csv, Seattle and New York, 2012-2015)
 * cut into yearly batches in arrival order. Seattle 2012 is the reference; later Seattle years drift a
 * little with the climate; New York 2015 arrives last as a new station, with a new location category,
 * windier days and more snow — the kind of shift validation and drift must catch.
 */
export const DEMO_TARGET = 'weather';

export interface DemoBatch {
  name: string;
  csv: string;
}

const DEMO_SLICES: { location: string; year: string; name: string }[] = [
  { location: 'Seattle', year: '2012', name: 'seattle-2012.csv' },
  { location: 'Seattle', year: '2013', name: 'seattle-2013.csv' },
  { location: 'Seattle', year: '2014', name: 'seattle-2014.csv' },
  { location: 'Seattle', year: '2015', name: 'seattle-2015.csv' },
  { location: 'New York', year: '2015', name: 'new-york-2015.csv' },
];

/** The demo's batches, in arrival order. */
export const DEMO_BATCH_NAMES: readonly string[] = DEMO_SLICES.map((s) => s.name);

export function demoBatches(weatherCsv: string): DemoBatch[] {
  const lines = weatherCsv.split(/\r?\n/).filter((l) => l !== '');
  const [header, ...rows] = lines;
  if (header !== 'location,date,precipitation,temp_max,temp_min,wind,weather') {
    throw new Error('the demo data has an unexpected header; is vega-datasets at the expected version?');
  }
  return DEMO_SLICES.map(({ location, year, name }) => {
    const prefix = `${location},${year}-`;
    const selected = rows.filter((r) => r.startsWith(prefix));
    return { name, csv: [header, ...selected].join('\n') + '\n' };
  });
}
