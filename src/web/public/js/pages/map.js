// Bản đồ: the 126 points from their coordinates, coloured by expected load per staff member; a point opens
// its forecast, staff and plan.

import * as api from '../api.js';
import { bandChart, chartBox } from '../charts.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, t } from '../i18n.js';
import { binEdges, drawMap, legend } from '../map.js';
import { empty, emptyOrError, errorBox, fill, h, loading, section, select, table } from '../ui.js';

/** @type {import('../app.js').Render} */
export async function render(main, ctx, params) {
  /** @type {any[]} */
  const charts = [];
  const selected = params.get('point');
  const [points, byCode] = await Promise.all([data.points(ctx), data.pointIndex(ctx)]);
  const week = data.mondayOf(data.todayHanoi());
  /** @type {unknown} */
  let loadError = null;
  const load = await data.pointLoad(ctx, week).catch((err) => {
    // The map still shows the points; only the colours are missing.
    loadError = err;
    return { source: /** @type {const} */ ('none'), byPoint: new Map() };
  });
  const perStaff = (/** @type {string} */ code) => load.byPoint.get(code)?.perStaff ?? null;
  const edges = binEdges([...load.byPoint.values()].map((v) => v.perStaff ?? Number.NaN));

  const picker = select(
    [
      { value: '', label: `— ${t('map.pick')} —` },
      ...[...points]
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
        .map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
    ],
    selected ?? '',
    { id: 'map-pick' },
  );
  picker.addEventListener('change', () =>
    ctx.navigate(picker.value ? `#/map?point=${encodeURIComponent(picker.value)}` : '#/map'),
  );

  const svg = drawMap({
    points,
    value: perStaff,
    edges,
    selected,
    label: (p) => {
      const v = load.byPoint.get(p.code);
      return `${p.name} (${p.code})${v?.perStaff != null ? ` · ${fmtNum(v.perStaff, 1)} ${t('map.legend').toLowerCase()}` : ''}`;
    },
  });
  const panel = h('div', { class: 'point-panel' });
  fill(
    main,
    h('h1', { tabindex: '-1' }, t('map.title')),
    h('p', { class: 'help' }, t('map.help')),
    h(
      'div',
      { class: 'map-layout' },
      h(
        'section',
        { class: 'card', 'aria-label': t('map.title') },
        h(
          'div',
          { class: 'filters' },
          h('div', { class: 'field' }, h('label', { for: 'map-pick' }, t('map.pick')), picker),
        ),
        svg,
        legend(edges, t('map.legend')),
        h('p', { class: 'hint' }, t(`map.source.${load.source}`)),
        loadError ? errorBox(loadError) : null,
      ),
      panel,
    ),
  );

  if (!selected) {
    fill(panel, section(t('map.pick'), empty(t('map.help'))));
  } else {
    const p = byCode.get(selected);
    if (!p) fill(panel, errorBox(new api.ApiError(404, 'NOT_FOUND', selected)));
    else await renderPoint(panel, ctx, p, load.byPoint.get(p.code), charts);
  }
  return () => {
    for (const c of charts) c.destroy();
  };
}

/**
 * @param {HTMLElement} panel
 * @param {import('../app.js').Ctx} ctx
 * @param {data.Point} p
 * @param {{ perDay: number, staff: number, perStaff: number | null } | undefined} load
 * @param {any[]} charts
 */
async function renderPoint(panel, ctx, p, load, charts) {
  const forecastBody = h('div', null, loading());
  const staffBody = h('div', null, loading());
  const planBody = h('div', null, loading());
  const staffTitle = h('h3', null, t('map.point.staff', { n: '…' }));
  fill(
    panel,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'pt-title', 'data-point': p.code },
      h('h2', { id: 'pt-title' }, `${p.name} (${p.code})`),
      h(
        'dl',
        null,
        h('dt', null, t('branch')),
        h('dd', null, p.branch),
        h('dt', null, t('map.point.type')),
        h('dd', null, t(`pointType.${p.type}`)),
        h('dt', null, t('map.point.population')),
        h('dd', null, fmtNum(p.population)),
        h('dt', null, t('map.point.area')),
        h('dd', null, fmtNum(p.area_km2, 2)),
        h('dt', null, t('map.point.counters')),
        h('dd', null, fmtNum(p.counters)),
        h('dt', null, t('map.point.minStaff')),
        h('dd', null, fmtNum(p.min_staff)),
        h('dt', null, t('overview.expected')),
        h('dd', null, fmtNum(load?.perDay, 0)),
        h('dt', null, t('overview.loadPerStaff')),
        h('dd', null, fmtNum(load?.perStaff, 1)),
      ),
      h('h3', null, t('map.point.forecast')),
      forecastBody,
      staffTitle,
      staffBody,
      h('h3', null, t('plan.title')),
      planBody,
    ),
  );

  // Forecast of this point: sum of its series.
  try {
    const fc = await data.latestForecast(ctx);
    const rows = fc?.rows.filter((r) => r.point === p.code) ?? [];
    if (!rows.length) fill(forecastBody, empty(t('empty.noForecast')));
    else {
      const finest = rows.some((r) => r.level === 'series') ? 'series' : 'point';
      const series = data.citySeries(
        rows.filter((r) => r.level === finest).map((r) => ({ ...r, level: 'series' })),
        '',
        '',
      ).days;
      const today = data.todayHanoi();
      const upcoming = series.filter((d) => d.date >= today).slice(0, 14);
      const { box, canvas } = chartBox(t('map.point.forecast'), 'small');
      fill(forecastBody, box);
      charts.push(bandChart(canvas, upcoming.length ? upcoming : series.slice(-14)));
    }
  } catch (err) {
    fill(forecastBody, emptyOrError(err));
  }

  // Staff of this point.
  try {
    const body = await api.get(`/staff?point=${encodeURIComponent(p.code)}`);
    /** @type {data.Staff[]} */
    const staff = body.staff ?? [];
    staffTitle.textContent = t('map.point.staff', { n: fmtNum(staff.filter((s) => s.active).length) });
    fill(
      staffBody,
      staff.length
        ? table({
            className: 'tall',
            columns: [{ label: t('plan.col.staff') }, { label: t('field') }, { label: 'FTE', num: true }],
            rows: staff.map((s) => [
              h(
                'span',
                null,
                s.name,
                s.role === 'point_lead' ? h('span', { class: 'badge' }, ` ${t('map.point.lead')}`) : null,
                s.active ? null : ' (–)',
              ),
              s.fields.map((f) => t(`field.${f}`)).join(', '),
              fmtNum(s.fte, 2),
            ]),
          })
        : empty(t('none')),
    );
  } catch (err) {
    fill(staffBody, errorBox(err));
  }

  // Moves touching this point in the nearest plan (next week, else this week).
  try {
    const today = data.todayHanoi();
    const weeks = [data.addDays(data.mondayOf(today), 7), data.mondayOf(today)];
    /** @type {data.Plan | null} */
    let plan = null;
    for (const w of weeks) {
      const list = await data.plansOfWeek(w);
      if (list.length) {
        plan = await data.plan(/** @type {any} */ (list[0]).id);
        if (plan) break;
      }
    }
    if (!plan) return fill(planBody, empty(t('empty.noPlan')));
    const moves = plan.moves.filter((m) => m.from === p.code || m.to === p.code);
    const inDays = moves.filter((m) => m.to === p.code).reduce((s, m) => s + m.staff, 0);
    const outDays = moves.filter((m) => m.from === p.code).reduce((s, m) => s + m.staff, 0);
    const util = plan.utilisation.find((u) => u.point === p.code);
    fill(
      planBody,
      h(
        'p',
        null,
        h(
          'a',
          { href: `#/plan?week=${plan.week}&id=${encodeURIComponent(plan.id)}` },
          t('map.point.plan', { week: data.isoWeekLabel(plan.week) }),
        ),
        ' · ',
        t('map.point.in', { n: fmtNum(inDays) }),
        ' · ',
        t('map.point.out', { n: fmtNum(outDays) }),
        util
          ? ` · ${t('metric.utilisation')}: ${fmtNum((util.before ?? 0) * 100, 0)}% → ${fmtNum((util.after ?? 0) * 100, 0)}%`
          : '',
      ),
      moves.length
        ? table({
            className: 'tall',
            columns: [
              { label: t('plan.col.date') },
              { label: t('plan.col.staff') },
              { label: t('plan.col.from') },
              { label: t('plan.col.to') },
            ],
            rows: moves
              .slice(0, 50)
              .map((m) => [
                fmtDate(m.date, { short: true, weekday: true }),
                m.name || m.staff_id || fmtNum(m.staff),
                m.from,
                m.to,
              ]),
          })
        : empty(t('map.point.noPlan')),
    );
  } catch (err) {
    fill(planBody, emptyOrError(err));
  }
}
