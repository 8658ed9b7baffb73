import { useEffect, useId, useState } from 'react';
import { availableBackends, probeBackends, setBackendOverride } from '../../bridge/trainBridge.ts';
import { backendLabel, chosenLabel, type BackendProbe } from '../../core/training/backendProbe.ts';
import type { DeviceRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime } from '../format.ts';
import { formatRate } from './modelFormat.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function ProbeTable({ probe }: { probe: BackendProbe }) {
  return (
    <div className="table-wrap table-wrap-fit">
      <table className="data-table" aria-label="Measured backends">
        <thead>
          <tr>
            <th scope="col">Backend</th>
            <th scope="col" className="num">
              Training speed
            </th>
            <th scope="col">What it is</th>
          </tr>
        </thead>
        <tbody>
          {probe.timings.map((t) => (
            <tr key={t.backend} data-backend={t.backend} className={t.backend === probe.chosen ? 'selected' : undefined}>
              <th scope="row" className="nowrap">
                {backendLabel(t.backend, t.threads)}
                {t.backend === probe.chosen && (
                  <>
                    {' '}
                    <Badge tone="accent">chosen</Badge>
                  </>
                )}
              </th>
              <td className="num">{t.samplesPerSecond === null ? 'not measured' : formatRate(t.samplesPerSecond)}</td>
              <td>
                {t.note}
                {t.software && t.backend === 'webgpu' && <span className="muted"> — no GPU behind it</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Which TensorFlow.js backend trains here: the first training measures each one on the same short job
 * and keeps the fastest (a software WebGPU adapter usually loses to WebAssembly). Measure again, or set
 * one by hand.
 */
export function BackendPanel({ device, training }: { device: DeviceRecord; training: boolean }) {
  const id = useId();
  const { probe, override } = device;
  const [measuring, setMeasuring] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [available, setAvailable] = useState<{ names: string[]; labels: Record<string, string> } | null>(null);
  // Before the first probe the worker is asked which backends start here, for the override list.
  useEffect(() => {
    if (probe) return;
    let live = true;
    availableBackends()
      .then((found) => live && setAvailable({ names: found.available, labels: found.labels }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [probe]);
  const options = probe ? probe.timings.filter((t) => t.samplesPerSecond !== null).map((t) => t.backend) : [...(available?.names ?? [])];
  if (override && !options.includes(override)) options.push(override);
  // Threads are known once a backend has started: from the probe, else from the worker's list.
  const label = (name: string): string => available?.labels[name] ?? backendLabel(name, probe?.timings.find((t) => t.backend === name)?.threads);
  const measure = async (): Promise<void> => {
    setMeasuring(true);
    setError(null);
    try {
      await probeBackends();
    } catch (e) {
      setError(`Measuring failed: ${messageOf(e)}`);
    } finally {
      setMeasuring(false);
    }
  };
  const choose = (value: string): void => {
    setError(null);
    setBackendOverride(value === '' ? null : value).catch((e: unknown) => setError(`Could not set the backend: ${messageOf(e)}`));
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel-header">
        <h2 id={`${id}-title`}>Training backend</h2>
        <div className="panel-tools">
          <label className="inline-field" htmlFor={`${id}-override`}>
            Use
          </label>
          <select id={`${id}-override`} value={override ?? ''} onChange={(e) => choose(e.target.value)}>
            <option value="">automatic{probe ? ` (measured: ${chosenLabel(probe)})` : ''}</option>
            {options.map((name) => (
              <option key={name} value={name}>
                {label(name)}, by hand
              </option>
            ))}
          </select>
          <button type="button" className="btn" onClick={() => void measure()} disabled={measuring || training}>
            {measuring ? 'Measuring…' : probe ? 'Measure again' : 'Measure now'}
          </button>
        </div>
      </div>
      {probe ? (
        <>
          <p className="backend-choice">
            {override ? (
              <>
                Training uses <strong>{label(override)}</strong>, chosen by hand; the measurement picked {chosenLabel(probe)} ({probe.reason}).
              </>
            ) : (
              <>
                Training uses <strong>{chosenLabel(probe)}</strong>: {probe.reason}.
              </>
            )}{' '}
            <span className="muted">Measured {formatTime(probe.at)}.</span>
          </p>
          <ProbeTable probe={probe} />
        </>
      ) : (
        <p className="muted">
          Not measured yet: each backend (WebGPU, WebGL, WebAssembly on every core and on one, plain JavaScript) is measured at the first training on this device, and the fastest is kept.
          {override && (
            <>
              {' '}
              Until then training uses <strong>{label(override)}</strong>, chosen by hand.
            </>
          )}
        </p>
      )}
      {measuring && (
        <p role="status" className="muted">
          <span className="spinner" aria-hidden="true" /> Measuring every backend on a short training…
        </p>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
    </section>
  );
}
