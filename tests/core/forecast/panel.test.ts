import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  calendarIsOpen,
  inferOpenWeekdays,
  keyId,
  pooledShape,
  sumHistories,
} from '../../../src/core/forecast/panel.ts';
import { vn } from './fixtures.ts';

describe('panel hierarchy', () => {
  it('builds field → channel → point → branch → city', () => {
    const nodes = buildHierarchy(
      [
        { point: 'P1', channel: 'online', field: 'land' },
        { point: 'P1', channel: 'online', field: 'other' },
        { point: 'P2', channel: 'in_person', field: 'land' },
      ],
      (p) => (p === 'P1' ? 'B1' : 'B2'),
    );
    expect(nodes.get('point=P1|channel=online|field=land')!.parent).toBe('point=P1|channel=online');
    expect(nodes.get('point=P1|channel=online')!.parent).toBe('point=P1');
    expect(nodes.get('point=P1')!.parent).toBe('branch=B1');
    expect(nodes.get('branch=B1')!.parent).toBe('city');
    expect(nodes.get('city')!.parent).toBeNull();
    expect(nodes.get('point=P1|channel=online')!.children).toHaveLength(2);
    expect(nodes.size).toBe(3 + 2 + 2 + 2 + 1);
  });

  it('works with any subset of key columns and rejects duplicate keys', () => {
    const nodes = buildHierarchy([{ channel: 'online' }, { channel: 'postal' }]);
    expect(nodes.get('channel=online')!.parent).toBe('city');
    expect(keyId({})).toBe('city');
    expect(() => buildHierarchy([{ point: 'P1' }, { point: 'P1' }])).toThrow(/same key/);
  });

  it('sums histories by date, leaving unobserved dates missing', () => {
    expect(
      sumHistories([
        [
          { date: '2025-01-02', value: 1 },
          { date: '2025-01-03', value: null },
        ],
        [{ date: '2025-01-02', value: 2 }],
      ]),
    ).toEqual([{ date: '2025-01-02', value: 3 }]);
  });
});

describe('opening days from data', () => {
  it('finds Saturday-morning service and closed Sundays', () => {
    const h = [];
    for (const d of ['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06'])
      h.push({ date: d, value: 10 });
    h.push({ date: '2025-06-07', value: 4 }, { date: '2025-06-08', value: 0 });
    expect(inferOpenWeekdays([h])).toEqual([true, true, true, true, true, true, false]);
  });

  it('closes holidays and opens make-up days', () => {
    const isOpen = calendarIsOpen(vn, [true, true, true, true, true, false, false]);
    expect(isOpen('2025-09-02')).toBe(false); // Quốc khánh
    expect(isOpen('2025-04-26')).toBe(true); // Saturday make-up day (làm bù)
    expect(isOpen('2025-04-19')).toBe(false); // ordinary Saturday
    expect(isOpen('2025-04-21')).toBe(true);
  });

  it('pools a weekday shape and a typical level from similar series', () => {
    const a = [
      { date: '2025-06-02', value: 20 },
      { date: '2025-06-03', value: 10 },
    ];
    const b = [
      { date: '2025-06-02', value: 10 },
      { date: '2025-06-03', value: 5 },
    ];
    const { shape, level } = pooledShape([a, b]);
    expect(shape[0]).toBeCloseTo(15 / 11.25, 12); // Monday mean 15, mean of weekday means 11.25
    expect(shape[1]).toBeCloseTo(7.5 / 11.25, 12);
    expect(shape[6]).toBe(0);
    expect(level).toBe(15); // median of the series means 7.5 and 15 (upper middle of two)
  });
});
