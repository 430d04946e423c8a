import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar/dates.ts';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import { refreshOverdueRisk } from '../../src/usecases/alerts.ts';
import { yesterdayInHanoi } from '../../src/usecases/sample-data.ts';
import { ensureRegisterTables, insertDossiers, type TestDossier } from '../helpers/register-rows.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';
import {
  type Dashboard,
  describeBrowser,
  launchBrowser,
  loginAs,
  newPage,
  screenshot,
  startDashboard,
} from './harness.ts';

const ROLES = ['viewer', 'planner', 'manager', 'scheduler', 'admin'] as const;

describeBrowser('supervision page (Giám sát) in headless Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  let point = '';

  beforeAll(async () => {
    [dash, browser] = await Promise.all([startDashboard({ historyDays: 60 }), launchBrowser()]);
    const [p] = await dash.db.query<{ code: string }>('SELECT code FROM points ORDER BY code LIMIT 1');
    point = p!.code;
    // A small register where the sample has none: one dossier overdue already, a few pending, history.
    await ensureRegisterTables(dash.db);
    const until = yesterdayInHanoi();
    const rows: TestDossier[] = [];
    for (let i = 0; i < 40; i++) {
      const received = addDays(until, -30 + (i % 25));
      rows.push({
        code: `WEB-${i}`,
        procedure_code: '1.000001',
        procedure_name: 'Đăng ký đất đai lần đầu',
        field: 'land',
        channel: 'in_person',
        receiving_point: point,
        received_on: received,
        due_on: addDays(received, 7),
        finished_on: i % 3 === 0 ? null : addDays(received, 2 + (i % 6)),
      });
    }
    rows.push({
      code: 'WEB-LATE',
      procedure_name: 'Trợ cấp xã hội hằng tháng',
      field: 'social_policy',
      channel: 'online',
      receiving_point: point,
      received_on: addDays(until, -45),
      due_on: addDays(until, -35),
    });
    await insertDossiers(
      dash.db,
      rows.filter((r) => !r.finished_on || r.finished_on <= until),
    );
    await refreshOverdueRisk(dash.db, {}, { asOf: `${until} 17:00` });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await dash?.close();
  });

  for (const role of ROLES)
    it(`shows ${role} the indicator cards, the ranking of points, the overdue-risk list and the forecast band`, async () => {
      const { context, page, errors } = await newPage(browser);
      await loginAs(page, dash.url, role);
      await page.click('nav a[data-page="supervise"]');
      await page.waitForSelector('[data-ranking] table');
      await page.waitForSelector('[data-risk] table, [data-risk] .empty');
      await page.waitForSelector('[data-band] p, [data-band] .empty, [data-band] ul');
      expect(await page.textContent('main h1')).toContain('Giám sát');
      expect(await page.locator('[data-card]').count()).toBe(8);
      expect(await page.textContent('[data-card="resolved_in_time_share"]')).toContain(
        'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn',
      );
      // every point ranked, linked to its details
      const rows = await page.locator('.ranking tbody tr').count();
      expect(rows).toBeGreaterThan(100);
      expect(await page.locator('.ranking tbody tr a[href^="#/map?point="]').count()).toBe(rows);
      // the risk list: the overdue dossier first, with its procedure and 100%
      const first = await page.locator('.risk-list tbody tr').first().textContent();
      expect(first).toContain('WEB-LATE');
      expect(first).toContain('Trợ cấp xã hội hằng tháng');
      expect(first).toMatch(/100([,.]0)?\s?%/);
      expect(await page.locator('[data-refresh]').count()).toBe(
        role === 'scheduler' || role === 'admin' ? 1 : 0,
      );
      if (role === 'manager') {
        await screenshot(page, 'supervise-manager');
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 300_000);

  it('shows the newest approved plan against attendance: who was absent, who came unplanned', async () => {
    const plan = buildWeeklyPlan(weeklyPlanFixture());
    const day = plan.days[0]!;
    const [a, b] = plan.roster.entries.filter((e) => e.date === day && e.work_point);
    await dash.db.query(
      `INSERT INTO plans (id, week, status, parameters, inputs, kpis, result) VALUES ('web-att', '2099-01-05', 'approved', '{}', '{}', $1, $2)`,
      [JSON.stringify(plan.kpis), JSON.stringify(plan)],
    );
    // a came as planned; b was recorded at another point
    const other = plan.roster.entries.find(
      (e) => e.date === day && e.work_point && e.work_point !== b!.work_point,
    )!;
    await dash.db.query(
      `INSERT INTO attendance (day, staff_id, point, present) VALUES ($1, $2, $3, true), ($1, $4, $5, true)`,
      [day, a!.staff_id, a!.work_point, b!.staff_id, other.work_point],
    );
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'manager');
    // The plan went into the store behind the API's back, as another process's write: the API's read cache
    // shows it within READ_CACHE_MS, so the page is opened again until then (the earlier tests read /plans).
    const deadline = Date.now() + 15_000;
    for (;;) {
      await page.click('nav a[data-page="supervise"]');
      await page.waitForSelector('[data-attendance] table, [data-attendance] .empty');
      const shown = (await page.textContent('[data-attendance]')) ?? '';
      if (shown.includes('Kế hoạch web-att') || Date.now() > deadline) break;
      await page.waitForTimeout(500);
      await page.reload();
    }
    expect(await page.textContent('[data-attendance]')).toContain('Kế hoạch web-att');
    const text = await page.locator('.attendance-list').textContent();
    expect(text).toContain(b!.staff_id);
    expect(await page.locator('.attendance-list thead').textContent()).toContain('Vắng so với kế hoạch');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
