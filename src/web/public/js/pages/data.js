// Dữ liệu: upload a CSV; the server checks every row first and imports nothing unless the file is clean;
// row-level errors are shown in a table.

import * as api from '../api.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, t } from '../i18n.js';
import { errorBox, field, fill, h, kpi, notice, section, select, table } from '../ui.js';

const FORMATS = {
  volumes: 'date,point,channel,field,received[,resolved,on_time,overdue]',
  points: 'code,name,type,branch,lat,lon,population,area_km2,counters,min_staff,weekday_hours,saturday_hours',
  staff: 'id,name,home_point,fields,fte,role[,active]  (fields: land;civil_status;…)',
};
const MAX_ROWS_SHOWN = 500;

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  const kindSel = select(
    Object.keys(FORMATS).map((k) => ({ value: k, label: t(`data.kind.${k}`) })),
    'volumes',
    { id: 'data-kind' },
  );
  const formatHint = h('code', { id: 'data-format' }, FORMATS.volumes);
  kindSel.addEventListener('change', () => {
    formatHint.textContent = FORMATS[/** @type {keyof typeof FORMATS} */ (kindSel.value)];
  });
  const fileInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'data-file', type: 'file', accept: '.csv,text/csv', required: true })
  );
  const canUpload = ctx.can('data');
  const submit = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'submit', class: 'primary', id: 'data-upload', disabled: !canUpload },
      t('data.upload'),
    )
  );
  const status = notice();
  const errors = h('div', { id: 'data-errors' });
  const summary = h('div', { class: 'kpis' });

  const form = h(
    'form',
    {
      id: 'data-form',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        void upload();
      },
    },
    h(
      'div',
      { class: 'row' },
      field(t('data.kind'), kindSel),
      field(t('data.file'), fileInput),
      h('div', { class: 'field' }, h('span', null, ' '), submit),
    ),
    h('p', { class: 'hint' }, `${t('data.formats')}: `, formatHint),
    canUpload ? null : h('p', { class: 'alert warn' }, t('data.needRole')),
  );

  async function upload() {
    const file = fileInput.files?.[0];
    if (!file) return;
    submit.disabled = true;
    fill(status, h('p', { class: 'loading' }, t('data.uploading')));
    fill(errors);
    try {
      const res = await api.postRaw(`/${kindSel.value}`, file, 'text/csv');
      fill(
        status,
        h(
          'div',
          { class: 'alert ok', 'data-result': 'imported' },
          t('data.ok', { rows: fmtNum(res?.rows ?? 0) }),
        ),
      );
      ctx.cache.clear();
      void showSummary();
    } catch (err) {
      const details = err instanceof api.ApiError ? (err.details ?? []) : [];
      if (err instanceof api.ApiError && details.length) {
        fill(
          status,
          h(
            'div',
            { class: 'alert error', role: 'alert', 'data-result': 'rejected' },
            t('data.bad', { n: fmtNum(details.length) }),
            h('br'),
            h('small', null, err.message),
          ),
        );
        fill(
          errors,
          section(
            t('error'),
            table({
              className: 'tall row-errors',
              columns: [
                { label: t('data.col.line'), num: true },
                { label: t('data.col.field') },
                { label: t('data.col.value') },
                { label: t('data.col.reason') },
              ],
              rows: details
                .slice(0, MAX_ROWS_SHOWN)
                .map((d) => [
                  d.line != null ? fmtNum(d.line) : '',
                  d.field ?? '',
                  d.value === undefined ? '' : String(d.value),
                  d.reason,
                ]),
            }),
            details.length > MAX_ROWS_SHOWN
              ? h(
                  'p',
                  { class: 'hint' },
                  t('plan.moreRows', { shown: fmtNum(MAX_ROWS_SHOWN), total: fmtNum(details.length) }),
                )
              : null,
          ),
        );
      } else {
        fill(status, errorBox(err));
      }
    } finally {
      submit.disabled = !canUpload;
    }
  }

  async function showSummary() {
    try {
      const [points, staff, last] = await Promise.all([
        data.points(ctx),
        data.activeStaff(ctx),
        data.lastActualDate(ctx),
      ]);
      fill(
        summary,
        kpi(t('data.kind.points'), fmtNum(points.length)),
        kpi(t('data.kind.staff'), fmtNum(staff.length)),
        kpi(t('data.lastDay'), last ? fmtDate(last) : '–'),
      );
    } catch (err) {
      fill(summary, errorBox(err));
    }
  }

  fill(
    main,
    h('h1', { tabindex: '-1' }, t('data.title')),
    h('p', { class: 'help' }, t('data.intro')),
    h('section', { class: 'card', 'aria-label': t('data.upload') }, form, status),
    errors,
    section(t('data.summary'), summary),
  );
  await showSummary();
}
