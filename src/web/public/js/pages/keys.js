// Khóa API (admin): the keys with their role and dates (never the keys themselves), a new key shown once
// with a copy button, and revoking a key after a confirmation.

import * as api from '../api.js';
import { fmtTime, t } from '../i18n.js';
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

const ROLES = ['viewer', 'planner', 'manager', 'scheduler', 'admin'];

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  if (!ctx.can('admin')) {
    // Reached by its address: say who may use it, and show the server's answer too.
    const refused = h('div', { 'data-refused': 'keys' }, loading());
    fill(main, pageTitle(t('keys.title')), refused);
    try {
      await api.get('/keys');
      fill(refused, alertBox('warn', t('keys.onlyAdmin')));
    } catch (err) {
      fill(refused, alertBox('warn', t('keys.onlyAdmin')), errorBox(err));
    }
    return;
  }

  const listBox = h('div', { id: 'keys-list' }, loading());
  const status = notice();
  const secretBox = h('div', { id: 'keys-secret' });
  const nameInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'keys-name', type: 'text', maxlength: '100', required: true, autocomplete: 'off' })
  );
  const roleSel = select(
    ROLES.map((r) => ({ value: r, label: t(`role.${r}`) })),
    'viewer',
    { id: 'keys-role' },
  );
  const submit = h('button', { type: 'submit', class: 'primary', id: 'keys-create' }, t('keys.create'));
  const form = h(
    'form',
    {
      id: 'keys-form',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        void create();
      },
    },
    h(
      'div',
      { class: 'row' },
      field(t('keys.name'), nameInput, t('keys.nameHint')),
      field(t('keys.role'), roleSel),
      h('div', { class: 'field' }, h('span', null, ' '), submit),
    ),
  );

  async function create() {
    submit.setAttribute('disabled', '');
    fill(status);
    const controls = { name: nameInput, role: roleSel };
    showFieldErrors(controls);
    try {
      const out = await api.post('/keys', { name: nameInput.value.trim(), role: roleSel.value });
      showSecret(out);
      form.reset();
      await refresh();
    } catch (err) {
      const rest = showFieldErrors(controls, err);
      if (rest.length || !(err instanceof api.ApiError) || !err.details?.length) fill(status, errorBox(err));
    } finally {
      submit.removeAttribute('disabled');
    }
  }

  /** @param {{ key: string, name: string, role: string, id: string }} out */
  function showSecret(out) {
    const code = h('code', { id: 'keys-secret-value' }, out.key);
    const copied = h('span', { role: 'status', 'aria-live': 'polite' });
    const copy = async () => {
      try {
        await navigator.clipboard.writeText(out.key);
        fill(copied, t('keys.copied'));
      } catch {
        // No clipboard (an insecure origin, a refused permission): select the text to copy by hand.
        const range = document.createRange();
        range.selectNodeContents(code);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
        fill(copied, t('keys.copyByHand'));
      }
    };
    const copyBtn = h(
      'button',
      { type: 'button', id: 'keys-copy', onclick: () => void copy() },
      t('keys.copy'),
    );
    fill(
      secretBox,
      h(
        'div',
        { class: 'alert warn', role: 'alert', 'data-key-id': out.id },
        h('strong', null, t('keys.createdFor', { name: out.name, role: t(`role.${out.role}`) })),
        h('p', null, t('keys.onceWarning')),
        h('div', { class: 'secret' }, code, copyBtn, copied),
        h(
          'p',
          { class: 'actions' },
          h(
            'button',
            { type: 'button', id: 'keys-secret-done', onclick: () => fill(secretBox) },
            t('keys.stored'),
          ),
        ),
      ),
    );
    copyBtn.focus();
  }

  /** @param {string} id */
  async function revoke(id) {
    try {
      await api.del(`/keys/${encodeURIComponent(id)}`);
      fill(status, alertBox('ok', t('keys.revoked', { id }), { 'data-result': 'revoked' }));
    } catch (err) {
      fill(status, errorBox(err));
    }
    await refresh();
  }

  async function refresh() {
    try {
      /** @type {Array<{ id: string, name: string, role: string, key_prefix: string, demo: boolean, created_at: string, created_by: string | null, revoked_at: string | null, last_used_at?: string | null }>} */
      const keys = (await api.get('/keys')).keys ?? [];
      fill(
        listBox,
        keys.length
          ? sortableTable({
              className: 'keys',
              rows: keys,
              sort: { col: 3, dir: 'desc' },
              columns: [
                {
                  label: t('keys.name'),
                  cell: (k) => [
                    k.name,
                    k.demo ? h('span', { class: 'sub' }, t('keys.demo')) : null,
                    k.id === ctx.me.keyId ? h('span', { class: 'sub' }, t('keys.yours')) : null,
                  ],
                  sort: (k) => k.name,
                },
                { label: t('keys.role'), cell: (k) => t(`role.${k.role}`), sort: (k) => k.role },
                { label: t('keys.prefix'), cell: (k) => h('code', null, `${k.key_prefix}…`) },
                { label: t('keys.created'), cell: (k) => fmtTime(k.created_at), sort: (k) => k.created_at },
                {
                  label: t('keys.lastUsed'),
                  cell: (k) =>
                    k.last_used_at
                      ? h(
                          'time',
                          { datetime: k.last_used_at, 'data-last-used': k.last_used_at },
                          fmtTime(k.last_used_at),
                        )
                      : h('span', { class: 'sub', 'data-last-used': '' }, t('keys.neverUsed')),
                  sort: (k) => k.last_used_at ?? '',
                },
                {
                  label: t('status'),
                  cell: (k) =>
                    k.revoked_at
                      ? h(
                          'span',
                          { class: 'state state-failed' },
                          t('keys.revokedAt', { at: fmtTime(k.revoked_at) }),
                        )
                      : h('span', { class: 'state state-completed' }, t('keys.active')),
                  sort: (k) => (k.revoked_at ? 1 : 0),
                },
                {
                  label: '',
                  cell: (k) =>
                    k.revoked_at || k.id === ctx.me.keyId
                      ? ''
                      : confirmButton({
                          label: t('keys.revoke'),
                          question: t('keys.revokeQuestion', { name: k.name }),
                          confirm: t('keys.revokeConfirm'),
                          onConfirm: () => revoke(k.id),
                          attrs: {
                            'data-revoke': k.id,
                            'aria-label': t('keys.revokeLabel', { name: k.name }),
                          },
                        }),
                },
              ],
              rowAttrs: (k) => ({ 'data-key': k.id }),
            })
          : empty(t('none')),
      );
    } catch (err) {
      fill(listBox, errorBox(err));
    }
  }

  fill(
    main,
    pageTitle(t('keys.title'), t('keys.intro')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'keys-new' },
      h('h2', { id: 'keys-new' }, t('keys.new')),
      form,
      secretBox,
      status,
    ),
    section(t('keys.list'), h('p', { class: 'hint' }, t('keys.lastUsedHint')), listBox),
  );
  await refresh();
}
