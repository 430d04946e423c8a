import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { yesterdayInHanoi } from '../../src/usecases/sample-data.ts';
import { modelsWithTimeclockMapping } from '../helpers/mappings.ts';
import {
  type Dashboard,
  describeBrowser,
  launchBrowser,
  loginAs,
  newPage,
  screenshot,
  startDashboard,
} from './harness.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The Dữ liệu page takes an attendance file (POST /attendance): CSV or a workbook's sheet, every bad row shown
 * (line, column, value, reason in Vietnamese) and nothing written, the attendance mappings of models/import/
 * offered for it.
 */
describeBrowser('data page (Dữ liệu): attendance files in headless Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  const models = modelsWithTimeclockMapping();
  const day = yesterdayInHanoi();
  const dmy = `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  let staff: Array<{ id: string; home_point: string; name: string }> = [];

  beforeAll(async () => {
    [dash, browser] = await Promise.all([
      startDashboard({ historyDays: 14, env: { MODELS_DIR: models } }),
      launchBrowser(),
    ]);
    staff = await dash.db.query<{ id: string; home_point: string; name: string }>(
      `SELECT s.id, s.home_point, p.name FROM staff s JOIN points p ON p.code = s.home_point
       WHERE s.active ORDER BY s.id LIMIT 3`,
    );
    expect(staff).toHaveLength(3);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await dash?.close();
    rmSync(models, { recursive: true, force: true });
  });

  const stored = async (id: string) =>
    (
      await dash.db.query<{ point: string; present: boolean; hours: number | null }>(
        'SELECT point, present, hours FROM attendance WHERE staff_id = $1 AND day = $2',
        [id, day],
      )
    )[0];

  async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
    await page.setInputFiles('#data-file', file);
    await page.click('#data-upload');
    await page.waitForSelector('[data-result="imported"], [data-result="rejected"], .alert.error');
  }

  it('shows every bad row of an attendance CSV in Vietnamese and writes nothing; a clean workbook sheet goes in; a time clock through its mapping', async () => {
    const [a, b, c] = staff as [(typeof staff)[0], (typeof staff)[0], (typeof staff)[0]];
    const { context, page, errors } = await newPage(browser);
    await loginAs(page, dash.url, 'planner');
    await page.click('nav a[data-page="data"]');
    await page.waitForSelector('#data-form');
    await page.selectOption('#data-kind', 'attendance');
    expect(await page.locator('#data-kind option[value="attendance"]').textContent()).toBe(
      'Chấm công (ai có mặt ở điểm nào)',
    );
    expect(await page.textContent('#data-format')).toContain('Mã cán bộ');
    expect(await page.isVisible('#data-sheet')).toBe(true);
    expect(await page.getAttribute('#data-file', 'accept')).toContain('.xlsx');
    const options = () =>
      page
        .locator('#data-mapping option')
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    // The attendance mappings only (the default offered as the default choice, not twice).
    expect(await options()).toEqual(['', 'attendance-timeclock.json']);
    expect(await page.locator('#data-mapping option').first().textContent()).toBe(
      'mặc định: tiêu đề của bảng chấm công',
    );

    // Two bad rows: an unknown person, 30 hours. Both listed; nothing written, not even the good row.
    await upload(page, {
      name: 'chamcong.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `Ngày,Mã cán bộ,Điểm,Số giờ,Có mặt\n${dmy},${a.id},${a.name},8,Có mặt\n${dmy},NOBODY,${a.home_point},8,\n${dmy},${b.id},${b.home_point},30,\n`,
      ),
    });
    await page.waitForSelector('[data-result="rejected"]');
    expect(await page.textContent('[data-result="rejected"]')).toContain('Tệp có 2 lỗi; chưa nhập dòng nào');
    const rows = await page
      .locator('.row-errors tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(
            (tr as unknown as { cells: ArrayLike<{ textContent: string }> }).cells,
            (td) => td.textContent,
          ),
        ),
      );
    expect(rows).toEqual([
      ['3', 'Mã cán bộ', 'NOBODY', 'mã cán bộ không tồn tại; hãy nhập danh sách cán bộ trước'],
      ['4', 'Số giờ', '30', 'phải là số giờ từ 0 đến 24'],
    ]);
    expect(await stored(a.id)).toBeUndefined();

    // A workbook whose attendance is on its second sheet, named in the sheet field.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tổng hợp').addRow(['bảng tổng hợp']);
    const ws = wb.addWorksheet('Chấm công');
    ws.addRow(['Ngày', 'Mã cán bộ', 'Điểm', 'Số giờ', 'Có mặt']);
    ws.addRow([dmy, a.id, a.name, 8, 'Có mặt']);
    ws.addRow([dmy, b.id, b.home_point, null, 'Nghỉ phép']);
    await page.fill('#data-sheet', 'Chấm công');
    await upload(page, {
      name: 'chamcong.xlsx',
      mimeType: XLSX_TYPE,
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await page.waitForSelector('[data-result="imported"]');
    expect(await page.textContent('[data-result="imported"]')).toContain('Đã nhập 2 dòng.');
    expect(await page.locator('.row-errors').count()).toBe(0);
    expect(await stored(a.id)).toEqual({ point: a.home_point, present: true, hours: 8 });
    expect(await stored(b.id)).toEqual({ point: b.home_point, present: false, hours: null });

    // Another time clock's export: refused with the default headers, read with its mapping.
    await page.fill('#data-sheet', '');
    const clock = {
      name: 'timeclock.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`Work date,Employee,Site,Status\n${dmy},${c.id},${c.home_point},Off\n`),
    };
    await upload(page, clock);
    await page.waitForSelector('[data-result="rejected"]');
    expect(await page.textContent('.row-errors tbody')).toContain('header');
    expect(await stored(c.id)).toBeUndefined();
    await page.selectOption('#data-mapping', 'attendance-timeclock.json');
    await upload(page, clock);
    await page.waitForSelector('[data-result="imported"]');
    await screenshot(page, 'data-attendance');
    expect(await stored(c.id)).toEqual({ point: c.home_point, present: false, hours: null });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
