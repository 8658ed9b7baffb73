/** A run's time as a sentence lives in src/core (the shareable run report says it too). */
export * from '../../core/pipeline/runTimeText.ts';
