// Dữ liệu: upload a CSV (or, for the dossier register, queue tickets and attendance, an Excel .xlsx workbook); the server
// checks every row first and imports nothing unless the file is clean; row-level errors (CSV line, or Excel sheet
// and row) are shown in a table, and the warnings of an accepted register below the result.

import * as api from '../api.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, t } from '../i18n.js';
import { errorBox, field, fill, h, kpi, notice, section, select, table } from '../ui.js';

const FORMATS = {
  volumes: 'date,point,channel,field,received[,resolved,on_time,overdue]',
  points: 'code,name,type,branch,lat,lon,population,area_km2,counters,min_staff,weekday_hours,saturday_hours',
  staff: 'id,name,home_point,fields,fte,role[,active]  (fields: land;civil_status;…)',
  dossiers:
    'Mã hồ sơ, Mã thủ tục, Lĩnh vực, Nơi tiếp nhận, Cơ quan giải quyết, Hình thức nộp, Mức độ, Ngày tiếp nhận, Ngày hẹn trả, Ngày có kết quả, Ngày trả kết quả, Đã số hóa, Kết quả điện tử  (.csv / .xlsx)',
  tickets:
    'Điểm phục vụ, Số phiếu, Quầy, Lĩnh vực, Thời gian lấy số, Thời gian gọi, Thời gian kết thúc, Bỏ về  (.csv / .xlsx)',
  attendance: 'Ngày, Mã cán bộ, Điểm, Số giờ, Có mặt (Có mặt / Vắng / Nghỉ phép…)  (.csv / .xlsx)',
};
/** Kinds that may come as an Excel workbook, with a sheet and a mapping of models/import/ (POST /attendance too). */
const REGISTER = new Set(['dossiers', 'tickets', 'attendance']);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Where a bad row is: its CSV line, or its Excel sheet and row.
 * @param {{ line?: number, sheet?: string, row?: number }} d
 */
function place(d) {
  if (d.line != null) return fmtNum(d.line);
  if (d.sheet != null && d.row != null) return t('data.sheetRow', { sheet: d.sheet, row: fmtNum(d.row) });
  return '';
}

/**
 * A table of row details (errors or warnings).
 * @param {string} className
 * @param {Array<{ line?: number, sheet?: string, row?: number, field?: string, value?: unknown, reason: string }>} details
 */
function detailTable(className, details) {
  return table({
    className,
    columns: [
      { label: t('data.col.line'), num: true },
      { label: t('data.col.field') },
      { label: t('data.col.value') },
      { label: t('data.col.reason') },
    ],
    rows: details
      .slice(0, MAX_ROWS_SHOWN)
      .map((d) => [place(d), d.field ?? '', d.value === undefined ? '' : String(d.value), d.reason]),
  });
}
const MAX_ROWS_SHOWN = 500;

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  const kindSel = select(
    Object.keys(FORMATS).map((k) => ({ value: k, label: t(`data.kind.${k}`) })),
    'volumes',
    { id: 'data-kind' },
  );
  const formatHint = h('code', { id: 'data-format' }, FORMATS.volumes);
  const fileInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'data-file', type: 'file', accept: '.csv,text/csv', required: true })
  );
  const sheetInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'data-sheet', type: 'text', maxlength: '100', placeholder: t('data.sheetHint') })
  );
  const sheetField = field(t('data.sheet'), sheetInput);
  const canUpload = ctx.can('data');
  // The mappings of models/import/ (another system's export read without code): GET /import/mappings.
  /** @type {Array<{ name: string, kind: string, description?: string }>} */
  let mappings = [];
  if (canUpload)
    mappings = await api
      .get('/import/mappings')
      .then((r) => r?.mappings ?? [])
      .catch(() => []);
  const mappingSel = select([], '', { id: 'data-mapping' });
  const mappingField = field(t('data.mapping'), mappingSel);
  const onKind = () => {
    formatHint.textContent = FORMATS[/** @type {keyof typeof FORMATS} */ (kindSel.value)];
    const register = REGISTER.has(kindSel.value);
    fileInput.accept = register ? `.csv,.xlsx,text/csv,${XLSX_TYPE}` : '.csv,text/csv';
    sheetField.hidden = !register;
    // The default mapping is what an upload without `mapping` uses: offered once, as the default choice.
    const own = mappings.filter(
      (m) => m.kind === kindSel.value && m.name !== `${kindSel.value}-default.json`,
    );
    fill(
      mappingSel,
      h(
        'option',
        { value: '' },
        t(kindSel.value === 'attendance' ? 'data.mappingDefaultAttendance' : 'data.mappingDefault'),
      ),
      ...own.map((m) => h('option', { value: m.name, title: m.description ?? '' }, m.name)),
    );
    mappingSel.value = '';
    mappingField.hidden = !register;
  };
  kindSel.addEventListener('change', onKind);
  onKind();
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
      sheetField,
      mappingField,
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
      const register = REGISTER.has(kindSel.value);
      const xlsx = register && /\.xlsx$/i.test(file.name);
      const sheet = register ? sheetInput.value.trim() : '';
      const mapping = register ? mappingSel.value : '';
      const query = new URLSearchParams();
      if (sheet) query.set('sheet', sheet);
      if (mapping) query.set('mapping', mapping);
      const path = `/${kindSel.value}${query.size ? `?${query}` : ''}`;
      const res = await api.postRaw(path, file, xlsx ? XLSX_TYPE : 'text/csv');
      const warnings = Array.isArray(res?.warnings) ? res.warnings : [];
      fill(
        status,
        h(
          'div',
          { class: 'alert ok', 'data-result': 'imported' },
          t('data.ok', { rows: fmtNum(res?.rows ?? 0) }),
          res?.warnings_total
            ? h('span', null, ' ', t('data.warnings', { n: fmtNum(res.warnings_total) }))
            : null,
        ),
      );
      if (warnings.length)
        fill(errors, section(t('data.warningsTitle'), detailTable('tall row-warnings', warnings)));
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
            detailTable('tall row-errors', details),
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
