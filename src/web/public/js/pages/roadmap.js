// Lộ trình biên chế (issue #16): the establishment roadmap — the trade-off curve (residual imbalance against
// transfers per quarter), the transfers of each quarter (person, from, to, why), each point's utilisation
// before and after, and a manager's approval (the first quarter then changes the home points).

import * as api from '../api.js';
import { fmtNum, fmtPct, t } from '../i18n.js';
import { alertBox, errorBox, fill, h, loading, pageTitle, table } from '../ui.js';

/** @type {import('../app.js').Render} */
export async function render(main, ctx, params) {
  const body = h('div', { 'data-roadmap': '' }, loading());
  const computeBtn = ctx.can('plan')
    ? h(
        'button',
        {
          type: 'button',
          'data-compute': '',
          onclick: async () => {
            try {
              await api.post('/roadmaps', { quarters: 4 });
              fill(body, alertBox('ok', t('roadmap.queued')));
            } catch (err) {
              fill(body, errorBox(err));
            }
          },
        },
        t('roadmap.compute'),
      )
    : null;
  fill(main, pageTitle(t('roadmap.title'), t('roadmap.intro')), computeBtn, body);
  try {
    const list = /** @type {{ roadmaps: Array<{ id: string, status: string }> }} */ (
      await api.get('/roadmaps')
    );
    const id = params.get('id') ?? list.roadmaps[0]?.id;
    if (!id) {
      fill(body, alertBox('info', t('roadmap.none')));
      return;
    }
    const r = /** @type {any} */ (await api.get(`/roadmaps/${encodeURIComponent(id)}`));
    const roadmap = r.result.roadmap;
    const approve = async () => {
      try {
        await api.post(`/roadmaps/${encodeURIComponent(id)}/decision`, { decision: 'approved' });
        ctx.navigate(`#/roadmap?id=${encodeURIComponent(id)}&r=${Date.now()}`);
      } catch (err) {
        fill(body, errorBox(err));
      }
    };
    fill(
      body,
      h(
        'p',
        { 'data-status': r.status },
        `${id} · ${t(`roadmap.status.${r.status}`)} · ${t('roadmap.solver')}: ${roadmap.status}`,
      ),
      r.status === 'draft' && ctx.can('decide')
        ? h('button', { type: 'button', 'data-approve': '', onclick: approve }, t('roadmap.approve'))
        : null,
      table({
        caption: t('roadmap.curve'),
        className: 'roadmap-curve',
        columns: [
          { label: t('roadmap.col.maxTransfers'), num: true },
          { label: t('roadmap.col.used'), num: true },
          { label: t('roadmap.col.residual'), num: true },
          { label: t('roadmap.col.without'), num: true },
        ],
        rows: (r.result.curve ?? []).map((/** @type {any} */ c) => [
          fmtNum(c.max_transfers),
          fmtNum(c.transfers),
          fmtNum(c.residual_deficit, 1),
          fmtNum(c.deficit_without, 1),
        ]),
      }),
      ...roadmap.quarters.map((/** @type {any} */ q) =>
        h(
          'section',
          { 'data-quarter': q.label },
          h('h2', null, `${q.label} · ${fmtNum(q.transfers.length)} ${t('roadmap.transfers')}`),
          h(
            'p',
            null,
            `${t('roadmap.deficit')}: ${fmtNum(q.deficit_before, 1)} → ${fmtNum(q.deficit_after, 1)}`,
          ),
          table({
            className: 'roadmap-transfers',
            columns: [
              { label: t('roadmap.col.person') },
              { label: t('roadmap.col.from') },
              { label: t('roadmap.col.to') },
              { label: t('roadmap.col.minutes'), num: true },
              { label: t('roadmap.col.why') },
            ],
            rows: q.transfers.map((/** @type {any} */ x) => [
              `${x.name} (${x.staff_id})`,
              x.from,
              x.to,
              fmtNum(x.minutes, 1),
              x.reason,
            ]),
          }),
          table({
            caption: t('roadmap.utilisation'),
            className: 'roadmap-utilisation',
            columns: [
              { label: t('roadmap.col.point') },
              { label: t('roadmap.col.before'), num: true },
              { label: t('roadmap.col.after'), num: true },
            ],
            rows: q.utilisation
              .filter((/** @type {any} */ u) => u.hours_before !== u.hours_after)
              .map((/** @type {any} */ u) => [
                u.point,
                u.before === null ? '—' : fmtPct(u.before),
                u.after === null ? '—' : fmtPct(u.after),
              ]),
          }),
        ),
      ),
    );
  } catch (err) {
    fill(body, errorBox(err));
  }
}
