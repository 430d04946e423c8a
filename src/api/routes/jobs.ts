import Type from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { JOB_ID_PATTERN } from '../../jobs/ids.ts';
import { withStageText } from '../../jobs/stages.ts';
import { ERRORS, JobStateSchema, JobViewSchema, QueueNameSchema } from '../../schemas/api.ts';
import type { App, AppDeps } from '../app.ts';

const Id = Type.Object({ id: Type.String({ pattern: JOB_ID_PATTERN, description: 'job id' }) });

export async function jobRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Recent jobs, newest first',
        querystring: Type.Object(
          {
            queue: Type.Optional(QueueNameSchema),
            state: Type.Optional(JobStateSchema),
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 500, description: 'max jobs (default 100)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ jobs: Type.Array(JobViewSchema), runner: Type.String() }), ...ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      return {
        jobs: (await deps.jobs.list(q)).map((j) => withStageText(j, req.lang)),
        runner: deps.jobs.kind,
      };
    },
  );
  app.get(
    '/jobs/schedules',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Repeatable jobs (nightly forecast, weekly draft plan) and their next run',
        response: {
          200: Type.Object({
            schedules: Type.Array(
              Type.Object({
                id: Type.String(),
                queue: Type.String(),
                name: Type.String(),
                cron: Type.String(),
                tz: Type.String(),
                next: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async () => ({ schedules: await deps.jobs.schedules() }),
  );
  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A job: state, progress (percent and stage), result or error',
        params: Id,
        response: { 200: JobViewSchema, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      const job = await deps.jobs.get(id);
      if (!job) throw new DomainError('NOT_FOUND', msg('api.no_job', { id }));
      return withStageText(job, req.lang);
    },
  );
  app.post(
    '/jobs/:id/retry',
    {
      config: { permission: 'schedule' },
      schema: {
        tags: ['jobs'],
        summary: 'Run a failed job again',
        params: Id,
        response: { 200: JobViewSchema, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      return withStageText(await deps.jobs.retry(id), req.lang);
    },
  );
}
