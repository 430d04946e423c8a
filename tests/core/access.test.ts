import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf, ROLES } from '../../src/core/access.ts';

describe('roles', () => {
  it('follow the issue: viewer reads, planner drafts, manager approves, scheduler runs jobs, admin manages keys', () => {
    expect(permissionsOf('viewer')).toEqual(['read']);
    expect(can('planner', 'plan') && !can('planner', 'decide')).toBe(true);
    expect(can('manager', 'decide') && can('manager', 'plan')).toBe(true);
    expect(can('scheduler', 'schedule') && !can('scheduler', 'decide') && !can('scheduler', 'plan')).toBe(
      true,
    );
    expect(ROLES.filter((r) => can(r, 'admin'))).toEqual(['admin']);
    // viewer < planner < manager: each holds every permission of the one below.
    for (const p of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
      if (can('viewer', p)) expect(can('planner', p)).toBe(true);
      if (can('planner', p)) expect(can('manager', p)).toBe(true);
    }
  });
});

describe('the README role table', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const row = (role: string) => readme.split('\n').find((l) => l.startsWith(`| \`${role}\``)) ?? '';

  it('says "edit closures" for every role that may edit them (the data permission), planner to scheduler', () => {
    for (const role of PERMISSIONS.data) {
      // manager's row continues planner's ("+ …"); admin's says "everything".
      const text = row(role).includes('+ approve') ? `${row('planner')} ${row(role)}` : row(role);
      expect(text.includes('edit closures') || text.includes('everything'), role).toBe(true);
    }
    expect(row('viewer')).not.toContain('closures');
  });
});
