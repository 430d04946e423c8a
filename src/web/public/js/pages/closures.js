// Ngày nghỉ cục bộ: local closures and events (an election day, repairs at one point) that the forecast,
// the plans and the simulations take into account. Everyone reads them; roles with the `data` permission
// (planners and up) add and remove them; the server's validation errors are shown next to their fields.

import * as api from '../api.js';
import * as data from '../data.js';
import { fmtDate, t } from '../i18n.js';
import {
  alertBox,
  confirmButton,
  empty,
  errorBox,
  field,
  fill,
  h,
  loading,
  notice,
  pageTitle,
  section,
  select,
  showFieldErrors,
  sortableTable,
} from '../ui.js';

/**
 * A day as typed: dd/mm/yyyy (as written in Vietnam) or yyyy-mm-dd becomes yyyy-mm-dd; anything else is sent
 * as typed, for the server to name what is wrong.
 * @param {string} text
 */
export function parseDay(text) {
  const s = text.trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : s;
}

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  const canEdit = ctx.can('data');
  const listBox = h('div', { id: 'cl-list' }, loading());
  const status = notice();
  const points = await data.points(ctx).catch(() => []);
  const byCode = new Map(points.map((p) => [p.code, p]));
  const name = (/** @type {string} */ code) => byCode.get(code)?.name ?? code;

  const dateInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'cl-date',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      placeholder: t('cl.datePlaceholder'),
      required: true,
    })
  );
  const pointSel = select(
    [
      { value: '', label: t('cl.allPoints') },
      ...[...points]
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
        .map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
    ],
    '',
    { id: 'cl-point' },
  );
  const nameInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'cl-name', type: 'text', maxlength: '200', required: true, autocomplete: 'off' })
  );
  const closedBox = /** @type {HTMLInputElement} */ (
    h('input', { id: 'cl-closed', type: 'checkbox', checked: true })
  );
  const submit = h('button', { type: 'submit', class: 'primary', id: 'cl-add' }, t('cl.add'));
  const controls = { date: dateInput, points: pointSel, name: nameInput, closed: closedBox };

  async function add() {
    submit.setAttribute('disabled', '');
    fill(status);
    showFieldErrors(controls);
    const body = {
      date: parseDay(dateInput.value),
      name: nameInput.value.trim(),
      closed: closedBox.checked,
      ...(pointSel.value ? { points: [pointSel.value] } : {}),
    };
    try {
      const res = await api.post('/calendar/closures', body);
      fill(
        status,
        alertBox('ok', t('cl.added', { name: res?.name ?? body.name, date: fmtDate(body.date) }), {
          'data-result': 'added',
        }),
      );
      nameInput.value = '';
      dateInput.value = '';
      ctx.cache.clear();
      await refresh();
    } catch (err) {
      const rest = showFieldErrors(controls, err);
      if (rest.length || !(err instanceof api.ApiError) || !err.details?.length) fill(status, errorBox(err));
      else fill(status, alertBox('error', t('cl.fixFields'), { 'data-result': 'invalid' }));
    } finally {
      submit.removeAttribute('disabled');
    }
  }

  /** @param {{ date: string, name: string }} c */
  async function remove(c) {
    try {
      await api.del(`/calendar/closures/${encodeURIComponent(c.date)}/${encodeURIComponent(c.name)}`);
      fill(
        status,
        alertBox('ok', t('cl.removed', { name: c.name, date: fmtDate(c.date) }), {
          'data-result': 'removed',
        }),
      );
      ctx.cache.clear();
    } catch (err) {
      fill(status, errorBox(err));
    }
    await refresh();
  }

  async function refresh() {
    try {
      /** @type {Array<{ date: string, name: string, closed: boolean, points?: string[] }>} */
      const list = (await api.get('/calendar/closures')).closures ?? [];
      const today = data.todayHanoi();
      fill(
        listBox,
        list.length
          ? sortableTable({
              className: 'tall closures',
              rows: list,
              sort: { col: 0, dir: 'desc' },
              columns: [
                {
                  label: t('date'),
                  cell: (c) => [
                    fmtDate(c.date, { weekday: true }),
                    c.date < today ? h('span', { class: 'sub' }, t('cl.past')) : null,
                  ],
                  sort: (c) => c.date,
                },
                { label: t('cl.name'), cell: (c) => c.name, sort: (c) => c.name },
                {
                  label: t('points'),
                  cell: (c) =>
                    c.points?.length
                      ? c.points.map((p, i) => [
                          i ? ', ' : '',
                          h('a', { href: `#/map?point=${encodeURIComponent(p)}` }, name(p)),
                        ])
                      : t('cl.allPoints'),
                  sort: (c) => (c.points?.length ? name(c.points[0] ?? '') : ''),
                },
                {
                  label: t('cl.kind'),
                  cell: (c) =>
                    h(
                      'span',
                      { class: `state ${c.closed ? 'state-failed' : 'state-waiting'}` },
                      c.closed ? t('cl.closed') : t('cl.event'),
                    ),
                  sort: (c) => (c.closed ? 0 : 1),
                },
                {
                  label: '',
                  cell: (c) =>
                    canEdit
                      ? confirmButton({
                          label: t('cl.remove'),
                          question: t('cl.removeQuestion', { name: c.name, date: fmtDate(c.date) }),
                          confirm: t('cl.removeConfirm'),
                          onConfirm: () => remove(c),
                          attrs: {
                            'data-remove': `${c.date}/${c.name}`,
                            'aria-label': t('cl.removeLabel', { name: c.name, date: fmtDate(c.date) }),
                          },
                        })
                      : '',
                },
              ],
              rowAttrs: (c) => ({ 'data-closure': `${c.date}/${c.name}` }),
            })
          : empty(t('cl.none')),
      );
    } catch (err) {
      fill(listBox, errorBox(err));
    }
  }

  const form = canEdit
    ? h(
        'form',
        {
          id: 'cl-form',
          novalidate: true,
          onsubmit: (/** @type {Event} */ e) => {
            e.preventDefault();
            void add();
          },
        },
        h(
          'div',
          { class: 'row' },
          field(t('date'), dateInput, t('cl.dateHint')),
          field(t('point'), pointSel),
          field(t('cl.name'), nameInput, t('cl.nameHint')),
          h(
            'div',
            { class: 'field' },
            h('span', null, ' '),
            h('label', { class: 'check' }, closedBox, ` ${t('cl.closedLabel')}`),
          ),
          h('div', { class: 'field' }, h('span', null, ' '), submit),
        ),
      )
    : alertBox('info', t('cl.readOnly', { role: t(`role.${ctx.me.role}`) }), { 'data-refused': 'role' });

  fill(
    main,
    pageTitle(t('cl.title'), t('cl.intro')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'cl-new' },
      h('h2', { id: 'cl-new' }, t('cl.new')),
      form,
      status,
    ),
    section(t('cl.list'), listBox),
  );
  await refresh();
}
