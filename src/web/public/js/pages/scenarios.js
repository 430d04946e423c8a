// Kịch bản: build a what-if scenario (move staff, close a point, scale a field's volume, add a holiday),
// run the simulation as a job with a progress bar, compare with the base.

import * as api from '../api.js';
import * as data from '../data.js';
import { fmtDate, fmtNum, fmtPct, t } from '../i18n.js';
import { empty, errorBox, field, fill, h, nextId, notice, progress, section, select, table } from '../ui.js';

const KINDS = ['move_staff', 'close_point', 'scale_volume', 'add_holiday', 'add_staff'];

// Figures of the simulation shown in the comparison, with how to format them and which direction is better.
/** @type {Array<{ key: string, label: string, fmt: (v: number | null) => string, better: 'lower' | 'higher' | null }>} */
const FIGURES = [
  { key: 'wait_mean_min', label: 'metric.mean_wait_min', fmt: (v) => fmtNum(v, 2), better: 'lower' },
  { key: 'wait_p90_min', label: 'metric.p90_wait_min', fmt: (v) => fmtNum(v, 2), better: 'lower' },
  { key: 'within_target', label: 'metric.served_within_target', fmt: (v) => fmtPct(v, 1), better: 'higher' },
  { key: 'on_time_rate', label: 'metric.on_time_rate', fmt: (v) => fmtPct(v, 2), better: 'higher' },
  { key: 'backlog', label: 'metric.backlog_end', fmt: (v) => fmtNum(v, 0), better: 'lower' },
  { key: 'overdue', label: 'metric.overdue', fmt: (v) => fmtNum(v, 0), better: 'lower' },
  { key: 'arrived', label: 'metric.arrivals', fmt: (v) => fmtNum(v, 0), better: null },
  { key: 'counter_utilisation', label: 'metric.utilisation', fmt: (v) => fmtPct(v, 1), better: null },
];

/** @type {import('../app.js').Render} */
export async function render(main, ctx) {
  const abort = new AbortController();
  const points = [...(await data.points(ctx))].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const pointOptions = points.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }));
  const thisWeek = data.mondayOf(data.todayHanoi());
  const nextWeek = data.addDays(thisWeek, 7);

  const nameInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'sc-name', type: 'text', required: true, maxlength: '200', value: '' })
  );
  const weekSel = select(
    [-1, 0, 1, 2].map((i) => {
      const w = data.addDays(thisWeek, 7 * i);
      return {
        value: w,
        label: `${data.isoWeekLabel(w)} (${fmtDate(w, { short: true })} – ${fmtDate(data.addDays(w, 6), { short: true })})`,
      };
    }),
    nextWeek,
    { id: 'sc-week' },
  );
  const repsInput = /** @type {HTMLInputElement} */ (
    h('input', { id: 'sc-reps', type: 'number', min: '2', max: '1000', step: '1', value: '40' })
  );
  const editsBox = h('div', { id: 'sc-edits' });
  const status = notice();
  const result = h('div', { id: 'sc-result' });

  /**
   * One edit's fieldset; its controls change with the kind.
   * @param {string} kind
   */
  const addEdit = (kind = 'move_staff') => {
    const fs = h('fieldset', { class: 'edit' });
    const kindSel = select(
      KINDS.map((k) => ({ value: k, label: t(`sc.kind.${k}`) })),
      kind,
      { 'data-role': 'kind' },
    );
    const controls = h('div', { class: 'row' });
    const pointSel = (
      /** @type {string} */ role,
      /** @type {boolean} */ allowAll = false,
      /** @type {number} */ pick = 0,
    ) =>
      select(
        [...(allowAll ? [{ value: '', label: t('sc.allPoints') }] : []), ...pointOptions],
        allowAll ? '' : pointOptions[pick]?.value,
        {
          'data-role': role,
        },
      );
    const num = (/** @type {string} */ role, /** @type {Record<string, string>} */ attrs) =>
      h('input', { type: 'number', 'data-role': role, ...attrs });
    const drawControls = () => {
      const k = kindSel.value;
      /** @type {HTMLElement[]} */
      let list = [];
      if (k === 'move_staff')
        list = [
          field(t('sc.from'), pointSel('from', false, 0)),
          field(t('sc.to'), pointSel('to', false, 1)),
          field(t('sc.count'), num('staff', { min: '1', max: '1000', step: '1', value: '1' })),
        ];
      else if (k === 'close_point') list = [field(t('sc.point'), pointSel('point'))];
      else if (k === 'add_staff')
        list = [
          field(t('sc.point'), pointSel('point')),
          field(t('sc.count'), num('staff', { min: '-1000', max: '1000', step: '1', value: '1' })),
        ];
      else if (k === 'scale_volume')
        list = [
          field(
            t('field'),
            select(
              [
                { value: '', label: t('all') },
                ...data.FIELDS.map((f) => ({ value: f, label: t(`field.${f}`) })),
              ],
              'land',
              { 'data-role': 'field' },
            ),
          ),
          field(t('sc.point'), pointSel('point', true)),
          field(t('sc.factor'), num('factor', { min: '0', max: '10', step: '0.05', value: '1.3' })),
        ];
      else if (k === 'add_holiday')
        list = [
          field(
            t('date'),
            h('input', {
              type: 'date',
              'data-role': 'date',
              value: data.addDays(weekSel.value, 2),
              required: true,
            }),
          ),
          field(
            t('sc.holidayName'),
            h('input', { type: 'text', 'data-role': 'name', value: 'Nghỉ bổ sung', maxlength: '200' }),
          ),
        ];
      fill(controls, list);
    };
    kindSel.addEventListener('change', drawControls);
    const legendId = nextId('edit');
    fs.append(
      h('legend', { id: legendId }, t('sc.editN', { n: editsBox.children.length + 1 })),
      h(
        'div',
        { class: 'row' },
        field(t('sc.kind'), kindSel),
        controls,
        h('button', { type: 'button', class: 'danger', onclick: () => fs.remove() }, t('sc.remove')),
      ),
    );
    drawControls();
    editsBox.append(fs);
    return fs;
  };

  /** Reads the edits from the form, in the simulation's scenario format. */
  const readEdits = () =>
    [...editsBox.querySelectorAll('fieldset')].map((fs) => {
      /** @param {string} role */
      const v = (role) =>
        /** @type {HTMLInputElement | null} */ (fs.querySelector(`[data-role="${role}"]`))?.value ?? '';
      const kind = v('kind');
      if (kind === 'move_staff') return { kind, from: v('from'), to: v('to'), staff: Number(v('staff')) };
      if (kind === 'close_point') return { kind, point: v('point') };
      if (kind === 'add_staff') return { kind, point: v('point'), staff: Number(v('staff')) };
      if (kind === 'scale_volume') {
        return {
          kind,
          factor: Number(v('factor')),
          ...(v('field') ? { field: v('field') } : {}),
          ...(v('point') ? { point: v('point') } : {}),
        };
      }
      return { kind, date: v('date'), name: v('name') };
    });

  const runBtn = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'submit', class: 'primary', id: 'sc-run', disabled: !ctx.can('plan') }, t('sc.run'))
  );
  const form = h(
    'form',
    {
      id: 'sc-form',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        void run();
      },
    },
    h(
      'div',
      { class: 'row' },
      field(t('sc.name'), nameInput),
      field(t('sc.week'), weekSel),
      field(t('sc.replications'), repsInput),
    ),
    h('h3', null, t('sc.edits')),
    editsBox,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'sc-add',
          onclick: () => addEdit('scale_volume').querySelector('select')?.focus(),
        },
        t('sc.add'),
      ),
      runBtn,
    ),
    ctx.can('plan') ? null : h('p', { class: 'alert warn' }, t('jobs.onlyPlanner')),
    status,
  );
  nameInput.value = t('sc.defaultName');
  addEdit('scale_volume');

  async function run() {
    const edits = readEdits();
    if (!edits.length) return fill(status, h('div', { class: 'alert warn', role: 'alert' }, t('sc.noEdits')));
    runBtn.disabled = true;
    fill(result);
    try {
      const saved = await api.post('/scenarios', { name: nameInput.value.trim() || t('sc.scenario'), edits });
      const out = await api.post('/simulations', {
        week: weekSel.value,
        scenarioId: saved.id,
        replications: Math.max(2, Math.min(1000, Math.round(Number(repsInput.value) || 40))),
      });
      fill(status, progress(0, t('sc.running')));
      const job = await data.watchJob(
        out.job.id,
        (j) =>
          fill(
            status,
            progress(j.progress?.pct ?? 0, j.progress?.text || j.progress?.stage || t('sc.running')),
          ),
        {
          signal: abort.signal,
        },
      );
      if (job.state === 'failed') {
        fill(
          status,
          errorBox(
            new api.ApiError(422, job.error?.code ?? 'FAILED', job.error?.message ?? '', job.error?.details),
          ),
          detailsList(job.error?.details),
        );
        return;
      }
      fill(status, progress(100, t('state.completed')));
      const sim = await api.get(`/simulations/${encodeURIComponent(job.id)}`);
      showResult(result, sim.result, await data.pointIndex(ctx));
    } catch (err) {
      if (/** @type {Error} */ (err).name === 'AbortError') return;
      fill(status, errorBox(err), detailsList(/** @type {any} */ (err).details));
    } finally {
      runBtn.disabled = !ctx.can('plan');
    }
  }

  // Saved scenarios: load one into the form.
  const savedBody = h('div');
  try {
    const list = (await api.getOptional('/scenarios'))?.scenarios ?? [];
    if (list.length) {
      const sel = select(
        [{ value: '', label: '—' }, ...list.map((/** @type {any} */ s) => ({ value: s.id, label: s.name }))],
        '',
        { id: 'sc-saved' },
      );
      sel.addEventListener('change', () => {
        const s = list.find((/** @type {any} */ x) => x.id === sel.value);
        if (!s) return;
        nameInput.value = s.name;
        fill(editsBox);
        for (const e of s.edits) loadEdit(addEdit(e.kind), e);
      });
      fill(savedBody, field(t('sc.saved'), sel));
    }
  } catch {
    // listing saved scenarios is a convenience
  }

  fill(
    main,
    h('h1', { tabindex: '-1' }, t('sc.title')),
    h('p', { class: 'help' }, t('sc.intro')),
    h('section', { class: 'card', 'aria-label': t('sc.title') }, savedBody, form),
    result,
  );
  return () => abort.abort();
}

/**
 * Puts a saved edit's values into its fieldset.
 * @param {HTMLElement} fs
 * @param {Record<string, unknown>} e
 */
function loadEdit(fs, e) {
  for (const [k, v] of Object.entries(e)) {
    const el = /** @type {HTMLInputElement | null} */ (fs.querySelector(`[data-role="${k}"]`));
    if (el && k !== 'kind') el.value = String(v);
  }
}

/** @param {Array<{ field?: string, reason: string, value?: unknown }> | undefined} details */
function detailsList(details) {
  if (!details?.length) return null;
  return h(
    'ul',
    { class: 'details' },
    details
      .slice(0, 20)
      .map((d) =>
        h(
          'li',
          null,
          `${d.field ?? ''}: ${d.reason}${d.value !== undefined ? ` (${JSON.stringify(d.value)})` : ''}`,
        ),
      ),
  );
}

/**
 * The comparison table: base, scenario, difference with its 95% interval; and the points that change most.
 * @param {HTMLElement} box
 * @param {any} res simulation result ({ base, scenario, comparison })
 * @param {Map<string, data.Point>} byCode
 */
function showResult(box, res, byCode) {
  const sim = data.normaliseSimulation(res);
  const rows = FIGURES.filter((f) => data.figure(sim.diff, f.key) || data.figure(sim.base, f.key)).map(
    (f) => {
      const d = data.figure(sim.diff, f.key);
      const base = d?.base ?? data.figure(sim.base, f.key)?.mean ?? null;
      const scen = d?.scenario ?? null;
      const diff = d?.difference ?? null;
      // Coloured only when the paired 95% interval excludes 0 and the measure has a better direction.
      const judged = diff !== null && d?.beyond_noise && f.better !== null && diff !== 0;
      const worse = judged && (f.better === 'lower' ? diff > 0 : diff < 0);
      const better = judged && !worse;
      // No sign on a difference that rounds to zero at the shown precision.
      const sign = diff !== null && diff > 0 && f.fmt(diff) !== f.fmt(0) ? '+' : '';
      return [
        t(f.label),
        f.fmt(base),
        f.fmt(scen),
        h(
          'span',
          { class: worse ? 'up' : better ? 'down' : null },
          diff === null ? '–' : `${sign}${f.fmt(diff)}`,
          d?.lo != null && d?.hi != null ? h('small', null, ` [${f.fmt(d.lo)}; ${f.fmt(d.hi)}]`) : null,
        ),
      ];
    },
  );
  const wait = (/** @type {any} */ p) => data.figure(p.figures, 'wait_mean_min');
  const within = (/** @type {any} */ p) => data.figure(p.figures, 'within_target');
  const top = sim.points
    .filter((p) => wait(p)?.difference != null)
    .sort((a, b) => Math.abs(wait(b).difference) - Math.abs(wait(a).difference))
    .slice(0, 10);
  fill(
    box,
    section(
      t('sc.result'),
      rows.length
        ? table({
            className: 'comparison',
            columns: [
              { label: t('sc.metric') },
              { label: t('sc.base'), num: true },
              { label: t('sc.scenario'), num: true },
              { label: t('sc.diff'), num: true },
            ],
            rows,
          })
        : empty(t('none')),
      top.length
        ? [
            h('h3', null, t('sc.byPoint')),
            table({
              columns: [
                { label: t('point') },
                { label: `${t('metric.mean_wait_min')} · ${t('sc.base')}`, num: true },
                { label: t('sc.scenario'), num: true },
                { label: `${t('metric.served_within_target')} · ${t('sc.base')}`, num: true },
                { label: t('sc.scenario'), num: true },
              ],
              rows: top.map((p) => [
                h(
                  'a',
                  { href: `#/map?point=${encodeURIComponent(p.point)}` },
                  byCode.get(p.point)?.name ?? p.point,
                ),
                fmtNum(wait(p).base, 1),
                fmtNum(wait(p).scenario, 1),
                fmtPct(within(p)?.base, 1),
                fmtPct(within(p)?.scenario, 1),
              ]),
            }),
          ]
        : null,
      sim.notes.length
        ? h(
            'ul',
            { class: 'hint' },
            sim.notes.map((/** @type {string} */ n) => h('li', null, n)),
          )
        : null,
    ),
  );
}
