import type { DeepgramClient } from '@deepgram/sdk';
import type { ApiClient } from '@hybridcoach/api/client';
import type { Logger } from '@hybridcoach/config';
import type { DeepgramSettings } from '../config';
import type { AgentCounters } from '../metrics';
import { SegmentNumbering } from '../outbox/segment';
import type { RoomOutbox, TranscriptOutbox } from '../outbox/transcript-outbox';
import { Backoff, isPermanent, message, retrying, StoppedError, sleep } from '../retry';
import { summarizeSession } from '../summary/summarize-session';
import type { RoomConnection, RoomParticipant, RoomTarget, RoomTransport } from '../transport/room-transport';
import { AudioMixer } from '../voice/audio-mixer';
import { SpeakerTracker } from '../voice/speaker-tracker';
import { VoiceSession } from '../voice/voice-session';
import { buildSettings, type ConversationTurn } from '../voice/voice-settings';
import { timerAnnouncement } from './announcements';

export type ClaimedRoom = Awaited<ReturnType<ApiClient['agent']['claim']['mutate']>>[number];

/** Participants' audio goes to Deepgram at 16 kHz; its voice comes back at 24 kHz. */
export const AUDIO = { inputSampleRate: 16_000, outputSampleRate: 24_000 } as const;
const MIX_INTERVAL_MS = 20;
const HISTORY_LIMIT = 200;

/** Lets a benchmark see each ConversationText the moment it arrives. */
export type ConversationObserver = (event: {
  appointmentId: string;
  role: 'user' | 'assistant';
  content: string;
  at: number;
}) => void;

export interface RoomServices {
  api: ApiClient;
  agentId: string;
  logger: Logger;
  counters: AgentCounters;
  outbox: TranscriptOutbox;
  transport: RoomTransport | null;
  deepgram: { client: DeepgramClient; settings: DeepgramSettings } | null;
  tickMs: number;
  retry: { baseMs: number; maxMs: number };
  observer?: ConversationObserver;
}

export type RoomState = 'starting' | 'live' | 'finishing' | 'closed';
export type FinishReason = 'ended' | 'time' | 'cancelled';

/**
 * One claimed room, from joining to the summary: the timer ticks from the start; the client's
 * context is read; the LiveKit room is joined when the server minted a token for it, and the
 * Voice Agent conversation runs when Deepgram is configured. Every ConversationText becomes a
 * transcript segment in the durable outbox and a data-channel message. At the end the outbox is
 * drained, the session summarised and completed, and the claim marked done.
 */
export class RoomSession {
  readonly appointmentId: string;
  readonly logger: Logger;
  private state: RoomState = 'starting';
  private readonly stop = new AbortController();
  private outbox: RoomOutbox | null = null;
  private connection: RoomConnection | null = null;
  private voice: VoiceSession | null = null;
  private readonly mixer = new AudioMixer(AUDIO.inputSampleRate * 5);
  private readonly speakers = new SpeakerTracker();
  private readonly numbering: SegmentNumbering;
  private readonly history: ConversationTurn[] = [];
  private tickTimer: NodeJS.Timeout | null = null;
  private mixTimer: NodeJS.Timeout | null = null;
  private ticking = false;
  private finishing: Promise<void> | null = null;
  private context = '';

  constructor(
    readonly room: ClaimedRoom,
    private readonly services: RoomServices,
  ) {
    this.appointmentId = room.appointmentId;
    this.logger = services.logger.child({ appointmentId: room.appointmentId, roomId: room.roomId, epoch: room.epoch });
    this.numbering = new SegmentNumbering(room.appointmentId, room.epoch);
  }

  get status() {
    return {
      appointmentId: this.appointmentId,
      state: this.state,
      media: this.connection ? (this.services.transport?.name ?? 'none') : 'none',
      voice: this.voice?.state ?? 'off',
    };
  }

  get isFinishing(): boolean {
    return this.finishing !== null;
  }

  async start(): Promise<void> {
    const { services, logger } = this;
    this.outbox = await services.outbox.open(this.appointmentId, this.room.epoch);
    if (this.ended()) {
      this.outbox.retire();
      return;
    }
    // The timer needs nothing else: text rooms get their warnings too.
    this.tickTimer = setInterval(() => void this.tick(), services.tickMs);
    void this.tick();
    this.context = await this.readContext();
    if (this.ended()) return;
    const voiceWanted = services.deepgram !== null && services.transport !== null && this.room.livekit !== null;
    if (this.room.livekit && services.transport) void this.joinMedia(this.room.livekit, voiceWanted, false);
    if (voiceWanted) this.startVoice();
    this.state = 'live';
    logger.info(
      {
        media: this.room.livekit && services.transport ? services.transport.name : 'none',
        voice: voiceWanted ? 'deepgram' : 'off',
      },
      voiceWanted ? 'serving room' : 'serving text room: timer, transcript persistence and summary',
    );
  }

  /** Shut down or finishing: nothing new is started. */
  private ended(): boolean {
    return this.stop.signal.aborted || this.finishing !== null;
  }

  private async readContext(): Promise<string> {
    try {
      const context = await retrying(
        () => this.services.api.agent.clientContext.query({ appointmentId: this.appointmentId }),
        {
          backoff: new Backoff(this.services.retry.baseMs, this.services.retry.maxMs),
          signal: this.stop.signal,
          onRetry: (err) => this.logger.warn({ err: message(err) }, 'could not read the client context yet'),
        },
      );
      return context.prompt;
    } catch (err) {
      if (!(err instanceof StoppedError))
        this.logger.warn({ err: message(err) }, 'no client context; the agent starts without it');
      return '';
    }
  }

  /** Joins the media room, and rejoins with a fresh token whenever the connection is lost. */
  private async joinMedia(
    first: NonNullable<ClaimedRoom['livekit']>,
    subscribeAudio: boolean,
    rejoin: boolean,
  ): Promise<void> {
    const { services, logger } = this;
    const transport = services.transport;
    if (!transport) return;
    const backoff = new Backoff(services.retry.baseMs, services.retry.maxMs);
    let target: RoomTarget = { roomId: this.room.roomId, ...first };
    let attempt = rejoin ? 1 : 0;
    while (!this.ended()) {
      if (attempt++ > 0) {
        await sleep(backoff.next(), this.stop.signal);
        // Tokens are short-lived; a rejoin asks for a new one.
        const fresh = await services.api.agent.roomToken
          .mutate({ agentId: services.agentId, appointmentId: this.appointmentId })
          .catch((err: unknown) => {
            logger.warn({ err: message(err) }, 'could not get a fresh room token');
            return null;
          });
        if (fresh) target = { roomId: this.room.roomId, ...fresh };
        if (this.ended()) return;
      }
      try {
        const connection = await transport.join(
          target,
          { ...AUDIO, subscribeAudio },
          {
            onAudio: (participant, frame) => this.onAudio(participant, frame),
            onParticipantJoined: (p) => logger.info({ identity: p.identity, role: p.role }, 'participant in the room'),
            onParticipantLeft: (p) => {
              this.mixer.remove(p.identity);
              logger.info({ identity: p.identity, role: p.role }, 'participant left the room');
            },
            onDisconnected: (reason) => {
              if (this.connection !== connection) return;
              this.connection = null;
              logger.warn({ reason }, 'lost the media room; rejoining');
              void this.joinMedia(first, subscribeAudio, true);
            },
          },
        );
        if (this.ended()) {
          await connection.leave().catch(() => undefined);
          return;
        }
        this.connection = connection;
        logger.info({ transport: transport.name }, 'joined the media room');
        return;
      } catch (err) {
        logger.warn({ err: message(err), attempt }, 'could not join the media room');
      }
    }
  }

  private startVoice(): void {
    const deepgram = this.services.deepgram;
    if (!deepgram) return;
    const { room } = this;
    this.voice = new VoiceSession({
      client: deepgram.client,
      logger: this.logger,
      counters: this.services.counters,
      retry: this.services.retry,
      inputSampleRate: AUDIO.inputSampleRate,
      settings: () =>
        buildSettings({
          deepgram: deepgram.settings,
          clientContext: this.context,
          coachName: room.coach.displayName,
          clientName: room.client.displayName,
          ...AUDIO,
          history: this.history,
        }),
      events: {
        onReady: () => this.logger.info('voice conversation live'),
        onConversationText: (role, content) => this.onConversationText(role, content),
        onUserStartedSpeaking: () => this.connection?.clearAudio(),
        onAgentAudio: (pcm) => this.connection?.playAudio(pcm),
        onAgentAudioDone: () => this.logger.debug('agent finished speaking'),
      },
    });
    this.voice.start();
    this.mixTimer = setInterval(() => {
      const mixed = this.mixer.drain();
      if (mixed) this.voice?.sendAudio(mixed);
    }, MIX_INTERVAL_MS);
  }

  private onAudio(participant: RoomParticipant, frame: Int16Array): void {
    if (participant.role === 'agent' || !this.voice) return;
    this.speakers.observe(participant, frame);
    this.mixer.push(participant.identity, frame);
  }

  /** Every ConversationText, both roles: one transcript segment, in order, exactly once. */
  private onConversationText(role: 'user' | 'assistant', content: string): void {
    this.services.observer?.({ appointmentId: this.appointmentId, role, content, at: performance.now() });
    this.services.counters.segmentsReceived++;
    const segment = this.numbering.next({
      speaker: role === 'assistant' ? 'ai' : this.speakers.take(),
      content,
      spokenAt: new Date(),
    });
    if (!segment) return;
    this.history.push({ role, content: segment.content });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    if (!this.outbox) {
      this.logger.error({ seq: segment.seq }, 'transcript segment before the outbox was open');
      return;
    }
    // Participants see it through the server's live feed once it is stored.
    this.outbox.push(segment);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.finishing || this.stop.signal.aborted) return;
    this.ticking = true;
    try {
      const warning = await this.services.api.agent.tick.mutate({ appointmentId: this.appointmentId });
      if (warning) this.announce(warning.minutesLeft);
    } catch (err) {
      this.logger.debug({ err: message(err) }, 'timer tick failed; trying again at the next one');
    } finally {
      this.ticking = false;
    }
  }

  /** Speaks a warning the server stored (participants see it through the live feed). */
  private announce(minutesLeft: number): void {
    this.services.counters.timerWarnings++;
    this.logger.info({ minutesLeft }, 'timer warning');
    this.voice?.say(timerAnnouncement(minutesLeft));
  }

  /** Stops listening and speaking; no more segments will come from this room. */
  private async quiet(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.mixTimer) clearInterval(this.mixTimer);
    this.tickTimer = null;
    this.mixTimer = null;
    const voice = this.voice;
    const connection = this.connection;
    this.voice = null;
    this.connection = null;
    await voice?.close();
    await connection
      ?.leave()
      .catch((err: unknown) => this.logger.warn({ err: message(err) }, 'could not leave the room'));
    this.outbox?.retire();
  }

  /** The session is over: deliver the transcript, summarise, complete, and mark the claim done. */
  finish(reason: FinishReason): Promise<void> {
    this.finishing ??= this.completeAndRelease(reason).catch((err: unknown) => {
      if (!(err instanceof StoppedError)) this.logger.error({ err: message(err) }, 'could not finish the session');
    });
    return this.finishing;
  }

  private async completeAndRelease(reason: FinishReason): Promise<void> {
    const { api, agentId, counters } = this.services;
    const signal = this.stop.signal;
    const retry = () => ({
      backoff: new Backoff(this.services.retry.baseMs, this.services.retry.maxMs),
      signal,
      onRetry: (err: unknown) => this.logger.warn({ err: message(err) }, 'server not reachable; retrying'),
    });
    this.state = 'finishing';
    this.logger.info({ reason }, 'session over; finishing');
    await this.quiet();
    await this.outbox?.drained(signal);
    if (signal.aborted) throw new StoppedError();
    if (reason !== 'cancelled') {
      const text = await retrying(() => api.agent.sessionText.query({ appointmentId: this.appointmentId }), retry());
      const lines = text.lines.map((l) => ({ speaker: l.speaker, text: l.content, fromAgent: l.sender === 'ai' }));
      const result = await summarizeSession(lines, {
        deepgram: this.services.deepgram?.client ?? null,
        logger: this.logger,
        signal,
      });
      try {
        await retrying(
          () =>
            api.agent.completeSession.mutate({
              appointmentId: this.appointmentId,
              summary: result.summary?.slice(0, 20_000) ?? null,
              topics: result.topics,
            }),
          retry(),
        );
        counters.roomsCompleted++;
        this.logger.info(
          { source: result.source, topics: result.topics, summaryChars: result.summary?.length ?? 0 },
          'session completed with summary',
        );
      } catch (err) {
        if (!isPermanent(err)) throw err;
        this.logger.warn({ err: message(err) }, 'the server refused the completion');
      }
    }
    await retrying(
      () => api.agent.release.mutate({ agentId, appointmentId: this.appointmentId, done: true }),
      retry(),
    ).catch((err: unknown) => {
      if (!isPermanent(err)) throw err;
    });
    this.state = 'closed';
  }

  /** Agent shutdown: leave the room; the transcript still pending is flushed by the supervisor. */
  async shutdown(): Promise<void> {
    this.stop.abort();
    await this.quiet();
    this.state = 'closed';
  }

  /** Another agent holds the room now: stop at once; what was said here is still delivered. */
  async abandon(): Promise<void> {
    this.logger.warn('another agent took this room over; leaving it');
    await this.shutdown();
  }
}
