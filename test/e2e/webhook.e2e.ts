import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { baseUrl, newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { HistoryPage } from './pages/history-page.ts';
import { startWebhookReceiver, type Received } from './servers.ts';

declare global {
  interface Window {
    policyViolations: string[];
  }
}

/** A small labeled batch; `name` makes its bytes (and so the batch) new. */
function batchFile(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const rows = Array.from({ length: 12 }, (_, i) => `${i},${(i * 0.7) % 5},${i % 2 ? 'rain' : 'sun'},${name}`);
  return { name: `${name}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`x,wind,weather,tag\n${rows.join('\n')}\n`) };
}

async function upload(page: Page, name: string): Promise<void> {
  const data = new DataPage(page);
  await page.goto('#/data');
  await data.heading().filter({ hasText: 'Data' }).waitFor();
  await data.fileInput().setInputFiles(batchFile(name));
  await data.batchLink(`${name}.csv`).waitFor();
}

async function openSettings(page: Page): Promise<HistoryPage> {
  const history = new HistoryPage(page);
  await history.openNotificationSettings();
  return history;
}

async function saveWebhook(history: HistoryPage, url: string): Promise<void> {
  await history.webhookField().fill(url);
  await history.saveNotifications();
}

const posts = (received: Received[]): Received[] => received.filter((r) => r.method === 'POST');
const summaryOf = (r: Received): string => (JSON.parse(r.body) as { event: { summary: string } }).event.summary;

test('the webhook: off by default, then the chosen event arrives as JSON at the one address the page may contact, and at no other', async () => {
  const pageOrigin = new URL(baseUrl()).origin;
  const receiver = await startWebhookReceiver(pageOrigin);
  const other = await startWebhookReceiver(pageOrigin);
  const { page, context, errors, close } = await newPage();
  await context.addInitScript(() => {
    window.policyViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.policyViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const hook = `${receiver.origin}/hook`;
  try {
    // Off by default: the page says it contacts no address but its own.
    let history = await openSettings(page);
    expect(await history.webhookField().inputValue()).toBe('');
    const reach = history.webhookReach();
    expect(await reach.textContent()).toBe('No webhook: this page contacts no address but its own.');

    // Only "Batches arriving" is chosen; batch A arrives with no webhook set.
    for (const box of await history.notificationChoices().all()) await box.setChecked(false);
    await history.notificationChoice('Batches arriving').check();
    await history.saveNotifications();
    await upload(page, 'batch-a');

    // Set, but not in force until a reload: the policy loaded with the page refuses it, and the page says so.
    history = await openSettings(page);
    await saveWebhook(history, hook);
    expect(await reach.textContent()).toContain(`Webhook saved, not yet in force: this page may contact ${receiver.origin} from its next load`);
    await upload(page, 'batch-b');
    history = await openSettings(page);
    await history.notificationNotice(`not sent: reload the page to let it contact ${receiver.origin}`).waitFor();

    // After the reload the policy allows exactly the webhook's origin, and the page shows it.
    await Promise.all([page.waitForEvent('load'), history.reloadNowButton().click()]);
    history = await openSettings(page);
    expect(await reach.textContent()).toBe(`Webhook: data is sent to ${receiver.origin} — the only address this page may contact.`);
    expect(await history.securityPolicy()).toContain(`connect-src 'self' ${receiver.origin};`);
    await screenshot(page, 'webhook-settings');

    await upload(page, 'batch-c');
    await expect.poll(() => posts(receiver.received).length, { timeout: 30_000 }).toBe(1);
    const [post] = posts(receiver.received);
    expect(post).toMatchObject({ path: '/hook', contentType: 'application/json', origin: pageOrigin });
    expect(JSON.parse(post!.body)).toEqual({
      event: { kind: 'batch.arrived', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), summary: 'Batch "batch-c.csv" arrived: 12 rows, 4 columns', details: null },
      workspace: 'relearn',
    });
    // A JSON POST to another origin is preflighted; the receiver allowed it.
    expect(receiver.received[0]?.method).toBe('OPTIONS');

    // Any other origin is still refused by the policy, before the network.
    const refused = await page.evaluate(async (target) => {
      await fetch(target, { method: 'POST', body: '{}' }).catch(() => undefined);
      for (let i = 0; i < 300 && window.policyViolations.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      return window.policyViolations;
    }, `${other.origin}/hook`);
    expect(refused).toEqual([`connect-src ${other.origin}/hook`]);
    expect(other.received).toEqual([]);

    // Off again: batch D is not sent. Set again (the loaded policy still allows it): batch E is, and it
    // is the next POST, so nothing of A, B or D went out before it.
    history = await openSettings(page);
    await saveWebhook(history, '');
    expect(await reach.textContent()).toBe(`No webhook: nothing is sent. Until the page is reloaded, its policy still allows ${receiver.origin}.`);
    await upload(page, 'batch-d');
    history = await openSettings(page);
    await saveWebhook(history, hook);
    await upload(page, 'batch-e');
    await expect.poll(() => posts(receiver.received).length, { timeout: 30_000 }).toBe(2);
    expect(posts(receiver.received).map(summaryOf)).toEqual(['Batch "batch-c.csv" arrived: 12 rows, 4 columns', 'Batch "batch-e.csv" arrived: 12 rows, 4 columns']);
    expect(errors.filter((e) => !e.includes(`${other.origin}/hook`))).toEqual([]);
  } finally {
    await close();
    await receiver.close();
    await other.close();
  }
}, 300_000);
