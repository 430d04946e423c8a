import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Dashboard,
  describeBrowser,
  hasUsecase,
  launchBrowser,
  loginAs,
  newPage,
  screenshot,
  startDashboard,
} from './harness.ts';

// Which use cases (issues 4–6) are in this build: without them the API answers 501 and the pages must say
// so calmly; with them the full flows run.
const HAS_FORECAST = hasUsecase('forecast-run.ts');
const HAS_PLAN = hasUsecase('weekly-plan.ts');
const HAS_SIMULATION = hasUsecase('simulation-run.ts');

const PAGES = ['overview', 'map', 'plan', 'scenarios', 'jobs', 'data'] as const;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API, read field by field in assertions
type ApiBody = any;

/** The API as the page calls it, with a given key (what a user could do by hand from the console). */
async function apiFetch(
  page: Page,
  path: string,
  key: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: ApiBody }> {
  return page.evaluate(
    async ({ path, key, init }) => {
      const res = await fetch(path, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${key}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { path, key, init },
  );
}

/** Waits until a job is finished (the inline runner works in the server's process). */
async function waitJob(page: Page, key: string, id: string): Promise<ApiBody> {
  for (let i = 0; i < 600; i++) {
    const { body } = await apiFetch(page, `/jobs/${id}`, key);
    if (body?.state === 'completed' || body?.state === 'failed') return body;
    await page.waitForTimeout(250);
  }
  throw new Error(`job ${id} did not finish`);
}

async function noHorizontalScroll(page: Page): Promise<boolean> {
  // A string: evaluated in the page (the test project has no DOM types).
  return page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1');
}

describeBrowser('dashboard in headless Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  /** Next Monday: the week the plan page opens on. */
  let nextWeek: string;

  beforeAll(async () => {
    [dash, browser] = await Promise.all([startDashboard(), launchBrowser()]);
    const today = new Date(Date.now() + 7 * 3_600_000);
    const dow = today.getUTCDay() || 7;
    today.setUTCDate(today.getUTCDate() + 8 - dow);
    nextWeek = today.toISOString().slice(0, 10);
    if (HAS_FORECAST) {
      // A scheduler's nightly forecast, so the overview and map have a forecast to show.
      const res = await dash.app.inject({
        method: 'POST',
        url: '/forecasts',
        headers: { authorization: `Bearer ${dash.keys.scheduler}` },
        payload: {},
      });
      expect(res.statusCode).toBe(202);
    }
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
  });

  it('logs a planner in, in Vietnamese, and shows every page readable at 1366×768 and on a tablet', async () => {
    const { context, page, errors } = await newPage(browser);
    await page.goto(`${dash.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.waitForSelector('button[data-role="planner"]');
    await screenshot(page, 'login');
    await page.click('button[data-role="planner"]');
    await page.waitForSelector('main[data-page="overview"] .kpi');
    const navTexts = await page.locator('nav a').allTextContents();
    expect(navTexts).toEqual(['Tổng quan', 'Bản đồ', 'Kế hoạch tuần', 'Kịch bản', 'Tác vụ', 'Dữ liệu']);
    expect(await page.textContent('.badge')).toContain('Người lập kế hoạch');

    // Numbers the Vietnamese way: 126 points, ~1.500 staff with a dot as thousands separator.
    const kpiValues = await page.locator('.kpi-value').allTextContents();
    expect(kpiValues[0]).toBe('126');
    expect(kpiValues[1]).toMatch(/^\d\.\d{3}$/);

    for (const name of PAGES) {
      await page.click(`nav a[data-page="${name}"]`);
      await page.waitForSelector(`main[data-page="${name}"] h1`);
      await page.waitForLoadState('networkidle');
      expect(
        await page.locator('.alert.error').count(),
        `${name}: ${await page.locator('.alert.error').allTextContents()}`,
      ).toBe(0);
      expect(await noHorizontalScroll(page), `${name} scrolls sideways at 1366 px`).toBe(true);
      await screenshot(page, name);
    }

    // The English switch: same page, English words, English number format; and back.
    await page.click('nav a[data-page="overview"]');
    await page.waitForSelector('main[data-page="overview"] .kpi');
    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await page.waitForSelector('nav a:has-text("Overview")');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.waitForSelector('main[data-page="overview"] .kpi');
    expect((await page.locator('.kpi-value').allTextContents())[1]).toMatch(/^\d,\d{3}$/);
    await screenshot(page, 'overview-en');
    await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();
    await page.waitForSelector('nav a:has-text("Tổng quan")');

    // A tablet in portrait: every page still fits the width.
    await page.setViewportSize({ width: 820, height: 1180 });
    for (const name of PAGES) {
      await page.click(`nav a[data-page="${name}"]`);
      await page.waitForSelector(`main[data-page="${name}"] h1`);
      await page.waitForLoadState('networkidle');
      expect(await noHorizontalScroll(page), `${name} scrolls sideways on a tablet`).toBe(true);
    }
    await screenshot(page, 'tablet-data');
    await page.click('nav a[data-page="map"]');
    await page.waitForSelector('svg.map');
    await screenshot(page, 'tablet-map');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('draws the 126 points on the map and opens a point by keyboard', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'viewer');
    // Keyboard only: focus the Map link, press Enter.
    await page.focus('nav a[data-page="map"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('svg.map');
    expect(await page.locator('svg.map a[data-code]').count()).toBe(126);
    // Cells are coloured by load per staff from the data (not all the same colour).
    const fills = new Set(
      await page.locator('svg.map path.cell').evaluateAll((els) => els.map((e) => e.getAttribute('fill'))),
    );
    expect(fills.size).toBeGreaterThan(3);
    const first = page.locator('svg.map a[data-code]').first();
    const code = await first.getAttribute('data-code');
    await first.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`section[data-point="${code}"] table`);
    const panel = page.locator(`section[data-point="${code}"]`);
    expect(await panel.locator('h2').textContent()).toContain(`(${code})`);
    expect(await panel.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'map-point');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('lets a planner open the weekly plan, run a scenario and see its result', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'planner');
    await page.click('nav a[data-page="plan"]');
    await page.waitForSelector('main[data-page="plan"] #plan-week');
    expect(await page.inputValue('#plan-week')).toBe(nextWeek);
    if (HAS_PLAN) {
      await page.click('#plan-draft');
      await page.waitForSelector('[data-plan] #plan-export', { timeout: 120_000 });
      expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('draft');
      expect(await page.locator('svg.map').count()).toBe(1);
    } else {
      await page.waitForSelector('[data-empty="unavailable"]');
    }
    await screenshot(page, 'plan-planner');

    await page.click('nav a[data-page="scenarios"]');
    await page.waitForSelector('#sc-form');
    // Build: +30% land dossiers (the default edit), then close a point.
    await page.fill('#sc-name', 'Đất đai +30%, đóng một điểm');
    await page.click('#sc-add');
    const second = page.locator('#sc-edits fieldset').nth(1);
    await second.locator('select[data-role="kind"]').selectOption('close_point');
    expect(await page.locator('#sc-edits fieldset').count()).toBe(2);
    await page.click('#sc-run');
    if (HAS_SIMULATION) {
      await page.waitForSelector('#sc-result div.comparison table', { timeout: 150_000 });
      const rows = await page.locator('#sc-result div.comparison table tbody tr').count();
      expect(rows).toBeGreaterThan(3);
      // Base, scenario and difference columns are filled in.
      const cells = await page
        .locator('#sc-result div.comparison table tbody tr')
        .first()
        .locator('td')
        .allTextContents();
      expect(cells.slice(1).every((c) => c !== '–' && c !== '')).toBe(true);
    } else {
      // The simulation job runs and fails cleanly: its error is shown, the page stays usable.
      await page.waitForSelector('#sc-form .alert.error', { timeout: 60_000 });
      expect(await page.textContent('#sc-form .alert.error')).toContain('NOT_AVAILABLE');
    }
    await screenshot(page, 'scenario-result');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('shows a viewer that approving a plan is refused', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'viewer');
    let planId = 'plan-none';
    if (HAS_PLAN) {
      const out = await apiFetch(page, '/plans', dash.keys.planner, {
        method: 'POST',
        body: { week: nextWeek },
      });
      const job = await waitJob(page, dash.keys.planner, out.body.job.id);
      expect(job.state).toBe('completed');
      planId = job.result.planId;
    }
    await page.click('nav a[data-page="plan"]');
    await page.waitForSelector('main[data-page="plan"] #plan-week');
    // A viewer gets no button to draft plans.
    expect(await page.locator('#plan-draft').count()).toBe(0);
    if (HAS_PLAN) {
      await page.waitForSelector('#plan-approve');
      expect(await page.isDisabled('#plan-approve')).toBe(true);
      expect(await page.isDisabled('#plan-reject')).toBe(true);
      expect(await page.textContent('[data-refused="role"]')).toContain('Chỉ quản lý');
    }
    // And the server refuses it too, whatever the page shows: 403 with the problem's code.
    const res = await apiFetch(page, `/plans/${planId}/decision`, dash.keys.viewer, {
      method: 'POST',
      body: { decision: 'approved' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    if (HAS_PLAN) {
      const after = await apiFetch(page, `/plans/${planId}`, dash.keys.viewer);
      expect(after.body.status ?? after.body.plan?.status).toBe('draft');
    }
    await screenshot(page, 'plan-viewer');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('shows the row errors of a bad CSV and imports nothing until it is clean', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'planner');
    await page.click('nav a[data-page="data"]');
    await page.waitForSelector('#data-form');
    // Dates long before the generated history: anything imported would show up here.
    const bad = [
      'date,point,channel,field,received',
      '2024-01-08,P001,in_person,land,5',
      '2024-01-08,NOPE,in_person,land,5',
      '2024-01-09,P001,fax,land,3',
      '2024-01-09,P002,online,civil_status,-2',
    ].join('\n');
    await page.selectOption('#data-kind', 'volumes');
    await page.setInputFiles('#data-file', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    });
    await page.click('#data-upload');
    await page.waitForSelector('.row-errors tbody tr');
    const lines = await page.locator('div.row-errors table tbody tr td:first-child').allTextContents();
    expect(lines).toEqual(expect.arrayContaining(['3', '4', '5']));
    expect(lines).not.toContain('2');
    expect(await page.getAttribute('[data-result]', 'data-result')).toBe('rejected');
    await screenshot(page, 'data-errors');
    const before = await apiFetch(page, '/volumes?from=2024-01-08&to=2024-01-09', dash.keys.viewer);
    expect(before.body.count).toBe(0);

    // The clean row alone goes in.
    await page.setInputFiles('#data-file', {
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('date,point,channel,field,received\n2024-01-08,P001,in_person,land,5\n'),
    });
    await page.click('#data-upload');
    await page.waitForSelector('[data-result="imported"]');
    expect(await page.locator('div.row-errors table').count()).toBe(0);
    const after = await apiFetch(page, '/volumes?from=2024-01-08&to=2024-01-09', dash.keys.viewer);
    expect(after.body.count).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('lets a scheduler trigger a forecast job and follow it in the jobs table', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'scheduler');
    await page.click('nav a[data-page="jobs"]');
    await page.waitForSelector('#jobs-run-forecast');
    expect(await page.isDisabled('#jobs-run-forecast')).toBe(false);
    // A scheduler may not draft plans.
    expect(await page.isDisabled('#jobs-run-plan')).toBe(true);
    await page.fill('#jobs-horizon', '7');
    await page.click('#jobs-run-forecast');
    await page.waitForSelector('.notice .alert');
    const id = (await page.textContent('.notice .alert'))?.match(/forecast-[\w-]+/)?.[0];
    expect(id).toMatch(/^forecast-\d{4}-\d{2}-\d{2}-h7-all$/);
    const job = await waitJob(page, dash.keys.scheduler, id!);
    await page.click('#jobs-refresh');
    const row = page.locator('#jobs-list tr', { hasText: id! });
    await row.waitFor();
    if (HAS_FORECAST) expect(job.state).toBe('completed');
    else {
      expect(job.state).toBe('failed');
      await page.waitForSelector(`#jobs-list tr:has-text("${id}") .state-failed`);
      expect(await row.textContent()).toContain('NOT_AVAILABLE');
    }
    // Triggering the same forecast again returns the same job.
    await page.click('#jobs-run-forecast');
    await page.waitForSelector(`.notice .alert.info:has-text("${id}")`);
    await screenshot(page, 'jobs-scheduler');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
