import { describe, expect, test } from 'vitest';
import { exclusiveQueue } from '../../../src/core/exclusive.ts';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('exclusiveQueue', () => {
  test('runs jobs one at a time in the order they were asked for', async () => {
    const exclusive = exclusiveQueue();
    const log: string[] = [];
    const job = (name: string) => async (): Promise<string> => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([exclusive(job('a')), exclusive(job('b')), exclusive(job('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  test('a failed job rejects its own caller and the next job still runs', async () => {
    const exclusive = exclusiveQueue();
    const failed = exclusive(async () => {
      await tick();
      throw new Error('no backend');
    });
    const next = exclusive(async () => 'ran');
    await expect(failed).rejects.toThrow('no backend');
    await expect(next).resolves.toBe('ran');
  });

  test('two queues do not wait for each other', async () => {
    const first = exclusiveQueue();
    const second = exclusiveQueue();
    let release = (): void => undefined;
    const blocked = first(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
    await expect(second(async () => 'second')).resolves.toBe('second');
    release();
    await expect(blocked).resolves.toBe('first');
  });
});
