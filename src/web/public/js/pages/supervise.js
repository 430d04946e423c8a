// Giám sát (issue #15): the indicators managers are judged on (Decision 766/QĐ-TTg) as cards with their trend,
// the ranking of points (sortable, coloured by rank), the pending dossiers most at risk of missing their
// deadline, and the points whose dossiers left their forecast band two working days running.

import * as api from '../api.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, fmtPct, t } from '../i18n.js';
import {
  alertBox,
  empty,
  emptyOrError,
  errorBox,
  fill,
  h,
  kpi,
  loading,
  pageTitle,
  section,
  sortableTable,
  table,
} from '../ui.js';

/** The cards: indicator id, and whether a rise is good. */
const CARDS = [
  ['resolved_in_time_share', true],
  ['resolved_overdue_share', false],
  ['pending_past_due', false],
  ['online_share', true],
  ['full_online_share', true],
  ['digitised_share', true],
  ['electronic_result_share', true],
  ['wait_median_min', false],
];

/** The ranking's columns (ids of the indicator report). */
const RANKED = [
  'received',
  'resolved_in_time_share',
  'resolved_overdue_share',
  'pending_past_due',
  'online_share',
  'digitised_share',
];

/** @param {any} def @param {number | null | undefined} v */
function fmtValue(def, v) {
  if (v === null || v === undefined) return '–';
  if (def?.unit === 'share') return fmtPct(v);
  if (def?.unit === 'minutes') return fmtNum(v, 1);
  return fmtNum(v);
}

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  const cards = h('div', { class: 'kpis', 'data-cards': '' }, loading());
  const ranking = h('div', { 'data-ranking': '' }, loading());
  const risk = h('div', { 'data-risk': '' }, loading());
  const band = h('div', { 'data-band': '' }, loading());
  const attendance = h('div', { 'data-attendance': '' }, loading());
  const refresh = ctx.can('schedule')
    ? h(
        'button',
        {
          type: 'button',
          'data-refresh': '',
          onclick: async () => {
            try {
              await api.post('/alerts/overdue-risk/refresh', {});
              fill(risk, alertBox('ok', t('supervise.refreshQueued')));
            } catch (err) {
              fill(risk, errorBox(err));
            }
          },
        },
        t('supervise.refresh'),
      )
    : null;
  fill(
    main,
    pageTitle(t('supervise.title'), t('supervise.intro')),
    section(t('supervise.cards'), h('p', { class: 'help' }, t('supervise.cardsHelp')), cards),
    section(t('supervise.ranking'), h('p', { class: 'help' }, t('supervise.rankingHelp')), ranking),
    h(
      'div',
      { class: 'grid-2' },
      section(t('supervise.risk'), h('p', { class: 'help' }, t('supervise.riskHelp')), refresh, risk),
      section(t('supervise.band'), h('p', { class: 'help' }, t('supervise.bandHelp')), band),
    ),
    section(t('supervise.attendance'), h('p', { class: 'help' }, t('supervise.attendanceHelp')), attendance),
  );

  const to = data.addDays(data.todayHanoi(), -1);
  const weeksFrom = data.addDays(data.mondayOf(to), -7 * 7);
  const rankFrom = data.addDays(to, -27);
  const [trend, points, risks, bands, att] = await Promise.all([
    api.get(`/indicators?level=city&period=week&from=${weeksFrom}&to=${to}`).catch((e) => e),
    api.get(`/indicators?level=point&period=quarter&from=${rankFrom}&to=${to}`).catch((e) => e),
    api.get('/alerts/overdue-risk?limit=50').catch((e) => e),
    api.get(`/alerts/forecast-band?from=${data.addDays(to, -13)}&to=${to}`).catch((e) => e),
    latestPlanAttendance().catch((e) => e),
  ]);

  // Cards: the last week against the week before.
  if (trend instanceof Error) fill(cards, emptyOrError(trend));
  else {
    const r = /** @type {any} */ (trend);
    const defs = new Map(r.definitions.map((/** @type {any} */ d) => [d.id, d]));
    const last = r.rows.at(-1);
    const prev = r.rows.at(-2);
    fill(
      cards,
      ...CARDS.map(([id, upGood]) => {
        const def = defs.get(id);
        const v = last?.values?.[id];
        const p = prev?.values?.[id];
        const why = last?.unavailable?.find((/** @type {any} */ u) => u.id === id)?.reason;
        let sub = why ?? '';
        let dir = 'flat';
        if (typeof v === 'number' && typeof p === 'number') {
          dir = v > p ? 'up' : v < p ? 'down' : 'flat';
          const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '●';
          sub = `${arrow} ${t('supervise.vsPrev', { value: fmtValue(def, p) })}`;
        }
        const good = dir === 'flat' ? 'flat' : (dir === 'up') === upGood ? 'good' : 'bad';
        const card = kpi(def?.name ?? String(id), fmtValue(def, v), sub);
        card.setAttribute('data-card', String(id));
        card.setAttribute('data-trend', good);
        if (def?.decision_766) card.setAttribute('title', t('supervise.decision766'));
        return card;
      }),
    );
  }

  // Ranking of points.
  if (points instanceof Error) fill(ranking, emptyOrError(points));
  else {
    const r = /** @type {any} */ (points);
    const defs = new Map(r.definitions.map((/** @type {any} */ d) => [d.id, d]));
    const rows = r.rows;
    const n = rows.length;
    /** @param {number | undefined} rank */
    const tier = (rank) =>
      rank === undefined ? '' : rank <= n / 3 ? 'rank-good' : rank > (2 * n) / 3 ? 'rank-bad' : 'rank-mid';
    fill(
      ranking,
      sortableTable({
        className: 'ranking',
        rows,
        sort: { col: 2, dir: 'asc' },
        columns: [
          {
            label: t('supervise.col.point'),
            cell: (/** @type {any} */ x) =>
              h('a', { href: `#/map?point=${encodeURIComponent(x.key)}` }, x.name),
            sort: (/** @type {any} */ x) => x.name,
          },
          ...RANKED.map((id) => ({
            label: defs.get(id)?.name ?? id,
            num: true,
            cell: (/** @type {any} */ x) =>
              h(
                'span',
                { class: tier(x.ranks?.[id]), 'data-rank': x.ranks?.[id] ?? '' },
                fmtValue(defs.get(id), x.values?.[id]),
              ),
            // sort by rank where ranked (1 = best first), else by value
            sort: (/** @type {any} */ x) =>
              defs.get(id)?.better ? (x.ranks?.[id] ?? null) : -(x.values?.[id] ?? 0),
          })),
        ],
      }),
    );
  }

  // Overdue-risk list.
  if (risks instanceof Error) fill(risk, emptyOrError(risks));
  else {
    const r = /** @type {any} */ (risks);
    if (r.items.length === 0) fill(risk, empty(t('supervise.noRisk')));
    else
      fill(
        risk,
        r.refresh ? h('p', { class: 'help' }, t('supervise.asOf', { time: r.refresh.as_of })) : null,
        table({
          className: 'risk-list',
          columns: [
            { label: t('supervise.col.dossier') },
            { label: t('supervise.col.procedure') },
            { label: t('supervise.col.unit') },
            { label: t('supervise.col.due') },
            { label: t('supervise.col.left'), num: true },
            { label: t('supervise.col.probability'), num: true },
          ],
          rows: r.items.map((/** @type {any} */ x) => [
            x.code,
            x.procedure_name ?? x.procedure_code ?? '–',
            h('a', { href: `#/map?point=${encodeURIComponent(x.competent_unit)}` }, x.competent_unit),
            fmtDate(x.due_on),
            `${fmtNum(x.left, x.unit === 'hours' ? 1 : 0)} ${t(`supervise.unit.${x.unit}`)}`,
            h(
              'span',
              { class: x.probability >= 0.5 ? 'rank-bad' : x.probability >= 0.2 ? 'rank-mid' : 'rank-good' },
              fmtPct(x.probability),
            ),
          ]),
        }),
      );
  }

  // Points out of their forecast band.
  if (bands instanceof Error) fill(band, emptyOrError(bands));
  else {
    const b = /** @type {any} */ (bands);
    fill(
      band,
      b.coverage === null
        ? null
        : h('p', { 'data-coverage': '' }, t('supervise.coverage', { share: fmtPct(b.coverage) })),
      b.alerts.length === 0
        ? empty(t('supervise.noBand'))
        : h(
            'ul',
            { class: 'band-alerts' },
            ...b.alerts.map((/** @type {any} */ a) =>
              h(
                'li',
                { 'data-point': a.point },
                h('a', { href: `#/map?point=${encodeURIComponent(a.point)}` }, a.point),
                ' — ',
                a.reason,
              ),
            ),
          ),
    );
  }

  // The latest approved plan's staff against who was there (attendance imports).
  if (att instanceof Error) fill(attendance, emptyOrError(att));
  else if (!att) fill(attendance, empty(t('supervise.noApprovedPlan')));
  else {
    const a = /** @type {any} */ (att);
    const rows = a.days
      .filter((/** @type {any} */ d) => d.recorded)
      .flatMap((/** @type {any} */ d) =>
        d.points
          .filter((/** @type {any} */ p) => p.absent.length || p.unplanned.length)
          .map((/** @type {any} */ p) => ({ date: d.date, ...p })),
      );
    fill(
      attendance,
      h(
        'p',
        { class: 'help', 'data-attendance-plan': a.plan },
        t('supervise.attendancePlan', { plan: a.plan }),
      ),
      a.days.every((/** @type {any} */ d) => !d.recorded)
        ? empty(t('supervise.noAttendance'))
        : rows.length === 0
          ? empty(t('supervise.attendanceAsPlanned'))
          : table({
              className: 'attendance-list',
              columns: [
                { label: t('supervise.col.date') },
                { label: t('supervise.col.point') },
                { label: t('supervise.col.planned'), num: true },
                { label: t('supervise.col.present'), num: true },
                { label: t('supervise.col.absent') },
                { label: t('supervise.col.unplanned') },
              ],
              rows: rows.map((/** @type {any} */ x) => [
                fmtDate(x.date),
                h('a', { href: `#/map?point=${encodeURIComponent(x.point)}` }, x.point),
                fmtNum(x.planned),
                fmtNum(x.present),
                x.absent.join(', '),
                x.unplanned.join(', '),
              ]),
            }),
    );
  }
}

/** The plan-against-attendance report of the newest approved plan, or null when there is none. */
async function latestPlanAttendance() {
  const plans = (await api.get('/plans'))?.plans ?? [];
  const approved = plans
    .filter((/** @type {any} */ p) => p.status === 'approved')
    .sort((/** @type {any} */ a, /** @type {any} */ b) => b.week.localeCompare(a.week))[0];
  if (!approved) return null;
  return api.get(`/plans/${encodeURIComponent(approved.id)}/attendance`);
}
