import type { Locator } from 'playwright-core';
import { PipelinePage } from './pipeline-page.ts';

// The Pipeline section seen as one of several tabs: which tab schedules, and where runs execute.
export class SchedulerPage extends PipelinePage {
  /** "Scheduling in this tab (opened 17:20:05); runs executed here: 1, 2." or "…in another tab…". */
  schedulingTab(): Locator {
    return this.page.getByLabel('Scheduling tab');
  }

  /** When this page was opened, as the scheduler line shows a time (HH:MM:SS, in the page's time zone). */
  async openedClock(): Promise<string> {
    return this.page.evaluate(() =>
      new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(Math.round(performance.timeOrigin)),
    );
  }

  /** Whether this page ever started a pipeline worker (the one that executes runs). */
  startedPipelineWorker(): boolean {
    return this.page.workers().some((worker) => /pipeline\.worker/.test(worker.url()));
  }
}
