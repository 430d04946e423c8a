import { type Lang, type MessageKey, type Msg, msg, render } from '../core/messages.ts';
import { isStage } from '../usecases/progress.ts';
import { type Enqueued, JOB_STATES, type JobError, type JobView } from './types.ts';

/**
 * Job progress stages as people read them. Processors report a stable English `stage` (what API clients
 * match on); readers also get `progress.text`, the stage in their language, rendered from the catalogue
 * (`job.stage.*`) by the API's renderer. A stage `outer: inner` (the forecast inside a plan job) is
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

/** A job as a reader sees it: its texts (stage, error message) rendered in their language. */
export type ShownJob = Omit<JobView, 'error'> & { error?: Omit<JobError, 'message'> & { message: string } };

/**
 * A job view with `progress.text`, the stage in `lang` (the stage itself when it has no message), and its
 * error's message in `lang`.
 */
export function withStageText(view: JobView, lang: Lang = 'en'): ShownJob {
  const stage = stageMsg(view.progress.stage);
  const { error, ...rest } = view;
  const shown: ShownJob = {
    ...rest,
    progress: { ...view.progress, text: stage ? render(stage, lang) : view.progress.stage },
  };
  if (error)
    shown.error = {
      ...error,
      message: typeof error.message === 'string' ? error.message : render(error.message, lang),
    };
  return shown;
}

/** `{ job, created }` of a trigger, its job as `withStageText` shows it. */
export function enqueuedView(out: Enqueued, lang: Lang = 'en'): { job: ShownJob; created: boolean } {
  return { ...out, job: withStageText(out.job, lang) };
}

/** "job … is <state>; only failed jobs can be retried", the state in the reader's words. */
export function notFailedMsg(id: string, state: string): Msg {
  return msg('job.retry_not_failed', {
    id,
    state: STATES.has(state) ? msg(`job.state.${state}` as MessageKey) : state,
  });
}
