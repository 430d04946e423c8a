import { describe, expect, it } from 'vitest';
import { type render, renderTexts } from '../../../src/core/messages.ts';
import { applyScenario, simulate } from '../../../src/core/simulate/index.ts';
import { simulationReport } from '../../../src/core/simulate/report.ts';
import { smallCity } from './fixtures.ts';

describe('simulation texts in both languages', () => {
  const base = smallCity(3, 20);

  it('scenario notes and scenario errors are messages, rendered in English and in Vietnamese', () => {
    const applied = applyScenario(base, [{ kind: 'add_holiday', date: '2026-03-02', name: 'test' }]);
    expect(applied.notes.map((n) => n.key)).toEqual(['scenario.holiday_outside']);
    expect(renderTexts(applied.notes, 'en')).toEqual([
      'edit 0: 2026-03-02 is outside the plan; it only moves deadlines',
    ]);
    const vi = renderTexts(applied, 'vi');
    expect(vi.notes).toContain(
      'thay đổi 0: ngày 02/03/2026 nằm ngoài phương án; chỉ làm dịch chuyển thời hạn giải quyết',
    );
    try {
      applyScenario(base, [{ kind: 'add_staff', point: 'P1', staff: -999 }]);
      throw new Error('expected INPUT_INVALID');
    } catch (err) {
      const e = err as {
        message: string;
        msg?: unknown;
        details: Array<{ reason: Parameters<typeof render>[0] }>;
      };
      expect(e.message).toMatch(
        /^scenario is invalid: \/0\/staff: P1 has \d+ staff present on 2026-01-0\d; cannot remove 999/,
      );
      const vi = renderTexts(e.details, 'vi');
      expect(vi[0]!.reason).toMatch(
        /^P1 chỉ có \d+ cán bộ có mặt ngày \d\d\/01\/2026; không thể bớt 999 người$/,
      );
    }
  });

  it('the report keeps notes as messages, rendered per language', () => {
    const run = simulate(base, [{ kind: 'add_holiday', date: '2026-03-02', name: 'test' }], {
      replications: 4,
      seed: 1,
    });
    const report = simulationReport(run);
    expect(report.scenario!.scenario_notes.map((n) => n.key)).toEqual(['scenario.holiday_outside']);
    const en = renderTexts(report, 'en');
    expect(JSON.stringify(en)).not.toContain('"key"');
    expect(en.scenario!.scenario_notes).toEqual([
      'edit 0: 2026-03-02 is outside the plan; it only moves deadlines',
    ]);
    const vi = renderTexts(report, 'vi');
    expect(vi.scenario!.scenario_notes[0]).toMatch(/^thay đổi 0: ngày 02\/03\/2026 nằm ngoài phương án/);
  });
});
