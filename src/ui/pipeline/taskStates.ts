/** How task states, triggers and outcomes look lives in src/core (the shareable run report draws them too). */
export * from '../../core/pipeline/taskStates.ts';
