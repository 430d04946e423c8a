import Type from 'typebox';
import { isIsoDate } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { shortHash, simulateJobId } from '../../jobs/ids.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import { EnqueuedSchema, ERRORS } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import { ScenarioInput, SimulateJobData } from '../../schemas/jobs.ts';
import {
  deleteScenario,
  getScenario,
  getSimulationRun,
  insertScenario,
  listScenarios,
} from '../../store/scenarios-repo.ts';
import type { App, AppDeps } from '../app.ts';
import { scenarioEdits } from './plans.ts';

const ScenarioBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'e.g. "+30% land dossiers, HN-042 closed"',
    }),
    edits: ScenarioInput,
  },
  { additionalProperties: false, description: 'a named what-if scenario' },
);
const ScenarioRow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  edits: Type.Array(Type.Unknown()),
  created_at: Type.String(),
  created_by: Type.Union([Type.String(), Type.Null()]),
});

const SimulationRequest = Type.Object(
  {
    planId: SimulateJobData.properties.planId,
    week: Type.Optional({ ...IsoDate, description: 'a week (its Monday) to simulate without a plan' }),
    scenario: Type.Optional(ScenarioInput),
    scenarioId: Type.Optional(
      Type.String({ maxLength: 100, description: 'a saved scenario (instead of `scenario`)' }),
    ),
    replications: SimulateJobData.properties.replications,
    seed: SimulateJobData.properties.seed,
  },
  { additionalProperties: false, description: 'a simulation to run' },
);

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export async function scenarioRoutes(app: App, deps: AppDeps): Promise<void> {
  app.post(
    '/scenarios',
    {
      config: { permission: 'plan' },
      schema: {
        tags: ['scenarios'],
        summary: 'Save a scenario',
        body: ScenarioBody,
        response: { 201: ScenarioRow, ...ERRORS },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const row = await insertScenario(deps.db, {
        id: `scn-${shortHash([b.name, b.edits], 12)}`,
        name: b.name,
        edits: b.edits,
        createdBy: req.auth?.keyId,
      });
      req.audit = { target: row.id };
      return reply.status(201).send(row);
    },
  );
  app.get(
    '/scenarios',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Saved scenarios',
        response: { 200: Type.Object({ scenarios: Type.Array(ScenarioRow) }), ...ERRORS },
      },
    },
    async () => ({ scenarios: await listScenarios(deps.db) }),
  );
  app.get(
    '/scenarios/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'One scenario',
        params: Id,
        response: { 200: ScenarioRow, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      const s = await getScenario(deps.db, id);
      if (!s) throw new DomainError('NOT_FOUND', msg('api.no_scenario', { id }));
      return s;
    },
  );
  app.delete(
    '/scenarios/:id',
    {
      config: { permission: 'plan' },
      schema: {
        tags: ['scenarios'],
        summary: 'Delete a scenario',
        params: Id,
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      if (!(await deleteScenario(deps.db, id)))
        throw new DomainError('NOT_FOUND', msg('api.no_scenario', { id }));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/simulations',
    {
      config: { permission: 'plan' },
      schema: {
        tags: ['scenarios'],
        summary:
          'Simulate a plan or a week under a scenario (a job); the same request twice returns the same job',
        body: SimulationRequest,
        response: { 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (!b.planId && !b.week)
        throw new DomainError('INPUT_INVALID', msg('api.plan_or_week'), [
          { field: 'body/planId', reason: msg('api.plan_or_week_reason') },
        ]);
      if (b.week && !isIsoDate(b.week))
        throw new DomainError('INPUT_INVALID', msg('api.not_a_date', { value: b.week }), [
          { field: 'body/week', value: b.week, reason: msg('api.not_a_date_reason') },
        ]);
      const scenario = await scenarioEdits(deps, b);
      const data = {
        ...(b.planId ? { planId: b.planId } : {}),
        ...(b.week ? { week: b.week } : {}),
        ...(scenario?.length ? { scenario } : {}),
        ...(b.replications !== undefined ? { replications: b.replications } : {}),
        ...(b.seed !== undefined ? { seed: b.seed } : {}),
      };
      const out = await deps.jobs.enqueue({
        queue: 'simulate',
        name: 'run',
        id: simulateJobId(data),
        data: { ...data, requested: { by: req.auth?.keyId ?? '', requestId: req.id } },
      });
      req.audit = { target: out.job.id, details: { created: out.created } };
      return reply.status(202).send(enqueuedView(out, req.lang));
    },
  );

  app.get(
    '/simulations/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'The result of a simulation job (its id)',
        params: Id,
        response: {
          200: Type.Object({
            id: Type.String(),
            created_at: Type.String(),
            input: Type.Unknown(),
            result: Type.Unknown({ description: 'as returned by the simulation use case' }),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => {
      const { id } = req.params;
      const run = await getSimulationRun(deps.db, id);
      if (!run) throw new DomainError('NOT_FOUND', msg('api.no_simulation_result', { id }));
      return run;
    },
  );
}
