import { describe, expect, it } from 'vitest';
import { renderTexts } from '../../../src/core/messages.ts';
import { buildWeeklyPlan, planToCsv } from '../../../src/core/optimize/weekly-plan.ts';
import { weeklyPlanFixture } from '../../helpers/weekly-plan-fixture.ts';

describe('plan texts in both languages', () => {
  const input = weeklyPlanFixture();
  const plan = buildWeeklyPlan(input);

  it('every move reason and explanation line is a catalogue message', () => {
    expect(plan.roster.moves.length).toBeGreaterThan(0);
    for (const m of plan.roster.moves) expect(m.reason.key).toBe('roster.move');
    expect(plan.explanation[0]!.key).toBe('plan.week');
    expect(plan.stage1.explanation[0]!.key).toBe('stage1.summary');
    expect(plan.explanation).toEqual(expect.arrayContaining(plan.stage1.explanation));
  });

  it('in English the move reasons read as before; no message is left unrendered', () => {
    const en = renderTexts(plan, 'en');
    expect(JSON.stringify(en)).not.toContain('"key"');
    expect(en.roster.moves[0]!.reason).toMatch(
      /^Hoàn Kiếm lacks [\d.]+ counter staff on \w+day 2026-01-\d\d; Ba Đình has [\d.]+ spare, \d+ min away(; continues at HK from the day before)?; moved day \d of \d this week$/,
    );
  });

  it('in Vietnamese the move reasons, explanation and CSV speak Vietnamese', () => {
    const vi = renderTexts(plan, 'vi');
    expect(JSON.stringify(vi)).not.toContain('"key"');
    for (const m of vi.roster.moves) {
      expect(m.reason).toMatch(
        /^Hoàn Kiếm thiếu [\d,]+ cán bộ quầy tiếp nhận vào thứ \S+ \d\d\/01\/2026; Ba Đình dư [\d,]+ cán bộ, cách \d+ phút di chuyển/,
      );
      expect(m.reason).toMatch(/ngày điều động thứ \d\/\d trong tuần$/);
      expect(m.reason.normalize('NFC')).toBe(m.reason);
    }
    expect(vi.explanation[0]).toMatch(
      /^Tuần 2026-W02 \(05\/01\/2026 – 10\/01\/2026\), 3 điểm phục vụ, 17 cán bộ/,
    );
    expect(vi.explanation.join('\n')).toMatch(
      /tỷ lệ phục vụ đúng mục tiêu tại quầy dự kiến [\d,]+% → [\d,]+%/,
    );
    expect(vi.explanation.join('\n')).not.toMatch(/staff-days|lacks|Roster/);
    const csv = planToCsv(plan, 'vi');
    expect(csv.rows.filter((r) => r[6] === 'moved').every((r) => String(r[8]).includes('thiếu'))).toBe(true);
  });

  it('unfilled moves are explained in Vietnamese too', () => {
    // BD staff may not travel (3 min limit) and stage 1 is not re-solved: its moves from BD stay unfilled.
    const limits = Object.fromEntries(input.staff.filter((s) => s.home_point === 'BD').map((s) => [s.id, 3]));
    const optimize = structuredClone(input.models.optimize);
    optimize.planning.repair_rounds = 0;
    const p = buildWeeklyPlan({ ...input, travelLimits: limits, models: { ...input.models, optimize } });
    expect(p.roster.unfilled.length).toBeGreaterThan(0);
    const vi = renderTexts(p, 'vi');
    for (const u of vi.roster.unfilled)
      expect(u.reason).toMatch(/^BD không còn cán bộ phù hợp để điều động đến HK vào thứ /);
    expect(vi.explanation.some((l) => l.startsWith('Chưa bố trí được: '))).toBe(true);
    expect(JSON.stringify(vi)).not.toMatch(/no more eligible staff|Unfilled/);
    expect(renderTexts(p, 'en').explanation.some((l) => l.startsWith('Unfilled: '))).toBe(true);
  });
});
