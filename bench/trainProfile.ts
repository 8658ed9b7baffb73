import { backendLabel } from '../src/core/training/backendProbe.ts';
import type { StepProfile } from '../src/ml/stepProfile.ts';
import { median, printGrid } from './table.ts';

/** Wall and CPU time of one measured training (CPU: every thread of the process or of all Chromium's processes). */
export interface CpuRow {
  measured: string;
  batchSize: number;
  wallMs: number[];
  cpuMs: number[];
}

const ms = (v: number): string => (v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** CPU time beside wall time: on a machine shared with other work, threads that wait on a busy core show here. */
export function printCpu(rows: CpuRow[]): void {
  console.log('\nCPU time (medians; CPU ÷ wall above 1 means more than one core at work, below 1 means waiting for a core):');
  printGrid(
    ['measured', 'batch', 'wall', 'CPU', 'CPU ÷ wall'],
    rows.map((r) => {
      const wall = median(r.wallMs);
      const cpu = median(r.cpuMs);
      return [r.measured, String(r.batchSize), `${(wall / 1000).toFixed(2)} s`, `${(cpu / 1000).toFixed(2)} s`, (cpu / wall).toFixed(2)];
    }),
  );
}

/** Where a training step's time goes: per part of the step, then the kernels that take the most. */
export function printProfiles(profiles: StepProfile[], topKernels = 8): void {
  if (profiles.length === 0) return;
  const label = (p: StepProfile): string => backendLabel(p.backend, p.threads);
  console.log(`\nwhere a training step goes (Chromium worker, ms per step, ${profiles[0]!.steps} steps after a warm-up epoch; backward = loss and gradients − forward; rest = tf.tidy, tensor bookkeeping and JavaScript between the parts):`);
  printGrid(
    ['backend', 'batch', 'batch rows', 'forward', 'backward', 'Adam', 'epoch loss', 'rest', 'step', 'kernels (profiled)', 'step (profiled)'],
    profiles.map((p) => {
      const { batchRows, lossAndGradients, forward, adam, epochLoss, step } = p.phases;
      const kernels = p.kernels.reduce((sum, k) => sum + k.msPerStep, 0);
      return [label(p), String(p.batchSize), ms(batchRows), ms(forward), ms(lossAndGradients - forward), ms(adam), ms(epochLoss), ms(step - batchRows - lossAndGradients - adam - epochLoss), ms(step), ms(kernels), ms(p.profiledStepMs)];
    }),
  );
  const fused = profiles.filter((p) => p.fused);
  if (fused.length > 0) {
    console.log('\nthe fused WebAssembly step on the same batches (ms per step: the rows copied into its memory; the call = forward, loss, backward and Adam, on wasm-threads with the helper worker\'s half and the wait for it):');
    printGrid(
      ['backend', 'batch', 'batch rows', 'call', 'step', 'tfjs step ÷ fused step'],
      fused.map((p) => [label(p), String(p.batchSize), ms(p.fused!.batchRows), ms(p.fused!.call), ms(p.fused!.step), `${(p.phases.step / p.fused!.step).toFixed(1)}×`]),
    );
  }
  console.log(`\nthe ${topKernels} kernels that take the most (tf.profile, ms per step and calls per step):`);
  printGrid(
    ['backend', 'batch', ...Array.from({ length: topKernels }, (_, i) => `#${i + 1}`)],
    profiles.map((p) => [label(p), String(p.batchSize), ...p.kernels.slice(0, topKernels).map((k) => `${k.kernel} ${ms(k.msPerStep)} ×${Math.round(k.callsPerStep)}`)]),
  );
}
