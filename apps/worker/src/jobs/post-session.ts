import { type ChatCompletionsSettings, createCaller, createRecapWriter, type RecapWriter } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import { runPostSessionPipeline } from '../post-session/pipeline';
import { defineJob } from './job';

export const POST_SESSION_QUEUE = 'session.post-session';

/** One SDK client per configuration, not one per job. */
const writers = new WeakMap<ChatCompletionsSettings, RecapWriter>();
function recapWriterFor(settings: ChatCompletionsSettings, logger: Logger): RecapWriter {
  let writer = writers.get(settings);
  if (!writer) {
    writer = createRecapWriter(settings, { logger });
    writers.set(settings, writer);
  }
  return writer;
}

export interface PostSessionData {
  /** The PostSessionRequest this job runs. */
  requestId: string;
  /** Its job id when the job was sent: a run of an older one stores nothing. */
  jobId: string;
}

/**
 * The post-session work of a completed session (draft summary, structured recap, topics),
 * whoever completed it. A run that fails is marked failed and thrown, so pg-boss retries it with
 * backoff; a stale run (the session was asked again since) does nothing; storing twice is
 * harmless.
 */
export const postSessionJob = defineJob<PostSessionData>({
  queue: POST_SESSION_QUEUE,
  cron: null,
  async run(ctx, data, { config }) {
    const api = createCaller(ctx).postSession;
    const job = { id: data.requestId, jobId: data.jobId };
    const text = await api.start(job);
    if (!text) return { status: 'superseded' };
    try {
      const recapWriter = config.chatCompletions ? recapWriterFor(config.chatCompletions, ctx.logger) : null;
      const outcome = await runPostSessionPipeline(text, {
        deepgram: config.deepgram,
        recapWriter,
        logger: ctx.logger,
      });
      const { stored } = await api.store({
        ...job,
        summary: outcome.summary,
        topics: outcome.topics,
        recap: outcome.recap,
      });
      ctx.logger.info(
        {
          appointmentId: text.appointmentId,
          source: outcome.source,
          recap: outcome.recap?.source ?? null,
          topics: outcome.topics,
          stored,
        },
        stored ? 'session summarised' : 'session asked again meanwhile; this run stored nothing',
      );
      return {
        status: stored ? 'done' : 'superseded',
        source: outcome.source,
        recap: outcome.recap?.source ?? null,
        topics: outcome.topics,
      };
    } catch (err) {
      await api.fail({ ...job, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  },
});
