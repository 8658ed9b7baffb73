import { formatPercent, formatValue } from '../drift/format.ts';
import type { Overlay } from '../drift/overlay.ts';
import { formatDuration } from '../metrics/format.ts';
import { taskSpec, type TaskId } from '../pipeline/dag.ts';
import { DAG_LAYOUT, NODE_HEIGHT, NODE_WIDTH } from '../pipeline/dagLayout.ts';
import type { TaskInstance, TaskState } from '../pipeline/runState.ts';
import { STATE_LOOK } from '../pipeline/taskStates.ts';
import { esc } from './html.ts';

/** Charts drawn as inline SVG, in the page's colours, with a <title> for every mark a person may ask about. */

const REFERENCE = '#98a2b3';
const CURRENT = '#2553c7';
const INK = '#5b6675';
const DAY_MS = 86_400_000;

/** Epoch milliseconds as a UTC date, with the time of day when bins are narrower than a day (as the Monitor's chart). */
function dateText(edges: readonly number[]): (v: number | undefined) => string {
  const width = edges.length > 1 ? (edges[edges.length - 1]! - edges[0]!) / (edges.length - 1) : DAY_MS;
  return (v) => (v === undefined || !Number.isFinite(v) ? formatValue(v) : new Date(v).toISOString().slice(0, width < DAY_MS ? 16 : 10).replace('T', ' '));
}

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Reference and current shares of one column on shared bins (numeric) or categories, bars side by
 * side, with the first and last edge (or every category) named under them.
 */
export function overlaySvg(column: string, overlay: Overlay, datetime = false): string {
  const n = overlay.reference.length;
  const width = 340;
  const height = overlay.type === 'categorical' ? 190 : 150;
  const left = 40;
  const top = 8;
  const plotW = width - left - 8;
  const plotH = 100;
  const max = Math.max(1e-9, ...overlay.reference, ...overlay.current);
  const top10 = Math.min(1, Math.ceil(max * 10 + 1e-9) / 10);
  const slot = plotW / Math.max(1, n);
  const bar = Math.min(20, Math.max(1, (slot - 2) / 2));
  const y = (share: number): number => top + plotH - (share / top10) * plotH;
  const format = datetime && overlay.type === 'numeric' ? dateText(overlay.edges) : formatValue;
  const label = (i: number): string =>
    overlay.type === 'categorical' ? overlay.categories[i] ?? '' : `${format(overlay.edges[i])} – ${format(overlay.edges[i + 1])}`;
  const bars = overlay.reference
    .map((ref, i) => {
      const cur = overlay.current[i] ?? 0;
      const x = left + i * slot + 1;
      const title = `<title>${esc(label(i))}: reference ${esc(formatPercent(ref))}, current ${esc(formatPercent(cur))}</title>`;
      return (
        `<g>${title}<rect x="${x.toFixed(1)}" y="${y(ref).toFixed(1)}" width="${bar.toFixed(1)}" height="${(top + plotH - y(ref)).toFixed(1)}" fill="${REFERENCE}"/>` +
        `<rect x="${(x + bar).toFixed(1)}" y="${y(cur).toFixed(1)}" width="${bar.toFixed(1)}" height="${(top + plotH - y(cur)).toFixed(1)}" fill="${CURRENT}"/></g>`
      );
    })
    .join('');
  const base = top + plotH;
  const axis =
    `<line x1="${left}" y1="${base}" x2="${left + plotW}" y2="${base}" stroke="${INK}"/>` +
    `<text x="${left - 4}" y="${top + 8}" text-anchor="end" font-size="10" fill="${INK}">${esc(formatPercent(top10))}</text>` +
    `<text x="${left - 4}" y="${base}" text-anchor="end" font-size="10" fill="${INK}">0%</text>`;
  const ticks =
    overlay.type === 'categorical'
      ? overlay.categories
          .map((c, i) => {
            const x = left + i * slot + slot / 2;
            return `<text transform="translate(${x.toFixed(1)},${base + 10}) rotate(45)" font-size="10" fill="${INK}">${esc(cut(c, 14))}</text>`;
          })
          .join('')
      : `<text x="${left}" y="${base + 14}" font-size="10" fill="${INK}">${esc(format(overlay.edges[0]))}</text>` +
        `<text x="${left + plotW}" y="${base + 14}" text-anchor="end" font-size="10" fill="${INK}">${esc(format(overlay.edges[overlay.edges.length - 1]))}</text>`;
  const legendY = height - 6;
  const legend =
    `<rect x="${left}" y="${legendY - 9}" width="10" height="10" fill="${REFERENCE}"/><text x="${left + 14}" y="${legendY}" font-size="11" fill="${INK}">reference</text>` +
    `<rect x="${left + 90}" y="${legendY - 9}" width="10" height="10" fill="${CURRENT}"/><text x="${left + 104}" y="${legendY}" font-size="11" fill="${INK}">current</text>`;
  return (
    `<svg class="overlay" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`Distribution of “${column}”: reference and current shares`)}">` +
    `${axis}${bars}${ticks}${legend}</svg>`
  );
}

const taskDuration = (task: TaskInstance): number | null => (task.startedAt !== null && task.endedAt !== null ? task.endedAt - task.startedAt : null);

/** "success · 1.2 s", "running · try 2", "not reached": as the page's graph writes a node. */
export function nodeLine(task: TaskInstance): string {
  const look = STATE_LOOK[task.state];
  const duration = taskDuration(task);
  const parts = [look.label];
  if (task.state === 'running' || task.state === 'up_for_retry') parts.push(`try ${task.tries}`);
  else if (duration !== null && task.state !== 'skipped' && task.state !== 'upstream_failed') parts.push(formatDuration(duration));
  return parts.join(' · ');
}

const EDGE_LABELS: Partial<Record<string, string>> = { 'gate>register': 'pass', 'gate>reject': 'fail' };
const DONE: TaskState[] = ['success', 'failed', 'upstream_failed', 'skipped'];

/** An arrowhead pointing along (dx, dy) with its tip at (x, y). */
function arrow(x: number, y: number, dx: number, dy: number, colour: string): string {
  const len = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / len, dy / len];
  const point = (side: number): string => `${(x - ux * 8 - uy * 4 * side).toFixed(1)},${(y - uy * 8 + ux * 4 * side).toFixed(1)}`;
  return `<polygon points="${x.toFixed(1)},${y.toFixed(1)} ${point(1)} ${point(-1)}" fill="${colour}"/>`;
}

/** The retraining DAG on the page's layout, each task filled with its state's colour and labelled as the page labels it. */
export function dagSvg(tasks: readonly TaskInstance[], runNumber: number): string {
  const { positions, edges, width, height } = DAG_LAYOUT;
  const stateOf = (id: TaskId): TaskState => tasks.find((t) => t.id === id)?.state ?? 'none';
  const lines = edges
    .map(({ source, target, wraps }) => {
      const walked = DONE.includes(stateOf(source)) && stateOf(target) !== 'none' && stateOf(target) !== 'skipped';
      const colour = walked ? '#5b6675' : '#c3c9d1';
      const s = positions[source];
      const t = positions[target];
      let path: string;
      let head: string;
      let labelAt: [number, number];
      if (wraps) {
        const x1 = s.x + NODE_WIDTH / 2;
        const y1 = s.y + NODE_HEIGHT;
        const x2 = t.x + NODE_WIDTH / 2;
        const y2 = t.y;
        const mid = (y1 + y2) / 2;
        path = `<polyline points="${x1},${y1} ${x1},${mid} ${x2},${mid} ${x2},${y2}" fill="none" stroke="${colour}" stroke-width="1.5"/>`;
        head = arrow(x2, y2, 0, 1, colour);
        labelAt = [(x1 + x2) / 2, mid - 4];
      } else {
        const x1 = s.x + NODE_WIDTH;
        const y1 = s.y + NODE_HEIGHT / 2;
        const x2 = t.x;
        const y2 = t.y + NODE_HEIGHT / 2;
        path = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="1.5"/>`;
        head = arrow(x2, y2, x2 - x1, y2 - y1, colour);
        labelAt = [(x1 + x2) / 2, (y1 + y2) / 2 - 4];
      }
      const label = EDGE_LABELS[`${source}>${target}`];
      const text = label ? `<text x="${labelAt[0].toFixed(1)}" y="${labelAt[1].toFixed(1)}" text-anchor="middle" font-size="11" fill="#5b6675">${label}</text>` : '';
      return `${path}${head}${text}`;
    })
    .join('\n');
  const nodes = tasks
    .map((task) => {
      const look = STATE_LOOK[task.state];
      const { x, y } = positions[task.id];
      const line = nodeLine(task);
      return (
        `<g data-task="${task.id}" data-state="${task.state}"><title>${esc(`${task.id}: ${line}. ${taskSpec(task.id).description}`)}</title>` +
        `<rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="${look.soft}" stroke="${task.state === 'none' ? '#c3c9d1' : look.strong}" stroke-width="1.5"/>` +
        `<text x="${x + 8}" y="${y + 18}" font-size="12" font-weight="600" fill="#1f2933">${task.id}</text>` +
        `<circle cx="${x + 12}" cy="${y + 31}" r="4" fill="${look.strong}" stroke="#9aa3ae" stroke-width="0.5"/>` +
        `<text x="${x + 20}" y="${y + 35}" font-size="11" fill="#3d4754">${esc(line)}</text></g>`
      );
    })
    .join('\n');
  return (
    `<svg class="dag" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" role="img" aria-label="The retraining DAG in run ${runNumber}, each task in its state">\n` +
    `${lines}\n${nodes}\n</svg>`
  );
}

/** The legend of task states: a swatch and the state's name for each state the run shows. */
export function stateLegend(states: readonly TaskState[]): string {
  return `<p class="muted">${states
    .map((s) => `<span style="display:inline-block;width:10px;height:10px;border:1px solid #9aa3ae;background:${STATE_LOOK[s].strong}"></span> ${esc(STATE_LOOK[s].label)}`)
    .join(' &nbsp; ')}</p>`;
}
