import { LEGEND_STATES, STATE_LOOK } from './taskStates.ts';

/** What each task colour means, shared by the graph and the grid. */
export function StateLegend() {
  return (
    <ul className="state-legend" aria-label="Task states">
      {LEGEND_STATES.map((state) => (
        <li key={state} title={STATE_LOOK[state].means}>
          <span className={`swatch state-swatch state-swatch-${state}`} style={{ background: STATE_LOOK[state].strong }} aria-hidden="true" />
          {STATE_LOOK[state].label}
        </li>
      ))}
    </ul>
  );
}
