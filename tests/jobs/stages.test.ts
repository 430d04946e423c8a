import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/core/messages.ts';
import { notFailedMsg, stageMsg, withStageText } from '../../src/jobs/stages.ts';
import type { JobView } from '../../src/jobs/types.ts';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe('job progress stages', () => {
  it('every stage a processor or use case reports has a catalogue text in both languages', () => {
    const stages = new Set<string>();
    for (const f of [...files(join(SRC, 'jobs')), ...files(join(SRC, 'usecases'))]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:onProgress\?\.|\.progress)\(\s*[^,]+,\s*'([^']+)'\s*\)/g))
        stages.add(m[1]!);
      for (const m of text.matchAll(/stage: '([^']+)'/g)) stages.add(m[1]!);
    }
    expect(stages.size).toBeGreaterThan(8);
    for (const s of stages) {
      const m = stageMsg(s);
      expect(m, s).toBeDefined();
      expect(render(m!, 'en'), s).toBe(s);
      expect(render(m!, 'vi'), s).not.toBe(s);
    }
  });

  it('renders a nested stage part by part, and keeps an unknown stage as it is', () => {
    const m = stageMsg('forecast: reading history')!;
    expect(render(m, 'en')).toBe('forecast: reading history');
    expect(render(m, 'vi')).toBe('dự báo – đang đọc số liệu lịch sử');
    expect(stageMsg('forecast: something new')).toBeUndefined();
    const view = { progress: { pct: 5, stage: 'custom' } } as JobView;
    expect(withStageText(view).progress).toEqual({ pct: 5, stage: 'custom', text: 'custom' });
    expect(view.progress).toEqual({ pct: 5, stage: 'custom' });
  });

  it('names a job state in the reader’s words when a retry is refused', () => {
    expect(render(notFailedMsg('j1', 'active'), 'vi')).toBe(
      'tác vụ j1 đang chạy; chỉ chạy lại được tác vụ đã thất bại',
    );
    expect(render(notFailedMsg('j1', 'odd'), 'en')).toBe('job j1 is odd; only failed jobs can be retried');
  });
});
