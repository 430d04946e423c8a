import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requireServices } from '../helpers/backends.ts';
import { SHORT_DOSSIER_HEADER } from '../helpers/register-rows.ts';
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
 * What the API can do in this build, found by running it in `beforeAll`: forecast, plan and simulation jobs
 * come from use cases (issues 4–6). Where one does not work, the pages must say so calmly and these tests
 * check that; CI (DIEUPHOI_REQUIRE_SERVICES=1) requires all three to work.
 */
const live = { forecast: false, plan: false, simulation: false };
const liveErrors: string[] = [];

const PAGES = ['overview', 'map', 'plan', 'scenarios', 'jobs', 'data', 'closures'] as const;

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

const addDaysIso = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const yesterdayHanoi = () => addDaysIso(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10), -1);

/** Triggers a job through the API (no browser) and waits for it to finish. */
async function injectJob(dash: Dashboard, key: string, url: string, payload: unknown): Promise<ApiBody> {
  const headers = { authorization: `Bearer ${key}` };
  const res = await dash.app.inject({ method: 'POST', url, headers, payload: payload as object });
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().job.id as string;
  for (let i = 0; i < 1200; i++) {
    const job = (await dash.app.inject({ url: `/jobs/${id}`, headers })).json();
    if (job.state === 'completed' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`job ${id} did not finish`);
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
    const run = async (what: keyof typeof live, key: string, url: string, payload: unknown) => {
      const job = await injectJob(dash, key, url, payload);
      if (job.state !== 'completed') liveErrors.push(`${what}: ${job.error?.code}: ${job.error?.message}`);
      return job.state === 'completed';
    };
    // A forecast made two weeks ago (so the overview sets actuals against it), then the scheduler's nightly
    // one (so the overview and map have one to show); next week's draft plan; a short simulation of it.
    live.forecast =
      (await run('forecast', dash.keys.scheduler, '/forecasts', {
        asOf: addDaysIso(yesterdayHanoi(), -14),
        horizon: 14,
      })) &&
      (await run('forecast', dash.keys.scheduler, '/forecasts', { asOf: yesterdayHanoi(), horizon: 14 }));
    live.plan = await run('plan', dash.keys.planner, '/plans', { week: nextWeek });
    live.simulation =
      live.plan &&
      (await run('simulation', dash.keys.planner, '/simulations', { week: nextWeek, replications: 2 }));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
  });

  it('runs forecasts, weekly plans and simulations through the API (required in CI)', (ctx) => {
    if (liveErrors.length && !requireServices) {
      console.warn(`dashboard flows run in their degraded form: ${liveErrors.join('; ')}`);
      ctx.skip();
    }
    expect(liveErrors).toEqual([]);
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
    expect(navTexts).toEqual([
      'Tổng quan',
      'Bản đồ',
      'Kế hoạch tuần',
      'Kịch bản',
      'Lộ trình biên chế',
      'Giám sát',
      'Tác vụ',
      'Dữ liệu',
      'Ngày nghỉ',
    ]);
    expect(await page.textContent('.badge')).toContain('Người lập kế hoạch');

    // Numbers the Vietnamese way: 126 points, ~1.500 staff with a dot as thousands separator.
    const kpiValues = await page.locator('.kpi-value').allTextContents();
    expect(kpiValues[0]).toBe('126');
    expect(kpiValues[1]).toMatch(/^\d\.\d{3}$/);
    if (live.forecast) {
      // The 14-day forecast with its band, and actuals against the forecast made two weeks ago (with its error).
      await page.waitForSelector('main[data-page="overview"] .chart-box canvas');
      await page.waitForSelector('text=/MAPE/');
      expect(kpiValues[2]).toMatch(/^\d{1,3}(\.\d{3})+$/);
      // By field, then by channel: one split at a time, from the API's city totals (no approximation note).
      await page.selectOption('#ov-field', 'land');
      await page.selectOption('#ov-channel', 'online');
      expect(await page.inputValue('#ov-field')).toBe('');
      expect(await page.textContent('main[data-page="overview"] .chart-box + .hint')).toBe('');
    }

    for (const name of PAGES) {
      await page.click(`nav a[data-page="${name}"]`);
      await page.waitForSelector(`main[data-page="${name}"] h1`);
      await page.waitForLoadState('networkidle');
      // Where a use case does not work, its sections show the error instead (checked in the degraded tests).
      if (!liveErrors.length)
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
    if (live.plan) {
      // Next week's draft is there (drafted in beforeAll); drafting again returns the same job and plan.
      await page.waitForSelector('[data-plan] #plan-export');
      const id = await page.getAttribute('[data-plan]', 'data-plan');
      await page.click('#plan-draft');
      // When the job is done the page navigates to itself (`r=` in the hash) and draws the plan again:
      // wait for that drawing, not the one before it.
      await page.waitForURL(/[?&]r=\d+/, { timeout: 120_000 });
      await page.waitForSelector(`[data-plan="${id}"] #plan-export`, { timeout: 120_000 });
      expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('draft');
      // The plan map is drawn once the points have loaded: wait for it (a loaded CI machine is slow).
      await page.waitForSelector('svg.map', { timeout: 60_000 });
      expect(await page.locator('svg.map').count()).toBe(1);
      // Expected waits and on-time rate, from the simulation of this plan run in beforeAll.
      await page.waitForSelector('#plan-sim .kpi');
    } else {
      // No plan: an empty state; drafting one shows the job's failure and leaves the page usable.
      await page.waitForSelector('[data-empty="plan"], [data-empty="unavailable"], main .alert.error');
      await page.click('#plan-draft');
      await page.waitForSelector('main .alert.error', { timeout: 120_000 });
      expect(await page.isEnabled('#plan-draft')).toBe(true);
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
    if (live.simulation) {
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
      expect(await page.isEnabled('#sc-run')).toBe(true);
    }
    await screenshot(page, 'scenario-result');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('switches to English: the page is drawn again with the server’s texts (move reasons) in English', async (ctx) => {
    if (!live.plan) ctx.skip();
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'planner');
    await page.click('nav a[data-page="plan"]');
    const reason = '.moves tbody tr:first-child td:last-child';
    await page.waitForSelector(reason);
    expect(await page.textContent(reason)).toMatch(/, cách [\d,]+ phút di chuyển/);
    // Every read after the switch, with the language it asks for.
    const asked: Array<{ path: string; lang: string | undefined }> = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin === dash.url)
        asked.push({ path: u.pathname + u.search, lang: r.headers()['accept-language'] });
    });
    await page.click('header button[lang="en"]');
    await page.waitForSelector('html[lang="en"]');
    // The reason the server wrote, now in English (the plan is read again), and the page's own words.
    const reads = (re: RegExp) => page.locator(reason).filter({ hasText: re }).waitFor();
    await reads(/, [\d.]+ min away/);
    expect((await page.textContent('nav a[data-page="plan"]'))?.trim()).toBe('Weekly plan');
    expect(await page.textContent(reason)).not.toMatch(/phút/);
    // What the page had cached (the points, read once per session) was dropped and read again, in English.
    expect(asked.filter((a) => a.path === '/points').map((a) => a.lang)).toEqual(['en']);
    expect(asked.every((a) => a.lang === 'en' || !a.path.startsWith('/plans'))).toBe(true);
    // And back: Vietnamese again.
    await page.click('header button[lang="vi"]');
    await reads(/, cách [\d,]+ phút di chuyển/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a viewer that approving a plan is refused', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'viewer');
    let planId = 'plan-none';
    if (live.plan) {
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
    if (live.plan) {
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
    if (live.plan) {
      const after = await apiFetch(page, `/plans/${planId}`, dash.keys.viewer);
      expect(after.body.status ?? after.body.plan?.status).toBe('draft');
    }
    await screenshot(page, 'plan-viewer');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('lets a manager export the plan as CSV and approve it', async (ctx) => {
    if (!live.plan) ctx.skip();
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'manager');
    await page.click('nav a[data-page="plan"]');
    await page.waitForSelector('#plan-approve');
    expect(await page.isDisabled('#plan-approve')).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#plan-export')]);
    expect(download.suggestedFilename()).toMatch(/^plan-.*\.csv$/);
    const csv = await new Promise<string>((resolve, reject) => {
      download
        .createReadStream()
        .then((stream) => {
          let text = '';
          stream.on('data', (c: Buffer) => {
            text += c.toString('utf8');
          });
          stream.on('end', () => resolve(text));
        })
        .catch(reject);
    });
    expect(csv.split('\n')[0]).toContain('staff_id');
    await page.fill('#plan-note', 'Đồng ý theo đề xuất');
    await page.click('#plan-approve');
    await page.waitForSelector('[data-status="approved"]');
    expect(await page.textContent('main')).toContain('Đồng ý theo đề xuất');
    await screenshot(page, 'plan-approved');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

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
    // The dashboard sends its language (Accept-Language): the server's row reasons are in Vietnamese.
    expect(await page.locator('div.row-errors').textContent()).toContain('mã điểm phục vụ không tồn tại');
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

    // The dossier register, as an Excel workbook with Vietnamese headers: a bad row is named by sheet and row.
    await page.selectOption('#data-kind', 'dossiers');
    expect(await page.isVisible('#data-sheet')).toBe(true);
    const header = SHORT_DOSSIER_HEADER;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hồ sơ');
    ws.addRow(header);
    ws.addRow(['WEB-1', 'Hộ tịch', 'P001', 'Trực tiếp', '10/01/2024', '11/01/2024']);
    ws.addRow(['WEB-2', 'Hộ tịch', 'Không có', 'Trực tiếp', '10/01/2024', '11/01/2024']);
    await page.setInputFiles('#data-file', {
      name: 'hoso.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await page.click('#data-upload');
    await page.waitForSelector('[data-result="rejected"]');
    const places = await page.locator('div.row-errors table tbody tr td:first-child').allTextContents();
    expect(places).toEqual(['trang Hồ sơ, hàng 3']);
    expect(await page.locator('div.row-errors').textContent()).toContain('điểm phục vụ không tồn tại');
    expect(
      (await apiFetch(page, '/dossiers?from=2024-01-10&to=2024-01-10', dash.keys.viewer)).body.count,
    ).toBe(0);

    // The same register as CSV, an unknown field name among it: imported, with the warning listed.
    await page.setInputFiles('#data-file', {
      name: 'hoso.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${header.join(',')}\nWEB-1,Hộ tịch,P001,Trực tiếp,10/01/2024,11/01/2024\nWEB-3,Văn hóa,P001,Trực tuyến,10/01/2024,12/01/2024\n`,
      ),
    });
    await page.click('#data-upload');
    await page.waitForSelector('[data-result="imported"]');
    expect(await page.locator('div.row-warnings tbody tr').count()).toBe(1);
    expect(await page.locator('div.row-warnings').textContent()).toContain('tính vào lĩnh vực khác');
    const web1 = await apiFetch(page, '/dossiers/WEB-1', dash.keys.viewer);
    expect(web1.body).toMatchObject({ receiving_point: 'P001', field: 'civil_status', status: 'pending' });
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
    if (live.forecast) expect(job.state).toBe('completed');
    else {
      expect(job.state).toBe('failed');
      await page.waitForSelector(`#jobs-list tr:has-text("${id}") .state-failed`);
      expect(await row.textContent()).toContain(job.error.code);
    }
    // Triggering the same forecast again returns the same job.
    await page.click('#jobs-run-forecast');
    await page.waitForSelector(`.notice .alert.info:has-text("${id}")`);
    await screenshot(page, 'jobs-scheduler');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
  it('lets a manager compare the approved plan with a scenario plan of the same week', async (ctx) => {
    if (!live.plan) ctx.skip();
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'manager');
    // A second plan of next week: its busiest point gets three times the dossiers and keeps one person, so
    // that staff must move there (a planner drafts it through the API).
    const plans = (await apiFetch(page, `/plans?week=${nextWeek}`, dash.keys.viewer)).body.plans as ApiBody[];
    const busiest = (plans.find((p) => !p.scenario).kpis.utilisation as ApiBody[]).sort(
      (x, y) => (y.after ?? 0) - (x.after ?? 0),
    )[0].point as string;
    const staffThere = (await apiFetch(page, `/staff?point=${busiest}&active=true`, dash.keys.viewer)).body;
    const n = (staffThere.staff ?? staffThere).length as number;
    const out = await apiFetch(page, '/plans', dash.keys.planner, {
      method: 'POST',
      body: {
        week: nextWeek,
        scenario: [
          { kind: 'scale_volume', factor: 3, point: busiest },
          { kind: 'add_staff', point: busiest, staff: -Math.max(1, n - 1) },
        ],
      },
    });
    expect(out.status, JSON.stringify(out.body)).toBe(202);
    const job = await waitJob(page, dash.keys.planner, out.body.job.id);
    expect(job.state, JSON.stringify(job.error)).toBe('completed');
    const other = job.result.planId as string;

    // From the weekly plan page: "So sánh với…" opens the comparison, B defaults to the week's other plan.
    await page.click('nav a[data-page="plan"]');
    await page.waitForSelector('[data-plan] #plan-compare');
    const base = (await page.getAttribute('[data-plan]', 'data-plan'))!;
    expect(base).not.toBe(other);
    await page.click('#plan-compare');
    await page.waitForSelector('#cmp-result [data-a] table');
    expect(await page.inputValue('#cmp-a')).toBe(base);
    expect(await page.inputValue('#cmp-b')).toBe(other);
    expect(await page.getAttribute('nav a[aria-current="page"]', 'data-page')).toBe('plan');

    // The same differences, computed here from the two plans themselves (not from the diff route).
    const [a, b] = await Promise.all(
      [base, other].map(
        async (id) => (await apiFetch(page, `/plans/${id}?detail=full`, dash.keys.viewer)).body,
      ),
    );
    const movesDelta = b.kpis.moves - a.kpis.moves;
    expect(Number(await page.getAttribute('[data-kpi="moves"] [data-delta]', 'data-delta'))).toBe(movesDelta);
    const travelDelta = b.kpis.travel_minutes - a.kpis.travel_minutes;
    expect(
      Number(await page.getAttribute('[data-kpi="travel_minutes"] [data-delta]', 'data-delta')),
    ).toBeCloseTo(travelDelta, 6);
    const key = (m: ApiBody) => `${m.date}|${m.staff_id}`;
    const inA = new Map<string, ApiBody>(a.result.roster.moves.map((m: ApiBody) => [key(m), m]));
    const inB = new Map<string, ApiBody>(b.result.roster.moves.map((m: ApiBody) => [key(m), m]));
    const added = [...inB.keys()].filter((k) => !inA.has(k)).length;
    const removed = [...inA.keys()].filter((k) => !inB.has(k)).length;
    // Changed: the same person and day in both plans, to another point or for other minutes.
    const changed = [...inB].filter(([k, m]) => {
      const o = inA.get(k);
      return o && (o.to !== m.to || o.from !== m.from || Math.abs(o.minutes - m.minutes) > 1e-6);
    }).length;
    expect(added + removed + changed, 'the scenario plan moves other people').toBeGreaterThan(0);
    const counts = async (kind: string) =>
      (await page.textContent(`#cmp-counts [data-count="${kind}"]`))?.replace(/\./g, '');
    expect(await counts('added')).toBe(String(added));
    expect(await counts('removed')).toBe(String(removed));
    expect(await counts('changed')).toBe(String(changed));
    expect(await page.locator('div.cmp-moves tbody tr').count()).toBe(added + removed + changed);
    // The API's diff says the same: page and API agree.
    const apiDiff = (await apiFetch(page, `/plans/${base}/diff/${other}`, dash.keys.viewer)).body;
    expect([apiDiff.moves_only_in_b, apiDiff.moves_only_in_a, apiDiff.moves_changed]).toEqual([
      added,
      removed,
      changed,
    ]);
    // Staff-days present per point over the week: the point that changes most shows its difference.
    const sum = (p: ApiBody, code: string) =>
      (p.result.stage1.present[code] ?? []).reduce((s: number, v: number) => s + v, 0);
    const codes = new Set([...Object.keys(a.result.stage1.present), ...Object.keys(b.result.stage1.present)]);
    const top = [...codes]
      .map((c) => ({ c, d: sum(b, c) - sum(a, c) }))
      .sort((x, y) => Math.abs(y.d) - Math.abs(x.d))[0]!;
    if (top.d !== 0)
      expect(Number(await page.getAttribute(`[data-point="${top.c}"] [data-delta]`, 'data-delta'))).toBe(
        top.d,
      );

    // Sortable by keyboard: the date header of the moves table, twice, reverses the order.
    const kindsShown = async () =>
      page
        .locator('div.cmp-moves tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    const header = page.locator('div.cmp-moves th button.sort').nth(1);
    await header.focus();
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('div.cmp-moves th:nth-child(2)', 'aria-sort')).toBe('descending');
    // Filtered to the added moves only.
    await page.selectOption('#cmp-kind', 'added');
    const kinds = new Set(await kindsShown());
    expect([...kinds]).toEqual(added ? ['added'] : []);
    // The order holds through the filter.
    expect(await page.getAttribute('div.cmp-moves th:nth-child(2)', 'aria-sort')).toBe('descending');
    expect(await noHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'compare');
    await page.setViewportSize({ width: 820, height: 1180 });
    expect(await noHorizontalScroll(page), 'compare scrolls sideways on a tablet').toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('lets an admin create an API key shown once, which works until it is revoked', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'admin');
    await page.click('nav a[data-page="keys"]');
    await page.waitForSelector('#keys-list table');
    await page.fill('#keys-name', 'Cán bộ một cửa thử nghiệm');
    await page.selectOption('#keys-role', 'viewer');
    await page.click('#keys-create');
    await page.waitForSelector('#keys-secret-value');
    const secret = (await page.textContent('#keys-secret-value'))!;
    const id = (await page.getAttribute('#keys-secret [data-key-id]', 'data-key-id'))!;
    expect(await page.textContent('#keys-secret')).toContain('chỉ hiển thị một lần');
    expect(await page.isVisible('#keys-copy')).toBe(true);
    await page.waitForSelector(`#keys-list tr[data-key="${id}"]`);
    // Not used yet.
    expect(await page.textContent(`#keys-list tr[data-key="${id}"] [data-last-used]`)).toBe('Chưa dùng');
    await screenshot(page, 'keys-created');
    // The new key works against the API, with its role.
    const me = await apiFetch(page, '/me', secret);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'viewer', name: 'Cán bộ một cửa thử nghiệm', keyId: id });
    // The server records that use (after answering): once it has, the page shows it.
    let lastUsed: string | undefined;
    for (let i = 0; i < 100 && !lastUsed; i++) {
      const keys = (await apiFetch(page, '/keys', dash.keys.admin)).body.keys as ApiBody[];
      lastUsed = keys.find((k) => k.id === id)?.last_used_at ?? undefined;
      if (!lastUsed) await page.waitForTimeout(100);
    }
    expect(lastUsed, 'last_used_at is recorded').toBeTruthy();
    // Shown once: not in the list, not after coming back to the page.
    expect(JSON.stringify((await apiFetch(page, '/keys', dash.keys.admin)).body)).not.toContain(secret);
    await page.click('nav a[data-page="overview"]');
    await page.click('nav a[data-page="keys"]');
    await page.waitForSelector(`#keys-list tr[data-key="${id}"] time[data-last-used="${lastUsed}"]`);
    expect(await page.locator('#keys-secret-value').count()).toBe(0);
    expect(await page.textContent('main')).not.toContain(secret);

    // Revoke, with a confirmation (keyboard: the confirm button takes the focus).
    await page.click(`[data-revoke="${id}"]`);
    expect(await page.evaluate('document.activeElement?.dataset.confirm')).toBe('yes');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-result="revoked"]');
    await page.waitForSelector(`#keys-list tr[data-key="${id}"] .state-failed`);
    expect((await apiFetch(page, '/me', secret)).status).toBe(401);
    expect(await noHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'keys');
    await page.setViewportSize({ width: 820, height: 1180 });
    expect(await noHorizontalScroll(page), 'keys scrolls sideways on a tablet').toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('hides the admin and audit pages from a viewer, and shows the 403 if reached', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'viewer');
    const pages = await page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('data-page')));
    expect(pages).toContain('closures');
    expect(pages).not.toContain('keys');
    expect(pages).not.toContain('audit');
    await page.goto(`${dash.url}/#/keys`);
    await page.waitForSelector('[data-refused="keys"] .alert.error');
    expect(await page.textContent('[data-refused="keys"] .alert.error')).toContain('admin');
    expect(await page.locator('#keys-form').count()).toBe(0);
    await page.goto(`${dash.url}/#/audit`);
    await page.waitForSelector('[data-refused="audit"] .alert.error');
    // Closures: read only.
    await page.goto(`${dash.url}/#/closures`);
    await page.waitForSelector('main[data-page="closures"] [data-refused="role"]');
    expect(await page.locator('#cl-form').count()).toBe(0);
    await screenshot(page, 'keys-viewer');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('lets a planner add a local closure (a bad date shows its field error), see it closed, and delete it', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'planner');
    const point = (await apiFetch(page, '/points', dash.keys.viewer)).body.points[0].code as string;
    const day = addDaysIso(nextWeek, 2); // a Wednesday
    const [y, m, d] = day.split('-');
    const open = async () =>
      (await apiFetch(page, `/calendar?from=${day}&to=${day}&point=${point}`, dash.keys.viewer)).body.days[0]
        .open;
    expect(await open()).toBe(true);

    await page.click('nav a[data-page="closures"]');
    await page.waitForSelector('#cl-form');
    await page.fill('#cl-date', `30/02/${y}`);
    await page.selectOption('#cl-point', point);
    await page.fill('#cl-name', 'Sửa chữa trụ sở');
    await page.click('#cl-add');
    await page.waitForSelector('#cl-date[aria-invalid="true"]');
    expect(await page.textContent('#cl-date + .field-error')).toContain('2026-02-30'.replace('2026', y!));
    expect(await page.evaluate('document.activeElement?.id')).toBe('cl-date');
    await screenshot(page, 'closures-error');

    await page.fill('#cl-date', `${d}/${m}/${y}`);
    await page.click('#cl-add');
    await page.waitForSelector('[data-result="added"]');
    expect(await page.getAttribute('#cl-date', 'aria-invalid')).toBe(null);
    const row = page.locator(`tr[data-closure="${day}/Sửa chữa trụ sở"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Đóng cửa');
    expect(await open()).toBe(false);
    expect(await noHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'closures');

    await row.locator('[data-remove]').click();
    await row.locator('[data-confirm="yes"]').click();
    await page.waitForSelector('[data-result="removed"]');
    await row.waitFor({ state: 'detached' });
    expect(await open()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a manager the audit entries of those actions, filtered and paged', async () => {
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'manager');
    await page.click('nav a[data-page="audit"]');
    await page.waitForSelector('#audit-list table');
    const actions = await page
      .locator('#audit-list tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => `${r.getAttribute('data-action')} ${r.getAttribute('data-target')}`),
      );
    const day = addDaysIso(nextWeek, 2);
    expect(actions).toEqual(
      expect.arrayContaining([
        `POST /calendar/closures ${day}/Sửa chữa trụ sở`,
        `DELETE /calendar/closures/:date/:name ${day}/Sửa chữa trụ sở`,
        expect.stringMatching(/^POST \/keys \S+/),
        expect.stringMatching(/^DELETE \/keys\/:id \S+/),
      ]),
    );
    // Filter by action: only closures added, with their outcomes (the bad date was refused as invalid).
    await page.selectOption('#audit-action', 'POST /calendar/closures');
    await page.click('#audit-filters button[type="submit"]');
    await page.waitForFunction("location.hash.includes('action=')");
    // The hash changes before the page redraws: poll until the list read is the redrawn one.
    await expect
      .poll(
        async () =>
          new Set(
            await page
              .locator('#audit-list tbody tr')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))),
          ),
        { timeout: 15_000 },
      )
      .toEqual(new Set(['POST /calendar/closures']));
    const outcomes = await page.locator('#audit-list [data-outcome]').allTextContents();
    expect(outcomes.some((o) => o.startsWith('Thành công (201)'))).toBe(true);
    expect(outcomes.some((o) => o.includes('(400)'))).toBe(true);
    // Who: the planner's demo key by name and role.
    expect(await page.textContent('#audit-list tbody')).toContain('Người lập kế hoạch');
    // A day with nothing: an empty state.
    await page.fill('#audit-from', '2020-01-01');
    await page.fill('#audit-to', '2020-01-02');
    await page.click('#audit-filters button[type="submit"]');
    await page.waitForSelector('#audit-list .empty');
    await page.click('nav a[data-page="audit"]');
    await page.waitForSelector('#audit-list table');
    // One page (fewer than 50 writes so far): no older page, no newer one.
    expect(await page.isDisabled('#audit-older')).toBe(
      (await page.locator('#audit-list tbody tr').count()) < 50,
    );
    expect(await page.isDisabled('#audit-newer')).toBe(true);
    expect(await noHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'audit');
    await page.setViewportSize({ width: 820, height: 1180 });
    expect(await noHorizontalScroll(page), 'audit scrolls sideways on a tablet').toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
