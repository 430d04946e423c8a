// So sánh kế hoạch: two plans side by side (e.g. this week's draft against the approved one, or a scenario
// plan against the base): KPI differences from the server's diff, staff present per point and day where they
// differ, and the moves added, removed or changed, person by person.

import * as api from '../api.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, fmtPct, fmtTime, t } from '../i18n.js';
import {
  empty,
  emptyOrError,
  field,
  fill,
  h,
  kpi,
  loading,
  pageTitle,
  section,
  select,
  sortableTable,
} from '../ui.js';

/**
 * The KPIs of the diff, how to show them, and which way is better (+1: more is better, -1: less is better).
 * @type {Array<{ key: string, label: string, better: 1 | -1, pct?: boolean, digits?: number }>}
 */
const KPIS = [
  { key: 'service_level_after', label: 'plan.kpi.sl', better: 1, pct: true, digits: 1 },
  { key: 'unmet_reception_hours', label: 'cmp.kpi.unmetReception', better: -1, digits: 0 },
  { key: 'unmet_processing_hours', label: 'cmp.kpi.unmetProcessing', better: -1, digits: 0 },
  { key: 'moves', label: 'plan.kpi.moves', better: -1 },
  { key: 'people_moved', label: 'plan.kpi.people', better: -1 },
  { key: 'travel_minutes', label: 'plan.kpi.travel', better: -1 },
  { key: 'objective', label: 'cmp.kpi.objective', better: -1, digits: 0 },
];

/** @param {{ id: string, week: string, status: string, scenario?: unknown[] | null, created_at?: string }} p */
function planLabel(p) {
  return [
    `${t('week')} ${data.isoWeekLabel(p.week)}`,
    t(`plan.status.${p.status}`),
    p.scenario?.length ? t('sc.scenario') : null,
    p.created_at ? fmtTime(p.created_at) : null,
    p.id,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A signed difference with its direction for the reader: better in green, worse in red.
 * @param {number | null} delta
 * @param {1 | -1} better
 * @param {(v: number) => string} fmt
 */
function deltaCell(delta, better, fmt) {
  if (delta === null || delta === undefined) return '–';
  if (Math.abs(delta) < 1e-9) return h('span', { 'data-delta': '0' }, '0');
  const good = Math.sign(delta) === better;
  return h(
    'span',
    {
      class: good ? 'delta-up' : 'delta-down',
      'data-delta': String(delta),
      title: good ? t('cmp.better') : t('cmp.worse'),
    },
    `${delta > 0 ? '+' : '−'}${fmt(Math.abs(delta))}`,
    h('span', { class: 'sr-only' }, ` (${good ? t('cmp.better') : t('cmp.worse')})`),
  );
}

/** @type {import('../app.js').Render} */
export async function render(main, ctx, params) {
  const body = h('div', { id: 'cmp-result' });
  const controls = h('div', { class: 'row' }, loading());
  fill(
    main,
    pageTitle(t('cmp.title'), t('cmp.intro')),
    h('section', { class: 'card', 'aria-label': t('cmp.pick') }, controls),
    body,
  );

  /** @type {any[]} */
  let plans;
  try {
    plans = (await api.get('/plans'))?.plans ?? [];
  } catch (err) {
    fill(controls, emptyOrError(err));
    return;
  }
  if (plans.length < 2) {
    fill(controls, h('p', { class: 'empty', 'data-empty': 'compare' }, t('cmp.needTwo')));
    return;
  }
  const ids = new Set(plans.map((p) => p.id));
  const a = ids.has(params.get('a') ?? '') ? /** @type {string} */ (params.get('a')) : plans[0].id;
  const pa = plans.find((p) => p.id === a);
  // The other plan: the one asked for, else the approved plan of the same week, else its newest other plan.
  const sameWeek = plans.filter((p) => p.id !== a && p.week === pa.week);
  const b =
    params.get('b') && ids.has(/** @type {string} */ (params.get('b'))) && params.get('b') !== a
      ? /** @type {string} */ (params.get('b'))
      : (sameWeek.find((p) => p.status === 'approved') ?? sameWeek[0] ?? plans.find((p) => p.id !== a)).id;
  const options = plans.map((p) => ({ value: p.id, label: planLabel(p) }));
  const selA = select(options, a, { id: 'cmp-a' });
  const selB = select(options, b, { id: 'cmp-b' });
  const go = (/** @type {string} */ x, /** @type {string} */ y) =>
    ctx.navigate(`#/compare?a=${encodeURIComponent(x)}&b=${encodeURIComponent(y)}`);
  selA.addEventListener('change', () => go(selA.value, selB.value));
  selB.addEventListener('change', () => go(selA.value, selB.value));
  fill(
    controls,
    field(t('cmp.a'), selA),
    field(t('cmp.b'), selB),
    h(
      'div',
      { class: 'field' },
      h('span', null, ' '),
      h('button', { type: 'button', id: 'cmp-swap', onclick: () => go(b, a) }, t('cmp.swap')),
    ),
    h(
      'div',
      { class: 'field' },
      h('span', null, ' '),
      h('a', { href: `#/plan?week=${pa.week}&id=${encodeURIComponent(a)}` }, t('cmp.backToPlan')),
    ),
  );
  if (a === b) {
    fill(body, empty(t('cmp.same')));
    return;
  }

  fill(body, loading());
  /** @type {any} */
  let diff;
  try {
    diff = await api.get(`/plans/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`);
  } catch (err) {
    fill(body, emptyOrError(err));
    return;
  }
  const byCode = await data.pointIndex(ctx);
  const name = (/** @type {string} */ code) => byCode.get(code)?.name ?? code;
  const pointLink = (/** @type {string} */ code) =>
    h('a', { href: `#/map?point=${encodeURIComponent(code)}` }, name(code));

  // KPIs: A, B, B − A.
  const kpiRows = KPIS.filter((k) => diff.kpis?.[k.key]).map((k) => ({ ...k, ...diff.kpis[k.key] }));
  const fmt = (/** @type {typeof kpiRows[number]} */ k) => (/** @type {number | null} */ v) =>
    v === null || v === undefined ? '–' : k.pct ? fmtPct(v, k.digits ?? 1) : fmtNum(v, k.digits ?? 0);
  const kpiTable = sortableTable({
    className: 'cmp-kpis',
    rows: kpiRows,
    columns: [
      { label: t('cmp.col.kpi'), cell: (k) => t(k.label) },
      { label: t('cmp.col.a'), num: true, cell: (k) => fmt(k)(k.a) },
      { label: t('cmp.col.b'), num: true, cell: (k) => fmt(k)(k.b) },
      {
        label: t('cmp.col.delta'),
        num: true,
        cell: (k) =>
          deltaCell(k.delta, k.better, (v) => (k.pct ? `${fmtNum(v * 100, 1)} ${t('cmp.pp')}` : fmt(k)(v))),
      },
    ],
    rowAttrs: (k) => ({ 'data-kpi': k.key }),
  });

  // Moves, person by person, as the server counts them (a changed destination is one changed move).
  const changes = data.diffRows(diff.moves);
  const count = (/** @type {string} */ kind) => changes.filter((c) => c.kind === kind).length;
  const kindSel = select(
    [
      { value: '', label: t('all') },
      ...['added', 'removed', 'changed'].map((k) => ({ value: k, label: t(`cmp.kind.${k}`) })),
    ],
    '',
    { id: 'cmp-kind' },
  );
  const involved = [...new Set(changes.flatMap((c) => [c.from, c.to, c.before?.from, c.before?.to]))]
    .filter((x) => typeof x === 'string' && x)
    .sort((x, y) => name(/** @type {string} */ (x)).localeCompare(name(/** @type {string} */ (y)), 'vi'));
  const pointSel = select(
    [
      { value: '', label: t('all') },
      ...involved.map((c) => ({ value: /** @type {string} */ (c), label: name(/** @type {string} */ (c)) })),
    ],
    '',
    { id: 'cmp-point' },
  );
  const movesBox = h('div', { id: 'cmp-moves' });
  /** @type {{ col: number, dir: 'asc' | 'desc' }} */
  let movesSort = { col: 1, dir: 'asc' };
  const drawMoves = () => {
    const rows = changes.filter(
      (c) =>
        (!kindSel.value || c.kind === kindSel.value) &&
        (!pointSel.value || [c.from, c.to, c.before?.from, c.before?.to].includes(pointSel.value)),
    );
    fill(
      movesBox,
      rows.length
        ? sortableTable({
            className: 'tall cmp-moves',
            rows,
            sort: movesSort,
            onSort: (next) => {
              movesSort = next;
            },
            columns: [
              {
                label: t('cmp.col.kind'),
                cell: (c) => h('span', { class: `tag tag-${c.kind}` }, t(`cmp.kind.${c.kind}`)),
                sort: (c) => c.kind,
              },
              {
                label: t('plan.col.date'),
                cell: (c) => fmtDate(c.date, { weekday: true, short: true }),
                sort: (c) => c.date,
              },
              {
                label: t('plan.col.staff'),
                cell: (c) =>
                  c.name
                    ? `${c.name}${c.staff_id ? ` (${c.staff_id})` : ''}`
                    : c.staff_id || `${fmtNum(c.staff)} ×`,
                sort: (c) => c.name || c.staff_id,
              },
              {
                label: t('plan.col.from'),
                cell: (c) => pointLink(c.from),
                sort: (c) => name(c.from),
              },
              { label: t('plan.col.to'), cell: (c) => pointLink(c.to), sort: (c) => name(c.to) },
              {
                label: t('cmp.col.before'),
                cell: (c) =>
                  c.before
                    ? `${name(c.before.from)} → ${name(c.before.to)}${
                        c.before.minutes !== c.minutes
                          ? ` (${fmtNum(c.before.minutes)} ${t('unit.minutes')})`
                          : ''
                      }`
                    : '',
              },
            ],
            rowAttrs: (c) => ({ 'data-kind': c.kind }),
          })
        : empty(t('cmp.noMoves')),
    );
  };
  kindSel.addEventListener('change', drawMoves);
  pointSel.addEventListener('change', drawMoves);
  drawMoves();

  // Per day: moves added/removed/changed and staff-days present that differ.
  /** @type {Array<{ point: string, day: string, a: number, b: number }>} */
  const present = diff.present ?? [];
  const days = [...new Set([...changes.map((c) => c.date), ...present.map((p) => p.day)])].sort();
  const dayRows = days.map((d) => ({
    day: d,
    added: changes.filter((c) => c.date === d && c.kind === 'added').length,
    removed: changes.filter((c) => c.date === d && c.kind === 'removed').length,
    changed: changes.filter((c) => c.date === d && c.kind === 'changed').length,
    points: present.filter((p) => p.day === d).length,
  }));
  // Per point: staff-days present in A and in B, over the days where they differ.
  /** @type {Map<string, { point: string, a: number, b: number, days: number }>} */
  const perPoint = new Map();
  for (const p of present) {
    const r = perPoint.get(p.point) ?? { point: p.point, a: 0, b: 0, days: 0 };
    r.a += p.a;
    r.b += p.b;
    r.days += 1;
    perPoint.set(p.point, r);
  }
  const pointRows = [...perPoint.values()];

  const num = (/** @type {string} */ label, /** @type {(r: any) => number} */ get) => ({
    label,
    num: true,
    cell: (/** @type {any} */ r) => fmtNum(get(r)),
    sort: get,
  });
  fill(
    body,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'cmp-head', 'data-a': a, 'data-b': b },
      h('h2', { id: 'cmp-head' }, t('cmp.kpis')),
      h('p', { class: 'hint' }, t('cmp.direction', { a, b })),
      kpiTable,
    ),
    h(
      'div',
      { class: 'kpis', id: 'cmp-counts' },
      kpi(t('cmp.kind.added'), h('span', { 'data-count': 'added' }, fmtNum(count('added')))),
      kpi(t('cmp.kind.removed'), h('span', { 'data-count': 'removed' }, fmtNum(count('removed')))),
      kpi(t('cmp.kind.changed'), h('span', { 'data-count': 'changed' }, fmtNum(count('changed')))),
      kpi(t('cmp.pointsChanged'), fmtNum(perPoint.size)),
    ),
    h(
      'div',
      { class: 'grid-2' },
      section(
        t('cmp.byDay'),
        dayRows.length
          ? sortableTable({
              className: 'cmp-days',
              rows: dayRows,
              sort: { col: 0, dir: 'asc' },
              columns: [
                {
                  label: t('plan.col.date'),
                  cell: (r) => fmtDate(r.day, { weekday: true, short: true }),
                  sort: (r) => r.day,
                },
                num(t('cmp.kind.added'), (r) => r.added),
                num(t('cmp.kind.removed'), (r) => r.removed),
                num(t('cmp.kind.changed'), (r) => r.changed),
                num(t('cmp.col.points'), (r) => r.points),
              ],
            })
          : empty(t('cmp.noDifference')),
      ),
      section(
        t('cmp.byPoint'),
        h('p', { class: 'help' }, t('cmp.byPointHelp')),
        pointRows.length
          ? sortableTable({
              className: 'tall cmp-points',
              rows: pointRows,
              sort: { col: 3, dir: 'desc' },
              columns: [
                { label: t('point'), cell: (r) => pointLink(r.point), sort: (r) => name(r.point) },
                num(t('cmp.col.a'), (r) => r.a),
                num(t('cmp.col.b'), (r) => r.b),
                {
                  label: t('cmp.col.delta'),
                  num: true,
                  cell: (r) => deltaCell(r.b - r.a, 1, (v) => fmtNum(v)),
                  sort: (r) => Math.abs(r.b - r.a),
                },
                num(t('cmp.col.days'), (r) => r.days),
              ],
              rowAttrs: (r) => ({ 'data-point': r.point }),
            })
          : empty(t('cmp.noDifference')),
      ),
    ),
    section(
      t('cmp.moves'),
      h('div', { class: 'filters' }, field(t('cmp.col.kind'), kindSel), field(t('point'), pointSel)),
      movesBox,
    ),
  );
}
