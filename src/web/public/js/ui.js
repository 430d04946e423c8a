// Small DOM helpers. Text always goes in through textContent (never innerHTML), so data cannot inject markup.

import { ApiError } from './api.js';
import { t } from './i18n.js';

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, unknown>} Attrs
 */

/**
 * Creates an element: `h('button', { class: 'primary', onclick: fn }, 'Text')`.
 * Attributes starting with `on` become listeners; `class`, `for`, `aria-*`, `data-*` and the rest become attributes;
 * `false`/`null`/`undefined` attributes are left out.
 * @param {string} tag
 * @param {Attrs | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    } else if (k === 'value' && 'value' in el) {
      /** @type {HTMLInputElement} */ (el).value = String(v);
    } else if (k === 'checked' || k === 'selected' || k === 'disabled') {
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[k] = Boolean(v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Array<Child | Child[]>} children
 */
function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * An SVG element with attributes.
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function')
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

let uid = 0;
/** @param {string} prefix */
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * A labelled form control: `<label for=id>text</label>` + control, wrapped in a div.field.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  if (!control.id) control.id = nextId('f');
  const hintEl = hint ? h('small', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/**
 * A <select> of options.
 * @param {Array<{ value: string, label: string }>} options
 * @param {string} [value]
 * @param {Attrs} [attrs]
 * @returns {HTMLSelectElement}
 */
export function select(options, value, attrs = {}) {
  const el = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      attrs,
      options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
    )
  );
  if (value !== undefined) el.value = value;
  return el;
}

/**
 * A table with a caption, header and rows; numeric columns are right-aligned.
 * @param {{ caption?: string, columns: Array<{ label: string, num?: boolean }>, rows: Child[][], className?: string }} spec
 */
export function table(spec) {
  return h(
    'div',
    { class: `table-wrap ${spec.className ?? ''}` },
    h(
      'table',
      null,
      spec.caption ? h('caption', null, spec.caption) : null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          spec.columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)),
        ),
      ),
      h(
        'tbody',
        null,
        spec.rows.map((r) =>
          h(
            'tr',
            null,
            r.map((cell, i) => h('td', { class: spec.columns[i]?.num ? 'num' : null }, cell)),
          ),
        ),
      ),
    ),
  );
}

/**
 * A calm message for a section with no data yet.
 * @param {string} text
 */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** @param {string} text */
export function loading(text = t('loading')) {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/**
 * A readable message for an API error (forbidden, unavailable, validation…).
 * @param {unknown} err
 */
export function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('err.network');
    if (err.status === 403) return `${t('err.forbidden')} (${err.message})`;
    if (err.status === 501) return t('err.notAvailable');
    return `${err.code}: ${err.message}`;
  }
  return t('err.generic', { message: String(/** @type {Error} */ (err)?.message ?? err) });
}

/**
 * An empty state when the server does not offer this yet (HTTP 501: the use case is not deployed), else an
 * alert box for the error.
 * @param {unknown} err
 */
export function emptyOrError(err) {
  if (err instanceof ApiError && err.status === 501)
    return h('p', { class: 'empty', 'data-empty': 'unavailable' }, t('err.notAvailable'));
  return errorBox(err);
}

/**
 * An alert box for an error.
 * @param {unknown} err
 */
export function errorBox(err) {
  return h('div', { class: 'alert error', role: 'alert' }, errorText(err));
}

/**
 * A progress bar with a visible label.
 * @param {number} pct 0..100
 * @param {string} [label]
 */
export function progress(pct, label) {
  const v = Math.max(0, Math.min(100, Math.round(pct)));
  return h(
    'div',
    { class: 'progress' },
    h('progress', { max: 100, value: v, 'aria-label': label ?? `${v}%` }),
    h('span', { class: 'progress-label' }, `${v}%${label ? ` · ${label}` : ''}`),
  );
}

/** A live region for short notices (screen readers announce them). */
export function notice() {
  return h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
}

/**
 * A KPI card.
 * @param {string} label
 * @param {Child} value
 * @param {Child} [sub]
 */
export function kpi(label, value, sub) {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    sub ? h('div', { class: 'kpi-sub' }, sub) : null,
  );
}

/**
 * A titled section (card).
 * @param {string} title
 * @param {...(Child | Child[])} children
 */
export function section(title, ...children) {
  const id = nextId('sec');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** @param {HTMLElement} el */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/**
 * Replaces an element's content.
 * @param {HTMLElement} el
 * @param {...(Child | Child[])} children
 */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/**
 * A page's heading (focusable: the router moves focus there) and its one-line introduction.
 * @param {string} title
 * @param {string} [intro]
 */
export function pageTitle(title, intro) {
  return [h('h1', { tabindex: '-1' }, title), intro ? h('p', { class: 'help' }, intro) : null];
}

/**
 * A message box: `ok`, `info`, `warn` or `error` (errors are announced at once).
 * @param {'ok' | 'info' | 'warn' | 'error'} kind
 * @param {Child | Child[]} content
 * @param {Attrs} [attrs]
 */
export function alertBox(kind, content, attrs = {}) {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : null, ...attrs }, content);
}

/**
 * A table whose column headers sort it (click or Enter/Space on the header's button; again to reverse).
 * Columns give a `cell` to draw and, when sortable, a `sort` key (number or string; null sorts last).
 * @template T
 * @param {{ caption?: string, className?: string, rows: T[], sort?: { col: number, dir: 'asc' | 'desc' },
 *   columns: Array<{ label: string, num?: boolean, cell: (row: T) => Child | Child[], sort?: (row: T) => number | string | null }>,
 *   rowAttrs?: (row: T) => Attrs, onSort?: (sort: { col: number, dir: 'asc' | 'desc' }) => void }} spec
 *   `onSort` hears each new order (to keep it when the table is drawn again, e.g. after filtering).
 */
export function sortableTable(spec) {
  let state = spec.sort ?? null;
  const wrap = h('div', { class: `table-wrap ${spec.className ?? ''}` });
  const collator = new Intl.Collator(document.documentElement.lang || 'vi', { numeric: true });
  const draw = () => {
    const rows = [...spec.rows];
    const col = state ? spec.columns[state.col] : undefined;
    if (state && col?.sort) {
      const key = col.sort;
      const sign = state.dir === 'asc' ? 1 : -1;
      rows.sort((a, b) => {
        const va = key(a);
        const vb = key(b);
        if (va === null || va === undefined) return vb === null || vb === undefined ? 0 : 1;
        if (vb === null || vb === undefined) return -1;
        return (
          sign *
          (typeof va === 'number' && typeof vb === 'number'
            ? va - vb
            : collator.compare(String(va), String(vb)))
        );
      });
    }
    const head = spec.columns.map((c, i) => {
      const active = state?.col === i;
      const aria = active ? (state?.dir === 'asc' ? 'ascending' : 'descending') : null;
      return h(
        'th',
        { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': c.sort ? (aria ?? 'none') : null },
        c.sort
          ? h(
              'button',
              {
                type: 'button',
                class: 'sort',
                'data-col': i,
                onclick: () => {
                  state = { col: i, dir: active && state?.dir === 'asc' ? 'desc' : 'asc' };
                  spec.onSort?.(state);
                  draw();
                  /** @type {HTMLElement | null} */ (
                    wrap.querySelector(`button.sort[data-col="${i}"]`)
                  )?.focus();
                },
              },
              c.label,
              h(
                'span',
                { class: 'sort-mark', 'aria-hidden': 'true' },
                active ? (state?.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕',
              ),
            )
          : c.label,
      );
    });
    fill(
      wrap,
      h(
        'table',
        null,
        spec.caption ? h('caption', null, spec.caption) : null,
        h('thead', null, h('tr', null, head)),
        h(
          'tbody',
          null,
          rows.map((r) =>
            h(
              'tr',
              spec.rowAttrs ? spec.rowAttrs(r) : null,
              spec.columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.cell(r))),
            ),
          ),
        ),
      ),
    );
  };
  draw();
  return wrap;
}

/**
 * A button that asks again before it acts: the first press shows "confirm / cancel" in its place (keyboard
 * focus moves to the confirm button); `onConfirm` runs on the second.
 * @param {{ label: string, question: string, confirm: string, onConfirm: () => Promise<void> | void, attrs?: Attrs }} spec
 */
export function confirmButton(spec) {
  const box = h('span', { class: 'confirm' });
  const ask = () => {
    const yes = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        'data-confirm': 'yes',
        onclick: async () => {
          yes.setAttribute('disabled', '');
          await spec.onConfirm();
        },
      },
      spec.confirm,
    );
    fill(
      box,
      h('span', { class: 'confirm-q', role: 'status' }, spec.question),
      yes,
      h('button', { type: 'button', 'data-confirm': 'no', onclick: () => idle(true) }, t('cancel')),
    );
    yes.focus();
  };
  /** @param {boolean} [focus] */
  const idle = (focus) => {
    const btn = h('button', { type: 'button', class: 'danger', ...spec.attrs, onclick: ask }, spec.label);
    fill(box, btn);
    if (focus) btn.focus();
  };
  idle();
  return box;
}

/**
 * Shows the server's validation errors next to their controls (`details[].field` such as `body/date`), marks
 * the controls invalid, and answers the details that belong to no control (to show in a general message).
 * Called with no error, it clears what an earlier call showed.
 * @param {Record<string, HTMLElement>} controls by field name (`date` matches `body/date`)
 * @param {unknown} [err]
 * @returns {Array<{ field?: string, value?: unknown, reason: string }>}
 */
export function showFieldErrors(controls, err) {
  for (const c of Object.values(controls)) {
    c.removeAttribute('aria-invalid');
    const old = document.getElementById(`${c.id}-error`);
    if (old) {
      old.remove();
      const described = (c.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter((x) => x && x !== old.id);
      if (described.length) c.setAttribute('aria-describedby', described.join(' '));
      else c.removeAttribute('aria-describedby');
    }
  }
  const details = err instanceof ApiError ? (err.details ?? []) : [];
  /** @type {Array<{ field?: string, value?: unknown, reason: string }>} */
  const rest = [];
  /** @type {Map<HTMLElement, string[]>} */
  const byControl = new Map();
  for (const d of details) {
    const name =
      String(d.field ?? '')
        .split('/')
        .pop() ?? '';
    const c = controls[name];
    if (c)
      byControl.set(c, [
        ...(byControl.get(c) ?? []),
        d.value !== undefined ? `${d.reason} (${String(d.value)})` : d.reason,
      ]);
    else rest.push(d);
  }
  let first = /** @type {HTMLElement | null} */ (null);
  for (const [c, reasons] of byControl) {
    if (!c.id) c.id = nextId('f');
    const msg = h(
      'small',
      { class: 'field-error', id: `${c.id}-error`, 'data-error-for': c.id },
      reasons.join('; '),
    );
    c.setAttribute('aria-invalid', 'true');
    c.setAttribute(
      'aria-describedby',
      [c.getAttribute('aria-describedby'), msg.id].filter(Boolean).join(' '),
    );
    c.insertAdjacentElement('afterend', msg);
    first ??= c;
  }
  first?.focus();
  return rest;
}

/**
 * A row of labelled filter controls with an "apply" button (a form: Enter in any control applies).
 * @param {HTMLElement[]} fields from `field()`
 * @param {() => void} onApply
 * @param {Attrs} [attrs]
 */
export function filterForm(fields, onApply, attrs = {}) {
  return h(
    'form',
    {
      class: 'filters',
      ...attrs,
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        onApply();
      },
    },
    fields,
    h('div', { class: 'field' }, h('span', null, ' '), h('button', { type: 'submit' }, t('filter.apply'))),
  );
}
