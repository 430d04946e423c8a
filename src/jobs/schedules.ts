import type { Config } from '../config.ts';
import type { QueueName } from './types.ts';

/** The repeatable triggers: nightly forecast of every series, weekly draft plan for next week, nightly overdue risk. */
export function scheduleList(
  config: Config,
): Array<{ id: string; queue: QueueName; name: string; cron: string; tz: string }> {
  return [
    {
      id: 'nightly-forecast',
      queue: 'forecast',
      name: 'nightly',
      cron: config.NIGHTLY_FORECAST_CRON,
      tz: config.SCHEDULE_TZ,
    },
    {
      id: 'weekly-plan',
      queue: 'plan',
      name: 'weekly',
      cron: config.WEEKLY_PLAN_CRON,
      tz: config.SCHEDULE_TZ,
    },
    {
      id: 'nightly-alerts',
      queue: 'alerts',
      name: 'nightly',
      cron: config.NIGHTLY_ALERTS_CRON,
      tz: config.SCHEDULE_TZ,
    },
  ];
}
