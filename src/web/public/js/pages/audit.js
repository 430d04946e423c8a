// Nhật ký thao tác (managers, admins): every write through the API — who (key and role), when, what, on
// what, and the outcome — newest first, filtered by key, action and days, a page at a time.

import * as api from '../api.js';
import { fmtTime, t } from '../i18n.js';
import {
  alertBox,
  empty,
  errorBox,
  field,
  fill,
  filterForm,
  h,
  loading,
  pageTitle,
  select,
  sortableTable,
} from '../ui.js';

const PAGE_SIZE = 50;

/** The writes the API audits, with the words a manager reads. */
const ACTIONS = {
  'POST /plans': 'audit.act.draftPlan',
  'POST /plans/:id/decision': 'audit.act.decide',
  'POST /scenarios': 'audit.act.saveScenario',
  'DELETE /scenarios/:id': 'audit.act.deleteScenario',
  'POST /simulations': 'audit.act.simulate',
  'POST /forecasts': 'audit.act.forecast',
  'POST /jobs/:id/retry': 'audit.act.retry',
  'POST /points': 'audit.act.importPoints',
  'POST /staff': 'audit.act.importStaff',
  'POST /volumes': 'audit.act.importVolumes',
  'POST /calendar/closures': 'audit.act.addClosure',
  'DELETE /calendar/closures/:date/:name': 'audit.act.removeClosure',
  'POST /keys': 'audit.act.createKey',
  'DELETE /keys/:id': 'audit.act.revokeKey',
};

/** @param {number} status */
function outcome(status) {
  if (status < 300) return { kind: 'ok', cls: 'state-completed' };
  if (status === 401 || status === 403) return { kind: 'refused', cls: 'state-failed' };
  if (status < 500) return { kind: 'invalid', cls: 'state-waiting' };
  return { kind: 'failed', cls: 'state-failed' };
}

/** @param {unknown} d */
function detailsText(d) {
  if (!d || typeof d !== 'object' || !Object.keys(d).length) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** @type {import('../app.js').Render} */
export async function render(main, ctx, params) {
  const q = {
    key: params.get('key') ?? '',
    action: params.get('action') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    before: params.get('before') ?? '',
    trail: params.get('trail') ?? '',
  };
  /** @param {Partial<typeof q>} next */
  const go = (next) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...q, ...next })) if (v) p.set(k, v);
    const query = p.toString();
    ctx.navigate(`#/audit${query ? `?${query}` : ''}`);
  };

  if (!ctx.can('audit')) {
    const refused = h('div', { 'data-refused': 'audit' }, loading());
    fill(main, pageTitle(t('audit.title')), refused);
    try {
      await api.get('/audit?limit=1');
      fill(refused, alertBox('warn', t('audit.onlyManager')));
    } catch (err) {
      fill(refused, alertBox('warn', t('audit.onlyManager')), errorBox(err));
    }
    return;
  }

  const keyInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'audit-key', type: 'text', value: q.key, autocomplete: 'off', maxlength: '100' })
  );
  const actionSel = select(
    [{ value: '', label: t('all') }, ...Object.entries(ACTIONS).map(([a, k]) => ({ value: a, label: t(k) }))],
    q.action,
    { id: 'audit-action' },
  );
  const fromInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'audit-from', type: 'date', value: q.from })
  );
  const toInput = /** @type {HTMLInputElement} */ (h('input', { id: 'audit-to', type: 'date', value: q.to }));
  const filters = filterForm(
    [
      field(t('audit.key'), keyInput, t('audit.keyHint')),
      field(t('audit.action'), actionSel),
      field(t('audit.from'), fromInput),
      field(t('audit.to'), toInput),
    ],
    () =>
      go({
        key: keyInput.value.trim(),
        action: actionSel.value,
        from: fromInput.value,
        to: toInput.value,
        before: '',
        trail: '',
      }),
    { id: 'audit-filters', 'aria-label': t('audit.filters') },
  );
  const listBox = h('div', { id: 'audit-list' }, loading());
  fill(
    main,
    pageTitle(t('audit.title'), t('audit.intro')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-h' },
      h('h2', { id: 'audit-h', class: 'sr-only' }, t('audit.filters')),
      filters,
      listBox,
    ),
  );

  const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (q.key) qs.set('keyId', q.key);
  if (q.action) qs.set('action', q.action);
  if (q.from) qs.set('from', q.from);
  if (q.to) qs.set('to', q.to);
  if (q.before) qs.set('before', q.before);
  /** @type {Array<{ id: number, at: string, key_id: string, key_name?: string | null, role: string, action: string, target: string, status: number, request_id: string, details: unknown }>} */
  let entries;
  try {
    entries = (await api.get(`/audit?${qs}`)).entries ?? [];
  } catch (err) {
    fill(listBox, errorBox(err));
    return;
  }

  const trail = q.trail ? q.trail.split(',') : [];
  const pager = h(
    'div',
    { class: 'actions', role: 'navigation', 'aria-label': t('audit.pages') },
    h(
      'button',
      {
        type: 'button',
        id: 'audit-newest',
        disabled: !q.before,
        onclick: () => go({ before: '', trail: '' }),
      },
      t('audit.newest'),
    ),
    h(
      'button',
      {
        type: 'button',
        id: 'audit-newer',
        disabled: !q.before,
        onclick: () => {
          const prev = trail.slice(0, -1);
          const last = trail[trail.length - 1] ?? '';
          go({ before: last === '0' ? '' : last, trail: prev.join(',') });
        },
      },
      t('audit.newer'),
    ),
    h(
      'button',
      {
        type: 'button',
        id: 'audit-older',
        disabled: entries.length < PAGE_SIZE,
        onclick: () =>
          go({
            before: String(entries[entries.length - 1]?.id ?? ''),
            trail: [...trail, q.before || '0'].join(','),
          }),
      },
      t('audit.older'),
    ),
    h('span', { class: 'hint' }, t('audit.pageInfo', { n: String(entries.length) })),
  );

  fill(
    listBox,
    entries.length
      ? [
          sortableTable({
            className: 'tall audit',
            rows: entries,
            columns: [
              { label: t('audit.col.at'), cell: (e) => fmtTime(e.at), sort: (e) => e.id },
              {
                label: t('audit.col.who'),
                cell: (e) => [
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'linkish',
                      title: t('audit.onlyThisKey'),
                      onclick: () => go({ key: e.key_id, before: '', trail: '' }),
                    },
                    e.key_name || e.key_id,
                  ),
                  h('span', { class: 'sub' }, `${t(`role.${e.role}`)} · ${e.key_id}`),
                ],
                sort: (e) => e.key_name || e.key_id,
              },
              {
                label: t('audit.col.action'),
                cell: (e) => [
                  /** @type {Record<string, string>} */ (ACTIONS)[e.action]
                    ? t(/** @type {Record<string, string>} */ (ACTIONS)[e.action] ?? '')
                    : e.action,
                  h('span', { class: 'sub' }, h('code', null, e.action)),
                ],
                sort: (e) => e.action,
              },
              { label: t('audit.col.target'), cell: (e) => e.target, sort: (e) => e.target },
              {
                label: t('audit.col.outcome'),
                cell: (e) => {
                  const o = outcome(e.status);
                  return h(
                    'span',
                    { class: `state ${o.cls}`, 'data-outcome': o.kind },
                    `${t(`audit.outcome.${o.kind}`)} (${e.status})`,
                  );
                },
                sort: (e) => e.status,
              },
              { label: t('details'), cell: (e) => h('small', null, detailsText(e.details)) },
            ],
            rowAttrs: (e) => ({ 'data-action': e.action, 'data-target': e.target }),
          }),
          pager,
        ]
      : [empty(t('audit.none')), q.before ? pager : null],
  );
}
