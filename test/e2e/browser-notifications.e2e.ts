import { expect, test } from 'vitest';
import { baseUrl, newPage } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { HistoryPage } from './pages/history-page.ts';

declare global {
  interface Window {
    shown: { title: string; body: string }[];
  }
}

function batchFile(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const rows = Array.from({ length: 12 }, (_, i) => `${i},${(i * 0.7) % 5},${i % 2 ? 'rain' : 'sun'},${name}`);
  return { name: `${name}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`x,wind,weather,tag\n${rows.join('\n')}\n`) };
}

test('browser notifications: none until chosen, then one per chosen event, through the real Notification API', async () => {
  const { page, context, errors, close } = await newPage();
  await context.grantPermissions(['notifications'], { origin: new URL(baseUrl()).origin });
  // Each notification the page creates is recorded after the browser's own constructor accepted it.
  await context.addInitScript(() => {
    window.shown = [];
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        window.shown.push({ title, body: options?.body ?? '' });
      }
    }
    window.Notification = Recorded;
  });
  const data = new DataPage(page);
  const upload = async (name: string): Promise<void> => {
    await page.goto('#/data');
    await data.heading().filter({ hasText: 'Data' }).waitFor();
    await data.fileInput().setInputFiles(batchFile(name));
    await data.batchLink(`${name}.csv`).waitFor();
  };
  try {
    await upload('before');
    const history = new HistoryPage(page);
    await history.openNotificationSettings();
    await history.notificationChoice('Batches arriving').check();
    await history.notificationChoice('Browser notifications').check();
    await history.saveNotifications();

    await upload('after');
    await page.waitForFunction(() => window.shown.length > 0);
    const shown = await page.evaluate(() => window.shown);
    expect(shown).toEqual([{ title: 'Relearn: Batch arrived', body: expect.stringContaining('after.csv') }]);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});
