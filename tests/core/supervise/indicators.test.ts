import { describe, expect, it } from 'vitest';
import { render } from '../../../src/core/messages.ts';
import { computeIndicators, INDICATORS, rankKeys } from '../../../src/core/supervise/indicators.ts';

describe('indicator formulas', () => {
  it('daily counts give the count indicators and say why the others are missing', () => {
    const r = computeIndicators({
      daily: { received: 10, in_person: 4, online: 6, postal: 0, resolved: 8, on_time: 7, overdue: 1 },
    });
    expect(r.values).toMatchObject({
      received: 10,
      online_share: 0.6,
      resolved_in_time_share: 0.875,
      resolved_overdue_share: 0.125,
    });
    const missing = new Set(r.unavailable.map((u) => u.id));
    for (const d of INDICATORS) expect(missing.has(d.id), d.id).toBe(!d.from_daily_counts);
    expect(render(r.unavailable.find((u) => u.id === 'resolved_early_share')!.reason, 'en')).toContain(
      'early',
    );
  });

  it('nothing at all: counts are 0 and every share says there was nothing', () => {
    const r = computeIndicators({});
    expect(r.values.received).toBe(0);
    expect(r.values.online_share).toBeNull();
    expect(r.unavailable.find((u) => u.id === 'online_share')!.reason.key).toBe('ind.na.none_received');
  });

  it('ranks: 1 is best in the indicator’s direction, ties share a rank, missing values are unranked', () => {
    const ranks = rankKeys([
      { key: 'A', values: { online_share: 0.5, resolved_overdue_share: 0.1 } },
      { key: 'B', values: { online_share: 0.7, resolved_overdue_share: 0.1 } },
      { key: 'C', values: { online_share: 0.5, resolved_overdue_share: 0 } },
      { key: 'D', values: { online_share: null } },
    ]);
    expect([
      ranks.get('A')!.online_share,
      ranks.get('B')!.online_share,
      ranks.get('C')!.online_share,
    ]).toEqual([2, 1, 2]);
    expect([ranks.get('A')!.resolved_overdue_share, ranks.get('C')!.resolved_overdue_share]).toEqual([2, 1]);
    expect(ranks.get('D')!.online_share).toBeUndefined();
    expect(ranks.get('A')!.received).toBeUndefined();
  });
});
