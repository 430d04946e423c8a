// Kế hoạch tuần: the draft of a chosen week — moves table and arrows on the map, utilisation per point
// before and after, expected waits and on-time rate, the reason of each move; managers approve or reject;
// CSV export.

import * as api from '../api.js';
import { beforeAfterChart, chartBox } from '../charts.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, fmtPct, fmtTime, t } from '../i18n.js';
import { drawMap, legend } from '../map.js';
import {
  empty,
  emptyOrError,
  errorBox,
  errorText,
  fill,
  h,
  kpi,
  loading,
  notice,
  progress,
  section,
  select,
  table,
} from '../ui.js';

/** @type {import('../app.js').Render} */
export async function render(main, ctx, params) {
  /** @type {any[]} */
  const charts = [];
  const abort = new AbortController();
  const thisWeek = data.mondayOf(data.todayHanoi());
  const requested = params.get('week');
  const week =
    requested && /^\d{4}-\d{2}-\d{2}$/.test(requested) ? data.mondayOf(requested) : data.addDays(thisWeek, 7);

  const weeks = [];
  for (let i = -8; i <= 4; i++) weeks.push(data.addDays(thisWeek, 7 * i));
  if (!weeks.includes(week)) weeks.push(week);
  weeks.sort();
  const weekSel = select(
    weeks.map((w) => ({
      value: w,
      label: `${data.isoWeekLabel(w)} (${fmtDate(w, { short: true })} – ${fmtDate(data.addDays(w, 6), { short: true })})`,
    })),
    week,
    { id: 'plan-week' },
  );
  weekSel.addEventListener('change', () => ctx.navigate(`#/plan?week=${weekSel.value}`));

  const controls = h(
    'div',
    { class: 'row' },
    h('div', { class: 'field' }, h('label', { for: 'plan-week' }, t('plan.pickWeek')), weekSel),
  );
  const status = notice();
  const body = h('div', null, loading());
  fill(
    main,
    h('h1', { tabindex: '-1' }, t('plan.title')),
    h('div', { class: 'card' }, controls, status),
    body,
  );

  const draftBtn = ctx.can('plan')
    ? h(
        'button',
        { type: 'button', class: 'primary', id: 'plan-draft', onclick: () => void draft() },
        t('plan.draft'),
      )
    : null;

  async function draft() {
    if (!draftBtn) return;
    draftBtn.setAttribute('disabled', '');
    try {
      const out = await api.post('/plans', { week });
      await data
        .watchJob(
          out.job.id,
          (job) =>
            fill(
              status,
              progress(
                job.progress?.pct ?? 0,
                job.progress?.text || job.progress?.stage || t('plan.drafting'),
              ),
            ),
          {
            signal: abort.signal,
          },
        )
        .then((job) => {
          if (job.state === 'failed')
            throw new api.ApiError(422, job.error?.code ?? 'FAILED', job.error?.message ?? '');
        });
      fill(status);
      ctx.navigate(`#/plan?week=${week}&r=${Date.now()}`);
    } catch (err) {
      if (/** @type {Error} */ (err).name !== 'AbortError') fill(status, errorBox(err));
    } finally {
      draftBtn.removeAttribute('disabled');
    }
  }

  let plans;
  try {
    plans = await data.plansOfWeek(week);
  } catch (err) {
    if (draftBtn) controls.append(draftBtn);
    fill(body, emptyOrError(err));
    return () => abort.abort();
  }
  if (!plans.length) {
    if (draftBtn) controls.append(draftBtn);
    fill(body, h('p', { class: 'empty', 'data-empty': 'plan' }, t('empty.noPlan')));
    return () => abort.abort();
  }
  const id =
    params.get('id') && plans.some((p) => p.id === params.get('id'))
      ? /** @type {string} */ (params.get('id'))
      : /** @type {any} */ (plans[0]).id;
  if (plans.length > 1) {
    const planSel = select(
      plans.map((p) => ({
        value: p.id,
        label: `${p.id} · ${t(`plan.status.${p.status}`)}${p.scenario?.length ? ` · ${t('sc.scenario')}` : ''}${p.created_at ? ` · ${fmtTime(p.created_at)}` : ''}`,
      })),
      id,
      { id: 'plan-version' },
    );
    planSel.addEventListener('change', () =>
      ctx.navigate(`#/plan?week=${week}&id=${encodeURIComponent(planSel.value)}`),
    );
    controls.append(
      h('div', { class: 'field' }, h('label', { for: 'plan-version' }, t('plan.pickPlan')), planSel),
    );
  }
  if (draftBtn) controls.append(draftBtn);

  const plan = await data.plan(id);
  if (!plan) {
    fill(body, empty(t('empty.noPlan')));
    return () => abort.abort();
  }
  const byCode = await data.pointIndex(ctx);
  const name = (/** @type {string} */ code) => byCode.get(code)?.name ?? code;
  const k = plan.kpis ?? {};

  // Decision and export.
  const noteInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'plan-note', type: 'text', maxlength: '2000' })
  );
  const decideStatus = notice();
  const canDecide = ctx.can('decide');
  const isDraft = plan.status === 'draft';
  /** @param {'approved' | 'rejected'} decision */
  const decide = async (decision) => {
    try {
      await api.post(`/plans/${encodeURIComponent(plan.id)}/decision`, {
        decision,
        ...(noteInput.value ? { note: noteInput.value } : {}),
      });
      ctx.navigate(`#/plan?week=${week}&id=${encodeURIComponent(plan.id)}&r=${Date.now()}`);
    } catch (err) {
      fill(
        decideStatus,
        h('div', { class: 'alert error', role: 'alert', 'data-refused': 'decision' }, errorText(err)),
      );
    }
  };
  const decisionBox = h(
    'div',
    { class: 'actions' },
    h(
      'span',
      { class: `state state-${plan.status}`, 'data-status': plan.status },
      t(`plan.status.${plan.status}`),
    ),
    plan.created_at
      ? h('span', { class: 'hint' }, t('plan.created', { at: fmtTime(plan.created_at) }))
      : null,
    isDraft
      ? h('div', { class: 'field' }, h('label', { for: 'plan-note' }, t('plan.note')), noteInput)
      : null,
    isDraft
      ? h(
          'button',
          {
            type: 'button',
            class: 'primary',
            id: 'plan-approve',
            disabled: !canDecide,
            'aria-describedby': canDecide ? null : 'plan-decide-refused',
            onclick: () => void decide('approved'),
          },
          t('plan.approve'),
        )
      : null,
    isDraft
      ? h(
          'button',
          {
            type: 'button',
            class: 'danger',
            id: 'plan-reject',
            disabled: !canDecide,
            'aria-describedby': canDecide ? null : 'plan-decide-refused',
            onclick: () => void decide('rejected'),
          },
          t('plan.reject'),
        )
      : null,
    h(
      'button',
      {
        type: 'button',
        id: 'plan-export',
        onclick: () =>
          void api
            .download(`/plans/${encodeURIComponent(plan.id)}/csv`, `${plan.id}.csv`)
            .catch((err) => fill(decideStatus, errorBox(err))),
      },
      t('plan.exportCsv'),
    ),
    h(
      'a',
      { href: `#/compare?a=${encodeURIComponent(plan.id)}`, id: 'plan-compare', class: 'button-link' },
      t('plan.compareWith'),
    ),
  );
  const refused =
    isDraft && !canDecide
      ? h(
          'p',
          { class: 'alert warn', id: 'plan-decide-refused', 'data-refused': 'role' },
          t('plan.decideRefused', { role: t(`role.${ctx.me.role}`) }),
        )
      : null;
  const decided =
    !isDraft && plan.decided_by
      ? h(
          'p',
          { class: 'hint' },
          t('plan.decided', { status: t(`plan.status.${plan.status}`).toLowerCase(), by: plan.decided_by }),
          plan.decision_note ? ` — ${plan.decision_note}` : '',
        )
      : null;

  // KPIs.
  const sl = k.service_level ?? {};
  const unmet = k.unmet_hours ?? {};
  const simBox = h('div', { class: 'kpis', id: 'plan-sim' });
  const kpis = h(
    'div',
    { class: 'kpis' },
    kpi(t('plan.kpi.moves'), fmtNum(k.moves ?? plan.moves.reduce((s, m) => s + m.staff, 0))),
    kpi(t('plan.kpi.people'), fmtNum(k.people_moved)),
    kpi(t('plan.kpi.travel'), fmtNum(k.travel_minutes)),
    kpi(
      t('plan.kpi.sl'),
      `${fmtPct(sl.before, 1)} → ${fmtPct(sl.after, 1)}`,
      sl.target != null
        ? `${t('plan.before')} → ${t('plan.after')} · ${t('plan.target', { v: fmtPct(sl.target, 0) })}`
        : null,
    ),
    kpi(
      t('plan.kpi.unmet'),
      `${fmtNum((unmet.reception_before ?? 0) + (unmet.processing_before ?? 0), 0)} → ${fmtNum((unmet.reception_after ?? 0) + (unmet.processing_after ?? 0), 0)}`,
    ),
  );

  // Map with arrows (moves aggregated per route over the week) and utilisation chart.
  /** @type {Map<string, { from: string, to: string, staff: number }>} */
  const routes = new Map();
  for (const m of plan.moves) {
    const key = `${m.from}>${m.to}`;
    const r = routes.get(key) ?? { from: m.from, to: m.to, staff: 0 };
    r.staff += m.staff;
    routes.set(key, r);
  }
  const utilByPoint = new Map(plan.utilisation.map((u) => [u.point, u]));
  const allPoints = await data.points(ctx);
  const utilEdges = [0.6, 0.8, 0.95, 1.05];
  const mapSvg = drawMap({
    points: allPoints,
    value: (code) => utilByPoint.get(code)?.after ?? null,
    edges: utilEdges,
    arrows: [...routes.values()],
    ariaLabel: t('plan.movesMap'),
  });
  const changed = plan.utilisation
    .filter((u) => u.before !== null || u.after !== null)
    // Largest changes first; with few moves, the busiest points.
    .sort(
      (a, b) =>
        Math.abs((b.after ?? 0) - (b.before ?? 0)) - Math.abs((a.after ?? 0) - (a.before ?? 0)) ||
        Math.max(b.before ?? 0, b.after ?? 0) - Math.max(a.before ?? 0, a.after ?? 0),
    )
    .slice(0, 15);
  const { box: utilBox, canvas: utilCanvas } = chartBox(t('plan.util'));

  // Moves table, first 100 rows then "show all".
  const movesBody = h('div');
  const showMoves = (/** @type {number} */ limit) => {
    const rows = plan.moves.slice(0, limit);
    fill(
      movesBody,
      plan.moves.length
        ? [
            table({
              className: 'tall moves',
              columns: [
                { label: t('plan.col.date') },
                { label: t('plan.col.staff') },
                { label: t('plan.col.from') },
                { label: t('plan.col.to') },
                { label: t('plan.col.minutes'), num: true },
                { label: t('plan.col.reason') },
              ],
              rows: rows.map((m) => [
                fmtDate(m.date, { weekday: true, short: true }),
                m.name
                  ? `${m.name}${m.staff_id ? ` (${m.staff_id})` : ''}`
                  : m.staff > 1
                    ? `${fmtNum(m.staff)} ×`
                    : m.staff_id,
                h('a', { href: `#/map?point=${encodeURIComponent(m.from)}` }, name(m.from)),
                h('a', { href: `#/map?point=${encodeURIComponent(m.to)}` }, name(m.to)),
                fmtNum(m.minutes, 0),
                m.reason,
              ]),
            }),
            plan.moves.length > limit
              ? h(
                  'p',
                  { class: 'actions' },
                  t('plan.moreRows', { shown: fmtNum(limit), total: fmtNum(plan.moves.length) }),
                  h(
                    'button',
                    { type: 'button', onclick: () => showMoves(plan.moves.length) },
                    t('plan.showAll'),
                  ),
                )
              : null,
          ]
        : empty(t('empty.noMoves')),
    );
  };
  showMoves(100);

  fill(
    body,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'plan-head', 'data-plan': plan.id },
      h('h2', { id: 'plan-head' }, `${t('week')} ${data.isoWeekLabel(plan.week || week)} · ${plan.id}`),
      decisionBox,
      refused,
      decided,
      decideStatus,
    ),
    kpis,
    simBox,
    h(
      'div',
      { class: 'grid-2' },
      section(
        t('plan.movesMap'),
        mapSvg,
        legend(utilEdges, t('map.legendUtil'), (v) => fmtPct(v, 0)),
      ),
      section(
        t('plan.util'),
        h('p', { class: 'help' }, t('plan.utilHelp')),
        changed.length ? utilBox : empty(t('none')),
      ),
    ),
    section(`${t('plan.moves')} (${fmtNum(plan.moves.length)})`, movesBody),
    plan.explanation.length
      ? section(
          t('plan.explain'),
          h(
            'ul',
            null,
            plan.explanation.map((e) => h('li', null, e)),
          ),
        )
      : null,
  );
  if (changed.length)
    charts.push(
      beforeAfterChart(
        utilCanvas,
        changed.map((u) => name(u.point)),
        changed.map((u) => u.before),
        changed.map((u) => u.after),
      ),
    );

  void renderSimulation(simBox, ctx, plan, abort.signal);
  return () => {
    abort.abort();
    for (const c of charts) c.destroy();
  };
}

/**
 * Expected waits and on-time rate of the plan: from a finished simulation of it when there is one; planners
 * can run one (a job).
 * @param {HTMLElement} box
 * @param {import('../app.js').Ctx} ctx
 * @param {data.Plan} plan
 * @param {AbortSignal} signal
 */
async function renderSimulation(box, ctx, plan, signal) {
  /** @param {any} result */
  const show = (result) => {
    const base = data.normaliseSimulation(result).base;
    const m = (/** @type {string} */ k) => data.figure(base, k)?.mean ?? null;
    fill(
      box,
      kpi(
        t('plan.kpi.wait'),
        `${fmtNum(m('wait_mean_min'), 1)} ${t('unit.minutes')}`,
        `p90: ${fmtNum(m('wait_p90_min'), 1)} ${t('unit.minutes')}`,
      ),
      kpi(t('metric.served_within_target'), fmtPct(m('within_target'), 1)),
      kpi(t('plan.kpi.ontime'), fmtPct(m('on_time_rate'), 2)),
      kpi(t('metric.backlog_end'), fmtNum(m('backlog'), 0)),
      kpi(t('metric.overdue'), fmtNum(m('overdue'), 0)),
    );
  };
  try {
    // A finished simulation of this plan without a scenario: asked by plan id, or by week (which simulates
    // the week's plan: its result names the plan).
    const jobs = (await api.getOptional('/jobs?queue=simulate&limit=200'))?.jobs ?? [];
    const candidates = jobs.filter(
      (/** @type {any} */ j) =>
        j.state === 'completed' &&
        !j.data?.scenario?.length &&
        (j.data?.planId === plan.id || (!j.data?.planId && j.data?.week === plan.week)),
    );
    for (const j of candidates.slice(0, 5)) {
      const run = await api.getOptional(`/simulations/${encodeURIComponent(j.id)}`);
      const simulated = run?.result?.plan_id ?? run?.input?.planId;
      if (run && (simulated === plan.id || (simulated === undefined && j.data?.planId === plan.id)))
        return show(run.result);
    }
    if (!ctx.can('plan')) return;
    const btn = h('button', { type: 'button', id: 'plan-simulate' }, t('plan.simulate'));
    const st = h('div', { role: 'status' });
    btn.addEventListener('click', async () => {
      btn.setAttribute('disabled', '');
      try {
        const out = await api.post('/simulations', { planId: plan.id });
        const job = await data.watchJob(
          out.job.id,
          (j) =>
            fill(
              st,
              progress(j.progress?.pct ?? 0, j.progress?.text || j.progress?.stage || t('sc.running')),
            ),
          { signal },
        );
        if (job.state === 'failed')
          throw new api.ApiError(422, job.error?.code ?? 'FAILED', job.error?.message ?? '');
        const run = await api.get(`/simulations/${encodeURIComponent(job.id)}`);
        show(run.result);
      } catch (err) {
        if (/** @type {Error} */ (err).name !== 'AbortError') fill(st, errorBox(err));
        btn.removeAttribute('disabled');
      }
    });
    fill(box, h('div', { class: 'actions' }, btn, st));
  } catch (err) {
    fill(box, errorBox(err));
  }
}
