import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/core/calendar/dates.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { type DemoKeys, ensureDemoKeys, KeyVerifier } from '../../src/usecases/api-keys.ts';
import { openStore } from '../../src/usecases/runtime.ts';
import { loadSampleData, yesterdayInHanoi } from '../../src/usecases/sample-data.ts';
import { requireServices } from '../helpers/backends.ts';

/** Debian's chromium (CI installs it in .ci/run); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/**
 * A browser suite: skipped when /usr/bin/chromium is missing on a developer's machine, but a failure under
 * DIEUPHOI_REQUIRE_SERVICES=1 (CI), where the browser must be there.
 */
export function describeBrowser(title: string, suite: () => void): void {
  if (hasChromium) describe(title, suite);
  else if (requireServices)
    describe(title, () => {
      it('needs /usr/bin/chromium (DIEUPHOI_REQUIRE_SERVICES=1)', () => {
        throw new Error(`${CHROMIUM} is missing but DIEUPHOI_REQUIRE_SERVICES=1: install Debian's chromium`);
      });
    });
  else describe.skip(`${title} (install /usr/bin/chromium to run)`, suite);
}

export interface Dashboard {
  url: string;
  keys: DemoKeys;
  db: Db;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The app as `npm start` runs it in demo mode, on a free port: a fresh PGlite store in a temp DATA_DIR, the
 * sample points and staff, a short generated history ending yesterday (enough for forecasts, quick to load),
 * in-process jobs, demo keys per role. Schedules and rate limiting are off (the tests trigger jobs themselves).
 */
export async function startDashboard(
  opts: { historyDays?: number; env?: Record<string, string> } = {},
): Promise<Dashboard> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dieuphoi-web-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    NIGHTLY_FORECAST_CRON: 'off',
    WEEKLY_PLAN_CRON: 'off',
    RATE_LIMIT_PER_MINUTE: '0',
    ...opts.env,
  });
  const db = await openStore(config);
  const until = yesterdayInHanoi();
  const sample = await loadSampleData(db, config, {
    from: addDays(until, -(opts.historyDays ?? 120)),
    until,
  });
  await sample.history?.();
  const keys = await ensureDemoKeys(db, dataDir);
  const app = await buildApp({
    db,
    config,
    logger: createLogger('silent'),
    verifier: new KeyVerifier(db),
    demoKeys: keys,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    keys,
    db,
    app,
    async close() {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh browser context (own session storage) at the laptop size the dashboard is designed for. */
export async function newPage(
  browser: Browser,
  viewport = { width: 1366, height: 768 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The page must never reach for the internet (tiles, fonts, CDNs).
  await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
    errors.push(`external request: ${route.request().url()}`);
    return route.abort();
  });
  return { context, page, errors };
}

/** Logs in with the demo button of a role and waits for the overview. */
export async function loginAs(page: Page, url: string, role: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.click(`button[data-role="${role}"]`);
  await page.waitForSelector('nav a[data-page="overview"]');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `web-${name}.png`), fullPage: true });
}
