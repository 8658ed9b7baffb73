import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { baseUrl, newPage, screenshot, type PageSession } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { HistoryPage } from './pages/history-page.ts';
import { RegistryPage } from './pages/registry-page.ts';
import { StoragePage } from './pages/storage-page.ts';

/** Grants this page's origin persistent storage, as a browser does for a bookmarked or installed site. */
async function grantPersistentStorage(context: BrowserContext, page: Page): Promise<void> {
  const { targetInfo } = await (await context.newCDPSession(page)).send('Target.getTargetInfo');
  const browser = await context.browser()!.newBrowserCDPSession();
  await browser.send('Browser.grantPermissions', { origin: new URL(baseUrl()).origin, permissions: ['durableStorage'], browserContextId: targetInfo.browserContextId });
}

describe('storage, with the demo and one champion trained on three of its batches', () => {
  // One page for the block: each test takes the workspace one step further.
  let session: PageSession;
  let models: RegistryPage;
  let storage: StoragePage;
  /** The champion's version, and the id of the batch deleted from its lineage. */
  let version: number;
  let deletedId: string;
  beforeAll(async () => {
    session = await newPage();
    models = new RegistryPage(session.page);
    storage = new StoragePage(session.page);
    await models.openDemo();
  });
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test('a version trained on three of the five batches and promoted is the champion', async () => {
    await models.fill({ Epochs: '3', 'Hidden layers': '8' });
    for (const name of ['seattle-2015.csv', 'new-york-2015.csv']) await models.batchCheckbox(name).uncheck();
    await models.chosenBatches(/^3 of 5 chosen/).waitFor();
    await models.trainButton().click();
    const outcome = await models.waitForOutcome('finished');
    version = Number(/^Version (\d+) registered/.exec((await outcome.textContent()) ?? '')?.[1]);
    await models.open(`#/models/version/${version}`);
    await models.detail(version).waitFor();
    await models.registryChange('Promote', 'the first version');
    await expect.poll(() => models.stageOf(version).textContent(), { timeout: 30_000 }).toBe('production');
  });

  test('usage and quota come from the browser, with what the workspace holds', async () => {
    await storage.open();
    await storage.quotaMeter().waitFor();
    expect(Number(await storage.quotaMeter().getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    expect(Number(await storage.quotaMeter().getAttribute('aria-valuemax'))).toBeGreaterThan(Number(await storage.quotaMeter().getAttribute('aria-valuenow')));
    expect(await storage.usagePanel().textContent()).toMatch(/[\d.]+ (kB|MB|GB) used of [\d.]+ (MB|GB|TB) this browser allows this site/);
    await storage.batchesTable().waitFor();
    const breakdown = await storage.breakdown();
    expect(breakdown['Batches']).toMatch(/^5 · [\d.]+ kB$/);
    expect(breakdown['Model versions']).toMatch(/^1 · [\d.]+ (kB|MB)$/);
    expect(await storage.batchNames()).toEqual(['seattle-2012.csv', 'seattle-2013.csv', 'seattle-2014.csv', 'seattle-2015.csv', 'new-york-2015.csv']);
    expect(await storage.versionRow(version).textContent()).toMatch(/champion/);
  });

  test('persistence was asked for by itself when the first batch was stored; headless Chromium refuses', async () => {
    expect(await storage.persistenceState().textContent()).toBe('best effort');
    expect(await storage.persistencePanel().textContent()).toMatch(/may evict this workspace/);
    expect(await storage.persistencePanel().textContent()).toMatch(/Asked automatically when the first batch was stored on .+: the browser refused\./);
    await screenshot(session.page, 'storage-section');
  });

  test('the champion is not offered for deletion: its Delete is off, with the reason beside it; it stays stored', async () => {
    const button = storage.deleteVersionButton(version);
    expect(await button.isDisabled()).toBe(true);
    const reason = await button.getAttribute('aria-describedby');
    expect(await storage.page.locator(`#${reason}`).textContent()).toBe('the champion: promote or roll back to another version first');
    expect(await storage.refusal('Model versions').count()).toBe(0);
    expect(await storage.dialog().count()).toBe(0);
    expect(await storage.versionRow(version).count()).toBe(1);
  });

  test('a batch no version was trained on: the dialog says so, and it goes on confirm', async () => {
    await storage.deleteBatch('new-york-2015.csv');
    await storage.dialog().waitFor();
    expect(await storage.dialog().textContent()).toMatch(/No model version was trained on it\./);
    expect(await storage.dependents().count()).toBe(0);
    await storage.confirm();
    await storage.done('Batches').filter({ hasText: 'Batch “new-york-2015.csv” deleted.' }).waitFor();
    await expect.poll(() => storage.batchNames()).toEqual(['seattle-2012.csv', 'seattle-2013.csv', 'seattle-2014.csv', 'seattle-2015.csv']);
  });

  test("a batch in the champion's lineage: the dialog names the version; Cancel keeps it, confirm deletes it", async () => {
    deletedId = await storage.batchId('seattle-2013.csv');
    await storage.deleteBatch('seattle-2013.csv');
    await storage.dependents().waitFor();
    expect(await storage.dependents().textContent()).toContain(`Version ${version} (champion) was trained on this batch; its lineage will point to a deleted batch`);
    await screenshot(session.page, 'storage-confirm-lineage');
    await storage.cancel();
    await storage.dialog().waitFor({ state: 'detached' });
    expect(await storage.batchNames()).toContain('seattle-2013.csv');
    await storage.deleteBatch('seattle-2013.csv');
    await storage.dependents().waitFor();
    await storage.confirm();
    await storage.done('Batches').filter({ hasText: 'Batch “seattle-2013.csv” deleted.' }).waitFor();
    await expect.poll(() => storage.batchNames()).toEqual(['seattle-2012.csv', 'seattle-2014.csv', 'seattle-2015.csv']);
    expect((await storage.breakdown())['Batches']).toMatch(/^3 · /);
  });

  test('the other sections still render, and links to the deleted batch say it was deleted', async () => {
    const page = session.page;
    await models.open(`#/models/version/${version}`);
    await models.detail(version).waitFor();
    expect(await models.deletedBatchLinks(models.detail(version)).first().textContent()).toBe('seattle-2013.csv (deleted)');
    const data = new DataPage(page);
    await page.goto(`#/data/batch/${deletedId}`);
    await data.heading().filter({ hasText: 'Data' }).waitFor();
    await data.alertWith(/^Batch “seattle-2013\.csv” was deleted on /).waitFor();
    await page.goto(`#/monitor/batch/${deletedId}`);
    await data.alertWith(/^Batch “seattle-2013\.csv” was deleted on /).waitFor();
    for (const hash of ['#/monitor', '#/pipeline']) {
      await page.goto(hash);
      await storage.heading().filter({ hasText: hash === '#/monitor' ? 'Monitor' : 'Pipeline' }).waitFor();
    }
    const history = new HistoryPage(page);
    await history.open();
    await history.text('Batch "seattle-2013.csv" deleted (365 rows').waitFor();
  });

  test('persistence granted (as for a bookmarked or installed site): the button asks again and the state follows', async () => {
    await storage.manageStorageLink().click();
    await storage.heading().filter({ hasText: 'Storage' }).waitFor();
    await grantPersistentStorage(session.context, session.page);
    await storage.persistButton().click();
    await storage.persistenceState().filter({ hasText: 'persistent' }).waitFor();
    expect(await storage.persistenceState().textContent()).toBe('persistent');
    expect(await storage.persistencePanel().textContent()).toMatch(/Asked on .+: the browser granted it\./);
    expect(await storage.persistButton().count()).toBe(0);
  });
});
