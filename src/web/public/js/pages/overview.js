// Tổng quan: the city forecast for the next 14 days (p10–p90 band, by channel and field), actuals against
// past forecasts, and the points most at risk of overload this week.

import * as api from '../api.js';
import { actualsChart, bandChart, chartBox } from '../charts.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, fmtPct, t } from '../i18n.js';
import { empty, emptyOrError, errorBox, fill, h, kpi, loading, section, select, table } from '../ui.js';

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  /** @type {any[]} */
  const charts = [];
  const kpis = h('div', { class: 'kpis' });
  const banner = h('div');
  const forecastBody = h('div', null, loading());
  const actualsBody = h('div', null, loading());
  const riskBody = h('div', null, loading());
  fill(
    main,
    h('h1', { tabindex: '-1' }, t('overview.title')),
    banner,
    kpis,
    h(
      'div',
      { class: 'grid-2' },
      section(t('overview.forecast'), h('p', { class: 'help' }, t('overview.forecastHelp')), forecastBody),
      section(t('overview.risk'), h('p', { class: 'help' }, t('overview.riskHelp')), riskBody),
    ),
    section(t('overview.actuals'), h('p', { class: 'help' }, t('overview.actualsHelp')), actualsBody),
  );

  const ready = await data.readiness();
  if (ready?.status === 'loading')
    fill(
      banner,
      h(
        'div',
        { class: 'alert info', role: 'status' },
        t('empty.loadingHistory', { what: ready.loading ?? '' }),
      ),
    );

  const [points, staff, fc] = await Promise.all([
    data.points(ctx),
    data.activeStaff(ctx),
    data.latestForecast(ctx).catch((err) => err),
  ]);
  const forecast = fc instanceof Error ? null : fc;
  const today = data.todayHanoi();
  const upcoming = forecast
    ? data
        .citySeries(forecast.rows, '', '')
        .days.filter((d) => d.date >= today)
        .slice(0, 14)
    : [];
  fill(
    kpis,
    kpi(t('overview.kpi.points'), fmtNum(points.length)),
    kpi(t('overview.kpi.staff'), fmtNum(staff.length)),
    kpi(
      t('overview.kpi.next14'),
      upcoming.length ? fmtNum(upcoming.reduce((s, d) => s + d.mean, 0)) : '–',
      upcoming.length
        ? `${fmtDate(/** @type {any} */ (upcoming[0]).date)} – ${fmtDate(/** @type {any} */ (upcoming.at(-1)).date)}`
        : null,
    ),
    kpi(
      t('overview.kpi.run'),
      forecast ? forecast.run.method || '✓' : '–',
      forecast ? t('overview.kpi.runValue', { date: fmtDate(forecast.run.as_of) }) : t('empty.noForecast'),
    ),
  );

  // Forecast with band, by channel and field.
  if (fc instanceof Error) fill(forecastBody, emptyOrError(fc));
  else if (!forecast?.rows.length)
    fill(forecastBody, h('p', { class: 'empty', 'data-empty': 'forecast' }, t('empty.noForecast')));
  else {
    const channelSel = select(
      [{ value: '', label: t('all') }, ...data.CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))],
      '',
      { id: 'ov-channel' },
    );
    const fieldSel = select(
      [{ value: '', label: t('all') }, ...data.FIELDS.map((f) => ({ value: f, label: t(`field.${f}`) }))],
      '',
      { id: 'ov-field' },
    );
    const { box, canvas } = chartBox(t('overview.forecast'));
    const note = h('p', { class: 'hint' });
    const draw = () => {
      const { days, approx } = data.citySeries(forecast.rows, channelSel.value, fieldSel.value);
      const shown = days.filter((d) => d.date >= today).slice(0, 14);
      const series = shown.length ? shown : days.slice(-14);
      // Replace this chart only (the actuals chart lives in the same list).
      const old = charts.findIndex((c) => c.canvas === canvas);
      if (old >= 0) charts.splice(old, 1)[0].destroy();
      charts.push(bandChart(canvas, series));
      note.textContent = approx ? t('overview.approx') : '';
    };
    // The API gives city totals by channel and by field, not by both: one split at a time.
    channelSel.addEventListener('change', () => {
      if (channelSel.value) fieldSel.value = '';
      draw();
    });
    fieldSel.addEventListener('change', () => {
      if (fieldSel.value) channelSel.value = '';
      draw();
    });
    fill(
      forecastBody,
      h(
        'div',
        { class: 'filters' },
        h('div', { class: 'field' }, h('label', { for: 'ov-channel' }, t('channel')), channelSel),
        h('div', { class: 'field' }, h('label', { for: 'ov-field' }, t('field')), fieldSel),
      ),
      box,
      note,
    );
    draw();
  }

  // Points most at risk of overload this week, and actuals against earlier forecasts, side by side.
  const riskTask = (async () => {
    const week = data.mondayOf(today);
    try {
      const load = await data.pointLoad(ctx, week);
      const byCode = await data.pointIndex(ctx);
      const ranked = [...load.byPoint.entries()]
        .filter(([, v]) => v.perStaff !== null)
        .sort((a, b) => /** @type {number} */ (b[1].perStaff) - /** @type {number} */ (a[1].perStaff))
        .slice(0, 10);
      if (!ranked.length) fill(riskBody, empty(t('empty.noRisk')));
      else {
        const util = await planUtilisation(week);
        fill(
          riskBody,
          h('p', { class: 'hint' }, t(`map.source.${load.source}`)),
          table({
            className: 'risk',
            columns: [
              { label: t('point') },
              { label: t('overview.expectedShort'), num: true },
              { label: t('overview.staffFte'), num: true },
              { label: t('overview.perStaffShort'), num: true },
              ...(util ? [{ label: `${t('metric.utilisation')} (${t('plan.before')})`, num: true }] : []),
            ],
            rows: ranked.map(([code, v]) => [
              h(
                'span',
                null,
                h('a', { href: `#/map?point=${encodeURIComponent(code)}` }, byCode.get(code)?.name ?? code),
                h('small', { class: 'sub' }, byCode.get(code)?.branch ?? ''),
              ),
              fmtNum(v.perDay, 0),
              fmtNum(v.staff, 1),
              fmtNum(v.perStaff, 1),
              ...(util ? [fmtPct(util.get(code) ?? null, 0)] : []),
            ]),
          }),
        );
      }
    } catch (err) {
      fill(riskBody, errorBox(err));
    }
  })();
  const actualsTask = (async () => {
    try {
      await renderActuals(actualsBody, charts, ctx);
    } catch (err) {
      fill(actualsBody, errorBox(err));
    }
  })();
  await Promise.all([riskTask, actualsTask]);

  return () => {
    for (const c of charts) c.destroy();
  };
}

/**
 * Utilisation "before" of this week's newest plan, when there is one.
 * @param {string} week
 */
async function planUtilisation(week) {
  const plans = await data.plansOfWeek(week).catch(() => []);
  if (!plans.length) return null;
  const plan = await data.plan(/** @type {any} */ (plans[0]).id).catch(() => null);
  if (!plan?.utilisation.length) return null;
  return new Map(plan.utilisation.map((u) => [u.point, u.before]));
}

/**
 * The last 28 days of actuals with, where a past forecast run covered them, what it forecast.
 * @param {HTMLElement} body
 * @param {any[]} charts
 * @param {import('../app.js').Ctx} ctx
 */
async function renderActuals(body, charts, ctx) {
  const { last, byDate: totals } = await data.recentActuals(ctx);
  if (!last) return fill(body, empty(t('empty.noActuals')));
  const from = data.addDays(last, -27);
  // The newest run made before the last actual day: its horizon overlaps the actuals.
  const runs = (await api.getOptional('/forecasts?limit=50'))?.runs ?? [];
  const past = runs.find((/** @type {any} */ r) => String(r.as_of).slice(0, 10) < last);
  /** @type {Map<string, { mean: number, p10: number | null, p90: number | null }>} */
  let forecastByDate = new Map();
  if (past) {
    const run = data.normaliseForecast(
      await api.getOptional(`/forecasts/${encodeURIComponent(past.id)}`).catch(() => null),
    );
    if (run) forecastByDate = new Map(data.citySeries(run.rows, '', '').days.map((d) => [d.date, d]));
  }
  const days = [];
  for (let d = from; d <= last; d = data.addDays(d, 1)) {
    const f = forecastByDate.get(d);
    days.push({
      date: d,
      actual: totals.get(d)?.received ?? 0,
      forecast: f?.mean ?? null,
      p10: f?.p10 ?? null,
      p90: f?.p90 ?? null,
    });
  }
  const paired = days.filter((d) => d.forecast !== null && d.actual > 0);
  const mape = paired.length
    ? paired.reduce((s, d) => s + Math.abs(d.actual - /** @type {number} */ (d.forecast)) / d.actual, 0) /
      paired.length
    : null;
  const { box, canvas } = chartBox(t('overview.actuals'));
  fill(
    body,
    box,
    mape !== null
      ? h('p', { class: 'hint' }, t('overview.mape', { value: fmtPct(mape, 1) }))
      : h('p', { class: 'hint', 'data-empty': 'past-forecast' }, t('overview.noPastForecast')),
  );
  charts.push(actualsChart(canvas, days));
}
