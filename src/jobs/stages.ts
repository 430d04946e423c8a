import { type MessageKey, type Msg, msg } from '../core/messages.ts';
import { isStage } from '../usecases/progress.ts';
import { type Enqueued, JOB_STATES, type JobView } from './types.ts';

/**
 * Job progress stages as people read them. Processors report a stable English `stage` (what API clients
 * match on); readers also get `progress.text`, the stage in their language, rendered from the catalogue
 * (`job.stage.*`) by the API's `localize`. A stage `outer: inner` (the forecast inside a plan job) is
 * rendered part by part; a stage without a key is shown as it is. The stages: usecases/progress.ts.
 */
const STATES = new Set<string>(JOB_STATES);

/** The stage as a catalogue message, or undefined when it has none. */
export function stageMsg(stage: string): Msg | undefined {
  const i = stage.indexOf(': ');
  if (i > 0) {
    const outer = stageMsg(stage.slice(0, i));
    const inner = stageMsg(stage.slice(i + 2));
    return outer && inner ? msg('job.stage.sub', { stage: outer, sub: inner }) : undefined;
  }
  return isStage(stage) ? msg(`job.stage.${stage.replaceAll(' ', '_')}` as MessageKey) : undefined;
}

/** A job view with `progress.text` (and its message, which `localize` renders and drops). */
export function withStageText(view: JobView): JobView {
  const m = stageMsg(view.progress.stage);
  return {
    ...view,
    progress: { ...view.progress, text: view.progress.stage, ...(m ? { text_msg: m } : {}) },
  };
}

/** `{ job, created }` of a trigger, its job with `progress.text`. */
export function enqueuedView(out: Enqueued): Enqueued {
  return { ...out, job: withStageText(out.job) };
}

/** "job … is <state>; only failed jobs can be retried", the state in the reader's words. */
export function notFailedMsg(id: string, state: string): Msg {
  return msg('job.retry_not_failed', {
    id,
    state: STATES.has(state) ? msg(`job.state.${state}` as MessageKey) : state,
  });
}
