import type { Locator, Page } from 'playwright-core';

/**
 * A long list's pager (WindowPager): the list draws one stretch of its items, and these buttons move
 * it. `label` is the pager's navigation name ("Events shown", "Runs shown in the grid", …).
 */
export class WindowPagerControl {
  readonly nav: Locator;

  constructor(page: Page, label: string) {
    this.nav = page.getByRole('navigation', { name: label });
  }

  /** "batches 305–364 of 364". */
  async range(): Promise<string> {
    return ((await this.nav.locator('.window-pager-range').textContent()) ?? '').trim();
  }

  button(name: 'Oldest' | '← Earlier' | 'Later →' | 'Newest'): Locator {
    return this.nav.getByRole('button', { name, exact: true });
  }

  async oldest(): Promise<void> {
    await this.button('Oldest').click();
  }

  async newest(): Promise<void> {
    await this.button('Newest').click();
  }
}
