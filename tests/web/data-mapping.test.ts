import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { modelsWithAcmeMapping } from '../helpers/mappings.ts';
import {
  type Dashboard,
  describeBrowser,
  launchBrowser,
  loginAs,
  newPage,
  screenshot,
  startDashboard,
} from './harness.ts';

/**
 * The Dữ liệu page's mapping choice: the register mappings of models/import/ (GET /import/mappings) offered for
 * the kind chosen, sent as `?mapping=` with the upload.
 */
describeBrowser('data page (Dữ liệu): register mappings in headless Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  const models = modelsWithAcmeMapping();

  beforeAll(async () => {
    [dash, browser] = await Promise.all([
      startDashboard({ historyDays: 14, env: { MODELS_DIR: models } }),
      launchBrowser(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await dash?.close();
    rmSync(models, { recursive: true, force: true });
  });

  it('offers the mappings of the kind chosen and imports another system’s export with the one selected', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'planner');
    await page.click('nav a[data-page="data"]');
    await page.waitForSelector('#data-form');
    // Daily volumes have no mapping; the register kinds do.
    await page.selectOption('#data-kind', 'volumes');
    expect(await page.isVisible('#data-mapping')).toBe(false);
    await page.selectOption('#data-kind', 'dossiers');
    expect(await page.isVisible('#data-mapping')).toBe(true);
    const options = () =>
      page
        .locator('#data-mapping option')
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(await options()).toEqual(['', 'dossiers-acme.json']);
    expect(await page.locator('#data-mapping option').first().textContent()).toContain('mặc định');
    await page.selectOption('#data-kind', 'tickets');
    expect(await options()).toEqual(['']);
    await page.selectOption('#data-kind', 'dossiers');

    const file = {
      name: 'acme.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Dossier No,Sector,Office,Channel,Received,Due\nAC-1,Civil,P001,Walk-in,10/01/2024,11/01/2024\n',
      ),
    };
    // With the default mapping the export's headers mean nothing: refused, nothing written.
    await page.setInputFiles('#data-file', file);
    await page.click('#data-upload');
    await page.waitForSelector('[data-result="rejected"], .notice .alert.error, .alert.error');
    const denied = await page.evaluate(
      async (key) => (await fetch('/dossiers/AC-1', { headers: { authorization: `Bearer ${key}` } })).status,
      dash.keys.viewer,
    );
    expect(denied).toBe(404);

    // With ACME's mapping it goes in.
    await page.selectOption('#data-mapping', 'dossiers-acme.json');
    await page.setInputFiles('#data-file', file);
    await page.click('#data-upload');
    await page.waitForSelector('[data-result="imported"]');
    await screenshot(page, 'data-mapping');
    const stored = await page.evaluate(
      async (key) => (await fetch('/dossiers/AC-1', { headers: { authorization: `Bearer ${key}` } })).json(),
      dash.keys.viewer,
    );
    expect(stored).toMatchObject({ field: 'civil_status', channel: 'in_person', receiving_point: 'P001' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
