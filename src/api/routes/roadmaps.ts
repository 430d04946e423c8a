import Type from 'typebox';
import { roadmapJobId } from '../../jobs/ids.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import { EnqueuedSchema, ERRORS } from '../../schemas/api.ts';
import { RoadmapDecision, RoadmapRequest } from '../../schemas/establishment.ts';
import { listRoadmaps } from '../../store/roadmaps-repo.ts';
import { decideRoadmap, getRoadmap, roadmapCsv } from '../../usecases/roadmap.ts';
import type { App, AppDeps } from '../app.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'roadmap id' }) });
const Unknown = Type.Unknown({ description: 'as returned by the roadmap use case' });

/** Establishment roadmaps (issue #16): computed as a plan-queue job, read, approved by a manager (audited). */
export async function roadmapRoutes(app: App, deps: AppDeps): Promise<void> {
  app.post(
    '/roadmaps',
    {
      config: { permission: 'plan' },
      schema: {
        tags: ['roadmaps'],
        summary:
          'Compute an establishment roadmap (a job on the plan queue); the same request returns the same job',
        body: RoadmapRequest,
        response: { 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const out = await deps.jobs.enqueue({
        queue: 'plan',
        name: 'roadmap',
        id: roadmapJobId(body),
        data: { ...body, requested: { by: req.auth?.keyId ?? '', requestId: req.id } },
      });
      req.audit = { target: out.job.id, details: { created: out.created } };
      return reply.status(202).send(enqueuedView(out, req.lang));
    },
  );

  app.get(
    '/roadmaps',
    {
      schema: {
        tags: ['roadmaps'],
        summary: 'Roadmaps, newest first',
        response: { 200: Unknown, ...ERRORS },
      },
    },
    async () => ({ roadmaps: await listRoadmaps(deps.db) }),
  );

  app.get(
    '/roadmaps/:id',
    {
      schema: {
        tags: ['roadmaps'],
        summary:
          'One roadmap: transfers per quarter (person, from, to, why), utilisation, the trade-off curve',
        params: Id,
        response: { 200: Unknown, ...ERRORS },
      },
    },
    async (req) => getRoadmap(deps.db, req.params.id),
  );

  app.get(
    '/roadmaps/:id/csv',
    {
      schema: {
        tags: ['roadmaps'],
        summary: 'The transfers of a roadmap as CSV',
        params: Id,
        response: { 200: Type.String({ description: 'CSV' }), ...ERRORS },
      },
    },
    async (req, reply) => {
      const r = await getRoadmap(deps.db, req.params.id);
      return reply.type('text/csv; charset=utf-8').send(roadmapCsv(r.result, req.lang ?? 'en'));
    },
  );

  app.post(
    '/roadmaps/:id/decision',
    {
      config: { permission: 'decide' },
      schema: {
        tags: ['roadmaps'],
        summary:
          'Approve or reject a draft roadmap (managers); approval moves the first quarter’s home points',
        params: Id,
        body: RoadmapDecision,
        response: { 200: Unknown, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      const d = req.body;
      const out = await decideRoadmap(deps.db, id, {
        decision: d.decision,
        by: req.auth?.keyId ?? '',
        ...(d.note ? { note: d.note } : {}),
      });
      req.audit = { target: id, details: { decision: d.decision } };
      return out;
    },
  );
}
