// Tác vụ: nightly forecasts, plan runs, simulations and imports with status, progress and errors;
// schedulers trigger forecasts, planners draft plans.

import * as api from '../api.js';
import * as data from '../data.js';
import { fmtDate, fmtTime, t } from '../i18n.js';
import {
  empty,
  errorBox,
  errorText,
  field,
  fill,
  h,
  notice,
  progress,
  section,
  select,
  table,
} from '../ui.js';

const RUNNING = new Set(['waiting', 'active', 'delayed', 'waiting-children', 'prioritized']);

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  let timer = 0;
  let stopped = false;
  const listBody = h('div', { id: 'jobs-list' });
  const schedBody = h('div');
  const status = notice();
  const queueSel = select(
    [
      { value: '', label: t('all') },
      ...['forecast', 'plan', 'simulate', 'import'].map((q) => ({ value: q, label: t(`queue.${q}`) })),
    ],
    '',
    { id: 'jobs-queue' },
  );
  queueSel.addEventListener('change', () => void refresh());

  // Trigger forms.
  const today = data.todayHanoi();
  const asOf = /** @type {HTMLInputElement} */ (
    h('input', { type: 'date', id: 'jobs-asof', value: data.addDays(today, -1), required: true })
  );
  const horizon = /** @type {HTMLInputElement} */ (
    h('input', { type: 'number', id: 'jobs-horizon', min: '1', max: '366', value: '14' })
  );
  const thisWeek = data.mondayOf(today);
  const weekSel = select(
    [0, 1, 2].map((i) => {
      const w = data.addDays(thisWeek, 7 * i);
      return { value: w, label: `${data.isoWeekLabel(w)} (${fmtDate(w, { short: true })})` };
    }),
    data.addDays(thisWeek, 7),
    { id: 'jobs-week' },
  );
  /**
   * @param {string} path
   * @param {unknown} body
   */
  const trigger = async (path, body) => {
    try {
      const out = await api.post(path, body);
      fill(
        status,
        h(
          'div',
          { class: `alert ${out.created ? 'ok' : 'info'}` },
          out.created ? t('jobs.created', { id: out.job.id }) : t('jobs.existing', { id: out.job.id }),
        ),
      );
      await refresh();
    } catch (err) {
      fill(status, errorBox(err));
    }
  };
  const canSchedule = ctx.can('schedule');
  const canPlan = ctx.can('plan');
  const triggers = h(
    'div',
    { class: 'grid' },
    h(
      'form',
      {
        class: 'card',
        'aria-label': t('jobs.triggerForecast'),
        onsubmit: (/** @type {Event} */ e) => {
          e.preventDefault();
          void trigger('/forecasts', { asOf: asOf.value, horizon: Number(horizon.value) });
        },
      },
      h('h2', null, t('jobs.triggerForecast')),
      h('div', { class: 'row' }, field(t('jobs.asOf'), asOf), field(t('jobs.horizon'), horizon)),
      h(
        'p',
        { class: 'actions' },
        h(
          'button',
          { type: 'submit', class: 'primary', id: 'jobs-run-forecast', disabled: !canSchedule },
          t('jobs.triggerForecast'),
        ),
      ),
      canSchedule ? null : h('p', { class: 'hint' }, t('jobs.onlyScheduler')),
    ),
    h(
      'form',
      {
        class: 'card',
        'aria-label': t('jobs.triggerPlan'),
        onsubmit: (/** @type {Event} */ e) => {
          e.preventDefault();
          void trigger('/plans', { week: weekSel.value });
        },
      },
      h('h2', null, t('jobs.triggerPlan')),
      h('div', { class: 'row' }, field(t('jobs.week'), weekSel)),
      h(
        'p',
        { class: 'actions' },
        h(
          'button',
          { type: 'submit', class: 'primary', id: 'jobs-run-plan', disabled: !canPlan },
          t('jobs.triggerPlan'),
        ),
      ),
      canPlan ? null : h('p', { class: 'hint' }, t('jobs.onlyPlanner')),
    ),
    section(t('jobs.schedules'), schedBody),
  );

  fill(
    main,
    h('h1', { tabindex: '-1' }, t('jobs.title')),
    h('p', { class: 'help' }, t('jobs.intro')),
    triggers,
    status,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'jobs-h' },
      h('h2', { id: 'jobs-h' }, t('jobs.title')),
      h(
        'div',
        { class: 'filters' },
        h('div', { class: 'field' }, h('label', { for: 'jobs-queue' }, t('jobs.col.queue')), queueSel),
        h(
          'div',
          { class: 'field' },
          h('span', null, ' '),
          h(
            'button',
            { type: 'button', id: 'jobs-refresh', onclick: () => void refresh() },
            t('jobs.refresh'),
          ),
        ),
      ),
      listBody,
    ),
  );

  async function refresh() {
    clearTimeout(timer);
    try {
      const q = queueSel.value ? `&queue=${queueSel.value}` : '';
      const body = await api.get(`/jobs?limit=100${q}`);
      if (stopped) return;
      /** @type {data.Job[]} */
      const jobs = body.jobs ?? [];
      fill(
        listBody,
        jobs.length
          ? table({
              className: 'jobs',
              columns: [
                { label: t('jobs.col.id') },
                { label: t('jobs.col.queue') },
                { label: t('jobs.col.state') },
                { label: t('jobs.col.progress') },
                { label: t('jobs.col.attempts'), num: true },
                { label: t('jobs.col.created') },
                { label: t('jobs.col.error') },
                { label: '' },
              ],
              rows: jobs.map((j) => [
                h('code', null, j.id),
                `${t(`queue.${j.queue}`)} · ${j.name}`,
                h('span', { class: `state state-${j.state}` }, t(`state.${j.state}`)),
                progress(
                  j.progress?.pct ?? (j.state === 'completed' ? 100 : 0),
                  j.progress?.text || j.progress?.stage,
                ),
                `${j.attempts}/${j.maxAttempts}`,
                fmtTime(j.createdAt),
                j.error ? h('span', { class: 'up' }, `${j.error.code}: ${j.error.message}`) : '',
                j.state === 'failed' && canSchedule
                  ? h('button', { type: 'button', onclick: () => void retry(j.id) }, t('jobs.retry'))
                  : '',
              ]),
            })
          : empty(t('empty.noJobs')),
      );
      if (jobs.some((j) => RUNNING.has(j.state))) timer = window.setTimeout(() => void refresh(), 1500);
    } catch (err) {
      if (!stopped) fill(listBody, errorBox(err));
    }
  }

  /** @param {string} id */
  async function retry(id) {
    try {
      await api.post(`/jobs/${encodeURIComponent(id)}/retry`);
      await refresh();
    } catch (err) {
      fill(status, h('div', { class: 'alert error', role: 'alert' }, errorText(err)));
    }
  }

  await refresh();
  try {
    const s = (await api.getOptional('/jobs/schedules'))?.schedules ?? [];
    fill(
      schedBody,
      s.length
        ? h(
            'ul',
            null,
            s.map((/** @type {any} */ x) =>
              h(
                'li',
                null,
                `${t(`queue.${x.queue}`)} · ${x.name}: `,
                h('code', null, x.cron),
                ` (${x.tz})${x.next ? ` → ${fmtTime(x.next)}` : ''}`,
              ),
            ),
          )
        : empty(t('none')),
    );
  } catch (err) {
    fill(schedBody, errorBox(err));
  }
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
