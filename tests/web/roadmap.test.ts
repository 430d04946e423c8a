import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Dashboard, describeBrowser, launchBrowser, loginAs, newPage, screenshot } from './harness.ts';

describeBrowser('roadmap page (Lộ trình biên chế) in headless Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  let roadmapId = '';

  beforeAll(async () => {
    [dash, browser] = await Promise.all([startDashboardForRoadmap(), launchBrowser()]);
    const headers = { authorization: `Bearer ${dash.keys.planner}` };
    const res = await dash.app.inject({
      method: 'POST',
      url: '/roadmaps',
      headers,
      payload: { quarters: 2 },
    });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().job.id as string;
    for (let i = 0; i < 2400; i++) {
      const job = (await dash.app.inject({ url: `/jobs/${id}`, headers })).json();
      if (job.state === 'failed') throw new Error(`roadmap job failed: ${JSON.stringify(job.error)}`);
      if (job.state === 'completed') {
        roadmapId = job.result.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(roadmapId).toMatch(/^roadmap-/);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
  });

  it('shows a manager the curve, the transfers with their reasons in Vietnamese, and lets them approve', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'manager');
    await page.click('nav a[data-page="roadmap"]');
    await page.waitForSelector('[data-roadmap] .roadmap-curve');
    expect(await page.textContent('main h1')).toContain('Lộ trình biên chế');
    expect(await page.locator('.roadmap-curve tbody tr').count()).toBe(5);
    expect(await page.locator('section[data-quarter]').count()).toBe(2);
    const firstReason = await page.locator('.roadmap-transfers tbody tr td').nth(4).textContent();
    expect(firstReason).toContain('giờ công');
    await screenshot(page, 'roadmap-manager');
    await page.click('[data-approve]');
    await page.waitForSelector('[data-status="approved"]');
    const res = await dash.app.inject({
      url: `/roadmaps/${roadmapId}`,
      headers: { authorization: `Bearer ${dash.keys.viewer}` },
    });
    expect(res.json().status).toBe('approved');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('gives a viewer no approve button', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'viewer');
    await page.click('nav a[data-page="roadmap"]');
    await page.waitForSelector('[data-roadmap] .roadmap-curve');
    expect(await page.locator('[data-approve]').count()).toBe(0);
    expect(await page.locator('[data-compute]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});

async function startDashboardForRoadmap() {
  const { startDashboard } = await import('./harness.ts');
  return startDashboard();
}
