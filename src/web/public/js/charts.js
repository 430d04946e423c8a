// chart.js (served from node_modules by the dashboard plugin, loaded as the global `Chart`).

import { fmtDate, fmtNum, fmtPct, locale, t } from './i18n.js';
import { h } from './ui.js';

/** @returns {any} */
function ChartJs() {
  const C = /** @type {any} */ (window).Chart;
  if (!C) throw new Error('chart.js did not load');
  return C;
}

const BLUE = '#0b5cab';
const BAND = 'rgba(11, 92, 171, 0.18)';
const ORANGE = '#c2410c';
const GREY = '#7b8ba0';

/**
 * A canvas in a sized box, with a text alternative for screen readers.
 * @param {string} label
 * @param {string} [size] '' or 'small'
 */
export function chartBox(label, size = '') {
  const canvas = /** @type {HTMLCanvasElement} */ (h('canvas', { role: 'img', 'aria-label': label }));
  return { box: h('div', { class: `chart-box ${size}` }, canvas), canvas };
}

/** @param {number} digits */
function baseOptions(digits = 0) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    locale: locale(),
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14 } },
      tooltip: {
        callbacks: {
          label: (/** @type {any} */ c) => `${c.dataset.label}: ${fmtNum(c.parsed.y, digits)}`,
        },
      },
    },
    scales: {
      y: { beginAtZero: true, ticks: { callback: (/** @type {number} */ v) => fmtNum(v) } },
    },
  };
}

/**
 * Expected line with its p10–p90 band.
 * @param {HTMLCanvasElement} canvas
 * @param {Array<{ date: string, mean: number, p10: number | null, p90: number | null }>} days
 */
export function bandChart(canvas, days) {
  const C = ChartJs();
  const hasBand = days.some((d) => d.p10 !== null && d.p90 !== null);
  const datasets = [];
  if (hasBand) {
    datasets.push(
      {
        label: t('overview.p90'),
        data: days.map((d) => d.p90),
        borderColor: 'transparent',
        backgroundColor: BAND,
        pointRadius: 0,
        fill: '+1',
      },
      {
        label: t('overview.p10'),
        data: days.map((d) => d.p10),
        borderColor: 'transparent',
        backgroundColor: BAND,
        pointRadius: 0,
        fill: false,
      },
    );
  }
  datasets.push({
    label: t('overview.mean'),
    data: days.map((d) => d.mean),
    borderColor: BLUE,
    backgroundColor: BLUE,
    borderWidth: 2,
    pointRadius: 2,
    fill: false,
  });
  const opts = baseOptions();
  opts.plugins.legend = /** @type {any} */ ({
    position: 'bottom',
    labels: {
      boxWidth: 14,
      // The two band edges read as one legend entry.
      filter: (/** @type {any} */ item) => item.text !== t('overview.p10'),
      generateLabels: (/** @type {any} */ chart) =>
        C.defaults.plugins.legend.labels
          .generateLabels(chart)
          .map((/** @type {any} */ l) =>
            l.text === t('overview.p90') ? { ...l, text: t('overview.band'), fillStyle: BAND } : l,
          ),
    },
  });
  return new C(canvas, {
    type: 'line',
    data: { labels: days.map((d) => fmtDate(d.date, { short: true, weekday: true })), datasets },
    options: opts,
  });
}

/**
 * Actuals against what was forecast for the same days.
 * @param {HTMLCanvasElement} canvas
 * @param {Array<{ date: string, actual: number | null, forecast: number | null, p10?: number | null, p90?: number | null }>} days
 */
export function actualsChart(canvas, days) {
  const C = ChartJs();
  const datasets = [];
  if (days.some((d) => d.p10 != null && d.p90 != null)) {
    datasets.push(
      {
        label: 'p90',
        data: days.map((d) => d.p90 ?? null),
        borderColor: 'transparent',
        backgroundColor: BAND,
        pointRadius: 0,
        fill: '+1',
      },
      {
        label: 'p10',
        data: days.map((d) => d.p10 ?? null),
        borderColor: 'transparent',
        backgroundColor: BAND,
        pointRadius: 0,
        fill: false,
      },
    );
  }
  datasets.push(
    {
      label: t('overview.forecasted'),
      data: days.map((d) => d.forecast),
      borderColor: BLUE,
      borderDash: [5, 4],
      pointRadius: 2,
      fill: false,
    },
    {
      label: t('overview.actual'),
      data: days.map((d) => d.actual),
      borderColor: ORANGE,
      backgroundColor: ORANGE,
      pointRadius: 3,
      fill: false,
    },
  );
  const opts = baseOptions();
  opts.plugins.legend = /** @type {any} */ ({
    position: 'bottom',
    labels: { boxWidth: 14, filter: (/** @type {any} */ item) => item.text !== 'p10' && item.text !== 'p90' },
  });
  return new C(canvas, {
    type: 'line',
    data: { labels: days.map((d) => fmtDate(d.date, { short: true, weekday: true })), datasets },
    options: opts,
  });
}

/**
 * Grouped bars, before and after, as percentages (utilisation per point).
 * @param {HTMLCanvasElement} canvas
 * @param {string[]} labels
 * @param {Array<number | null>} before
 * @param {Array<number | null>} after
 */
export function beforeAfterChart(canvas, labels, before, after) {
  const C = ChartJs();
  const opts = baseOptions();
  opts.plugins.tooltip.callbacks.label = (/** @type {any} */ c) =>
    `${c.dataset.label}: ${fmtPct(c.parsed.y, 0)}`;
  opts.scales.y.ticks.callback = (/** @type {number} */ v) => fmtPct(v, 0);
  return new C(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: t('plan.before'), data: before, backgroundColor: GREY },
        { label: t('plan.after'), data: after, backgroundColor: BLUE },
      ],
    },
    options: opts,
  });
}
