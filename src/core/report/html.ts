/**
 * The frame of a shareable report: one HTML document with its styles inline, no script, no font and
 * nothing else fetched, readable offline and printable. Every text that came from a person or a file
 * (column, batch and file names, categories, reasons) goes through `esc` before it reaches the markup.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attribute values. */
export const esc = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** A fragment of markup already escaped: only the builders here make one. */
export interface Html {
  readonly html: string;
}

export const raw = (html: string): Html => ({ html });

/** Text is escaped, markup passes as it is. */
export type Cell = string | number | Html;

export const cell = (value: Cell): string => (typeof value === 'object' ? value.html : esc(value));

/** A coloured word: tone pass, fail, warn or neutral. */
export const badge = (text: string, tone: 'pass' | 'fail' | 'warn' | 'neutral' | 'accent'): Html => raw(`<span class="badge badge-${tone}">${esc(text)}</span>`);

export interface Column {
  title: string;
  /** Numbers are right-aligned. */
  num?: boolean;
}

/** A table with a caption (for screen readers and print), header cells and one row per entry. */
export function table(caption: string, columns: Column[], rows: Cell[][], rowClass?: (i: number) => string | undefined): string {
  const head = columns.map((c) => `<th scope="col"${c.num ? ' class="num"' : ''}>${esc(c.title)}</th>`).join('');
  const body = rows
    .map((row, i) => {
      const cls = rowClass?.(i);
      const cells = row.map((value, j) => (j === 0 ? `<th scope="row">${cell(value)}</th>` : `<td${columns[j]?.num ? ' class="num"' : ''}>${cell(value)}</td>`)).join('');
      return `<tr${cls ? ` class="${esc(cls)}"` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A list of facts, label then value. */
export const facts = (entries: [string, Cell][]): string =>
  `<dl class="facts">${entries.map(([label, value]) => `<div><dt>${esc(label)}</dt><dd>${cell(value)}</dd></div>`).join('')}</dl>`;

export const section = (title: string, body: string, note?: string): string =>
  `<section><h2>${esc(title)}</h2>${note ? `<p class="muted">${esc(note)}</p>` : ''}\n${body}\n</section>`;

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2933; background: #fff; }
header { border-bottom: 2px solid #1f2933; margin-bottom: 16px; padding-bottom: 8px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 1px solid #d5dae1; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: #5b6675; }
.lede { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0 12px; width: auto; max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; color: #5b6675; }
th, td { border: 1px solid #d5dae1; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f5f8; }
tbody th { font-weight: 500; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.highlight > * { background: #fdf1f0; }
tr.primary > * { background: #eef4ff; }
.badge { display: inline-block; border-radius: 9px; padding: 0 8px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge-pass { color: #1e7a36; background: #e6f5ea; }
.badge-fail { color: #b42318; background: #fdecea; }
.badge-warn { color: #8a5a00; background: #fff4d6; }
.badge-neutral { color: #4a5562; background: #f0f2f5; }
.badge-accent { color: #3b4fc4; background: #eceffd; }
.better { color: #1e7a36; }
.worse { color: #b42318; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 16px; margin: 8px 0; }
.facts dt { font-size: 12px; color: #5b6675; }
.facts dd { margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; }
figcaption { font-size: 12px; color: #5b6675; }
svg text { font-family: inherit; }
footer { margin-top: 32px; border-top: 1px solid #d5dae1; padding-top: 8px; font-size: 12px; color: #5b6675; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  table, figure, tr { break-inside: avoid; }
  .badge, tr.highlight > *, tr.primary > *, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** The whole document: title, subtitle, the sections, and a footer saying where it came from. */
export function document(title: string, subtitle: string, body: string, generatedAt: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Relearn">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="muted">${esc(subtitle)}</p></header>
<main>
${body}
</main>
<footer>Made by Relearn on ${esc(generatedAt)}. A self-contained report: no script, nothing fetched; every number as the Relearn page shows it.</footer>
</body>
</html>
`;
}

/** "relearn-drift-batch-7.csv.html": the kind and a name, anything but letters, digits, dots and dashes made a dash. */
export const reportFileName = (kind: 'drift' | 'compare' | 'run', name: string): string => `relearn-${kind}-${name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || kind}.html`;
