/**
 * Who may do what. Roles are not a strict ladder: viewer < planner < manager for planning, while the
 * scheduler runs jobs and the admin manages keys (and may do everything, to operate the service).
 */
export const ROLES = ['viewer', 'planner', 'manager', 'scheduler', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Read anything but keys and the audit log. */
  read: ['viewer', 'planner', 'manager', 'scheduler', 'admin'],
  /** Draft a weekly plan, save scenarios, run simulations. */
  plan: ['planner', 'manager', 'admin'],
  /** Approve or reject a plan. */
  decide: ['manager', 'admin'],
  /** Trigger forecasts and imports, retry jobs, see schedules. */
  schedule: ['scheduler', 'admin'],
  /** Upload points, staff and volumes; edit local closures. */
  data: ['planner', 'manager', 'scheduler', 'admin'],
  /** Read the audit log. */
  audit: ['manager', 'admin'],
  /** Create, list and revoke API keys; the queue board. */
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** Whether `role` holds `permission`. Example: `can('viewer', 'decide') === false`. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The permissions a role holds (for `/me`, so a client can hide what it cannot do). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}
