import { LRUCache } from 'lru-cache';
import Type from 'typebox';
import { addDays, isIsoDate, isoWeekday } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { type MessageKey, msg } from '../../core/messages.ts';
import { planJobId, replanJobId } from '../../jobs/ids.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import { EnqueuedSchema, ERRORS } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import { ScenarioInput } from '../../schemas/jobs.ts';
import { getScenario } from '../../store/scenarios-repo.ts';
import { planUsecases } from '../../usecases/pending.ts';
import type { App, AppDeps } from '../app.ts';
import { XLSX_TYPE, xlsxLang } from '../xlsx-reply.ts';

const PlanRequest = Type.Object(
  {
    week: { ...IsoDate, description: 'the Monday of the week to plan' },
    scenario: Type.Optional(ScenarioInput),
    scenarioId: Type.Optional(
      Type.String({ maxLength: 100, description: 'a saved scenario (instead of `scenario`)' }),
    ),
    forecastRunId: Type.Optional(
      Type.String({ maxLength: 200, description: 'forecast run to plan on (default: latest)' }),
    ),
    replan_from: Type.Optional({
      ...IsoDate,
      description:
        'mid-week re-plan of the week’s approved plan: the days before this one are kept as approved, the rest ' +
        'is optimised again under `scenario` (a closure, a sick leave: `staff_leave`, a surge) and saved as a new ' +
        'version (same as POST /plans/:id/replan)',
    }),
  },
  { additionalProperties: false, description: 'a weekly plan to draft' },
);

const ReplanRequest = Type.Object(
  {
    from: { ...IsoDate, description: 'first day optimised again; the planning days before it are kept' },
    scenario: Type.Optional(ScenarioInput),
    scenarioId: Type.Optional(
      Type.String({ maxLength: 100, description: 'a saved scenario (instead of `scenario`)' }),
    ),
    forecastRunId: Type.Optional(
      Type.String({ maxLength: 200, description: 'forecast run to plan on (default: the approved plan’s)' }),
    ),
  },
  { additionalProperties: false, description: 'a mid-week re-plan of an approved plan' },
);

const Decision = Type.Object(
  {
    decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')], {
      description: 'the decision',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'why (shown with the plan)' })),
  },
  { additionalProperties: false, description: 'a manager’s decision on a draft plan' },
);

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'plan id' }) });
const Unknown = Type.Unknown({ description: 'as returned by the weekly plan use case' });

/** Resolves a saved scenario id to its edits. */
export async function scenarioEdits(deps: AppDeps, body: { scenario?: unknown[]; scenarioId?: string }) {
  if (body.scenario && body.scenarioId)
    throw new DomainError('INPUT_INVALID', msg('api.scenario_both'), [
      { field: 'body/scenarioId', reason: msg('api.scenario_both_reason') },
    ]);
  if (!body.scenarioId) return body.scenario;
  const s = await getScenario(deps.db, body.scenarioId);
  if (!s) throw new DomainError('NOT_FOUND', msg('api.no_scenario', { id: body.scenarioId }));
  return s.edits;
}

/** A re-plan's first day must be a day of the plan's week. */
function checkReplanFrom(week: string, from: string, field: string): void {
  if (from < week || from > addDays(week, 6))
    throw new DomainError('INPUT_INVALID', msg('replan.outside_week', { from, week }), [
      { field, value: from, reason: msg('replan.outside_week_reason') },
    ]);
}

export async function planRoutes(app: App, deps: AppDeps): Promise<void> {
  app.post(
    '/plans',
    {
      config: { permission: 'plan' },
      schema: {
        tags: ['plans'],
        summary: 'Draft the plan of a week (a job); the same request twice returns the same job',
        body: PlanRequest,
        response: { 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (!isIsoDate(b.week) || isoWeekday(b.week) !== 1)
        throw new DomainError('INPUT_INVALID', msg('api.not_monday', { week: b.week }), [
          { field: 'body/week', value: b.week, reason: msg('api.not_monday_reason') },
        ]);
      const scenario = await scenarioEdits(deps, b);
      if (b.replan_from !== undefined) {
        checkReplanFrom(b.week, b.replan_from, 'body/replan_from');
        const data = {
          week: b.week,
          from: b.replan_from,
          ...(scenario?.length ? { scenario } : {}),
          ...(b.forecastRunId ? { forecastRunId: b.forecastRunId } : {}),
        };
        // Attendance recorded since an earlier re-plan makes it another job (the kept days change).
        const use = planUsecases(deps.config);
        const attendance = await use.replanAttendanceKey(deps.db, b.week, b.replan_from);
        const inputs = await use.planInputsKey(deps.db, b.week, b.forecastRunId);
        const out = await deps.jobs.enqueue({
          queue: 'plan',
          name: 'replan',
          id: replanJobId({ ...data, attendance, inputs }),
          data: { ...data, requested: { by: req.auth?.keyId ?? '', requestId: req.id } },
        });
        req.audit = { target: out.job.id, details: { created: out.created, replan_from: b.replan_from } };
        return reply.status(202).send(enqueuedView(out, req.lang));
      }
      const data = {
        week: b.week,
        ...(scenario?.length ? { scenario } : {}),
        ...(b.forecastRunId ? { forecastRunId: b.forecastRunId } : {}),
      };
      // The same request after a staff import, a calendar change or the night's forecast is another job.
      const inputs = await planUsecases(deps.config).planInputsKey(deps.db, b.week, b.forecastRunId);
      const out = await deps.jobs.enqueue({
        queue: 'plan',
        name: 'draft',
        id: planJobId({ ...data, inputs }),
        data: { ...data, requested: { by: req.auth?.keyId ?? '', requestId: req.id } },
      });
      req.audit = { target: out.job.id, details: { created: out.created } };
      return reply.status(202).send(enqueuedView(out, req.lang));
    },
  );

  app.post(
    '/plans/:id/replan',
    {
      config: { permission: 'plan' },
      schema: {
        tags: ['plans'],
        summary: 'Re-plan an approved plan from a day on (a job): a new version with its diff',
        description:
          'Keeps the planning days before `from` as approved — a day with attendance records as they recorded it ' +
          '(`kept` in the job result names each kept day’s source) — and optimises the rest again under the plan’s ' +
          'own edits plus `scenario` (e.g. `close_point`, `staff_leave`, `scale_volume`). The job saves a new ' +
          'draft and returns its id and its diff against the approved plan (also `GET /plans/:id/diff/:new`); ' +
          'approving the draft marks the approved plan `superseded`. 409 when the plan is not approved.',
        params: Id,
        body: ReplanRequest,
        response: { 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const b = req.body;
      const head = await planUsecases(deps.config).getPlanHead(deps.db, id);
      if (head.status !== 'approved')
        throw new DomainError(
          'CONFLICT',
          msg('replan.not_approved', { id, status: msg(`plan.status.${head.status}` as MessageKey) }),
        );
      checkReplanFrom(head.week, b.from, 'body/from');
      const scenario = await scenarioEdits(deps, b);
      const data = {
        planId: id,
        from: b.from,
        ...(scenario?.length ? { scenario } : {}),
        ...(b.forecastRunId ? { forecastRunId: b.forecastRunId } : {}),
      };
      const use = planUsecases(deps.config);
      const attendance = await use.replanAttendanceKey(deps.db, head.week, b.from);
      const inputs = await use.planInputsKey(deps.db, head.week, b.forecastRunId);
      const out = await deps.jobs.enqueue({
        queue: 'plan',
        name: 'replan',
        id: replanJobId({ ...data, attendance, inputs }),
        data: { ...data, requested: { by: req.auth?.keyId ?? '', requestId: req.id } },
      });
      req.audit = { target: out.job.id, details: { created: out.created, plan: id, from: b.from } };
      return reply.status(202).send(enqueuedView(out, req.lang));
    },
  );

  app.get(
    '/plans',
    {
      config: { cache: true },
      schema: {
        tags: ['plans'],
        summary: 'Plans, optionally of one week',
        querystring: Type.Object({ week: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: { 200: Unknown, ...ERRORS },
      },
    },
    async (req) => {
      const { week } = req.query;
      return { plans: await planUsecases(deps.config).listPlans(deps.db, week ? { week } : {}) };
    },
  );

  // The trimmed results of the last 32 plans read.
  const planResults = new LRUCache<string, object>({ max: 32 });

  app.get(
    '/plans/:id',
    {
      config: { cache: true },
      schema: {
        tags: ['plans'],
        summary: 'One plan with its moves and KPIs',
        description:
          'By default without the stage-1 problem arrays and the per-person roster entries (about 1.5 MB for ' +
          'Hanoi); `detail=full` returns everything; the roster is also available as CSV.',
        params: Id,
        querystring: Type.Object(
          {
            detail: Type.Optional(
              Type.Union([Type.Literal('summary'), Type.Literal('full')], {
                description:
                  'summary (default): moves, KPIs, explanation; full: also the problem and every roster entry',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Unknown, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      const { detail } = req.query;
      const usecases = planUsecases(deps.config);
      if (detail === 'full') return usecases.getPlan(deps.db, id);
      // A plan's result never changes once saved (its id hashes every input): only its head (status,
      // decision) is read each time; its trimmed result is kept in memory.
      const head = await usecases.getPlanHead(deps.db, id);
      let result = planResults.get(id);
      if (result === undefined) {
        result = (await usecases.getPlanSummary(deps.db, id)).result;
        planResults.set(id, result);
      }
      return { ...head, result };
    },
  );

  app.get(
    '/plans/:id/diff/:other',
    {
      config: { cache: true },
      schema: {
        tags: ['plans'],
        summary: 'What changes from plan `id` to plan `other`',
        description:
          'KPIs of both and B − A; staff present per point and day where they differ; the named moves person by person and day by day: `moves.changed` (same person and day, another destination, origin or minutes; `before` and `after`), `moves.added` (only in `other`), `moves.removed` (only in `id`).',
        params: Type.Object({ id: Id.properties.id, other: Id.properties.id }),
        response: { 200: Unknown, ...ERRORS },
      },
    },
    async (req) => {
      const { id, other } = req.params;
      return planUsecases(deps.config).diffPlans(deps.db, id, other);
    },
  );

  app.post(
    '/plans/:id/decision',
    {
      config: { permission: 'decide' },
      schema: {
        tags: ['plans'],
        summary: 'Approve or reject a draft plan (managers)',
        params: Id,
        body: Decision,
        response: { 200: Unknown, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      const d = req.body;
      const out = await planUsecases(deps.config).decidePlan(deps.db, id, {
        decision: d.decision,
        by: req.auth?.keyId ?? '',
        ...(d.note ? { note: d.note } : {}),
      });
      req.audit = { target: id, details: { decision: d.decision } };
      return out;
    },
  );

  app.get(
    '/plans/:id/csv',
    {
      config: { cache: true },
      schema: {
        tags: ['plans'],
        summary: 'The plan’s moves as CSV',
        params: Id,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'CSV' }), ...ERRORS },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const csv = await planUsecases(deps.config).planCsv(deps.db, id, req.lang);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/plans/:id/xlsx',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['plans'],
        summary: 'The plan as an Excel workbook: moves with reasons, one sheet per day, KPIs, utilisation',
        description:
          'Headers and reasons in Vietnamese unless `Accept-Language` asks for English; dates dd/mm/yyyy; text cells that a spreadsheet would run as formulas are neutralised as in the CSV.',
        params: Id,
        produces: [XLSX_TYPE],
        response: { 200: Type.Unknown({ description: 'xlsx workbook' }), ...ERRORS },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const buf = await planUsecases(deps.config).planXlsx(deps.db, id, xlsxLang(req));
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.xlsx"`)
        .send(buf);
    },
  );
}
