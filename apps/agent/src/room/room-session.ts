import type { DeepgramClient } from '@deepgram/sdk';
import type { ApiClient } from '@hybridcoach/api/client';
import type { AssistantMode, AssistantState } from '@hybridcoach/api/wire';
import type { Logger } from '@hybridcoach/config';
import { AttentionWindows, addressed } from '../assistant/addressing';
import { VoiceAgent } from '../assistant/voice-agent';
import { buildSettings, type ConversationTurn } from '../assistant/voice-settings';
import type { DeepgramSettings } from '../config';
import type { AgentCounters } from '../metrics';
import { SegmentNumbering, type Speaker } from '../outbox/segment';
import type { RoomOutbox, TranscriptOutbox } from '../outbox/transcript-outbox';
import { Backoff, message, retrying, StoppedError, sleep } from '../retry';
import { CaptionSender } from '../transcription/caption-sender';
import { ParticipantTranscriber } from '../transcription/participant-transcriber';
import type { RoomConnection, RoomParticipant, RoomTarget, RoomTransport } from '../transport/room-transport';
import { timerAnnouncement } from './announcements';
import type { RoomLease } from './lease';
import { followRoomFeed } from './room-feed';

export type ClaimedRoom = Awaited<ReturnType<ApiClient['agent']['claim']['mutate']>>[number];

/** Participants' audio is transcribed at 16 kHz; the assistant's voice comes back at 24 kHz. */
export const AUDIO = { inputSampleRate: 16_000, outputSampleRate: 24_000 } as const;
const HISTORY_LIMIT = 400;
/** After "Ask the assistant" (or calling it by name alone), the asker's next words are for it within this. */
const ATTENTION_MS = 20_000;

/** Lets a benchmark see each stored segment and caption the moment the agent has it. */
export type TranscriptObserver = (event: {
  appointmentId: string;
  kind: 'caption' | 'segment';
  identity: string | null;
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
  /** Peer-to-peer rooms (no LiveKit): the browsers' microphones through the server's relay. */
  relay?: RoomTransport | null;
  deepgram: { client: DeepgramClient; settings: DeepgramSettings } | null;
  tickMs: number;
  retry: { baseMs: number; maxMs: number };
  wakePhrase: string;
  voiceIdleMs: number;
  observer?: TranscriptObserver;
}

export type RoomState = 'starting' | 'live' | 'finishing' | 'closed';

/** How the agent reaches a room's audio: LiveKit (tokens expire: a rejoin asks for a new one) or the relay. */
interface MediaRoute {
  transport: RoomTransport;
  target: RoomTarget;
  freshTokens: boolean;
}
export type FinishReason = 'ended' | 'time' | 'cancelled';

interface Turn extends ConversationTurn {
  /** The assistant already knows it (it said it, or it went with a Settings or an injection). */
  known: boolean;
}

/** Staff speak as the coach or admin in the transcript; everyone else as the client. */
export function speakerOf(participant: RoomParticipant): Exclude<Speaker, 'ai'> {
  return participant.role === 'coach' ? 'coach' : participant.role === 'admin' ? 'admin' : 'client';
}

/**
 * One claimed room, from joining to its end. The timer ticks from the start. The media room is
 * joined when the server minted a token; each participant's audio goes to their own Deepgram
 * speech-to-text stream, whose interim results become live captions and whose utterances become
 * transcript segments with that participant as the speaker (journaled, then sent under this
 * claim's epoch). The assistant hears the conversation as text and speaks only when addressed
 * (scribe), never (off), or on every turn (conversational); it always speaks timer warnings
 * unless off. Its history is the stored conversation, so a re-claimed room carries on where it
 * was, without a second greeting. Every output checks the lease proof first: a room whose lease
 * cannot be proven is left.
 */
export class RoomSession {
  readonly appointmentId: string;
  readonly logger: Logger;
  private state: RoomState = 'starting';
  private readonly stop = new AbortController();
  private outbox: RoomOutbox | null = null;
  private connection: RoomConnection | null = null;
  private voice: VoiceAgent | null = null;
  private readonly transcribers = new Map<string, { participant: RoomParticipant; stream: ParticipantTranscriber }>();
  private readonly captions: CaptionSender;
  private readonly numbering: SegmentNumbering;
  private readonly history: Turn[] = [];
  /** History indexes of utterances addressed to the assistant and not yet put to it. */
  private readonly questions: number[] = [];
  private readonly attention = new AttentionWindows(ATTENTION_MS);
  private mode: AssistantMode;
  private reported: AssistantState | null = null;
  private feed: { stop(): void } | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private ticking = false;
  private finishing: Promise<void> | null = null;
  private context = '';

  constructor(
    readonly room: ClaimedRoom,
    private readonly services: RoomServices,
    private readonly lease: RoomLease,
  ) {
    this.appointmentId = room.appointmentId;
    this.logger = services.logger.child({ appointmentId: room.appointmentId, roomId: room.roomId, epoch: room.epoch });
    this.numbering = new SegmentNumbering(room.appointmentId, room.epoch);
    this.mode = room.assistantMode;
    this.captions = new CaptionSender(async (identity, caption) => {
      if (!this.lease.holds()) return;
      await services.api.agent.caption.mutate({
        appointmentId: this.appointmentId,
        agentId: services.agentId,
        epoch: room.epoch,
        identity,
        text: caption.text,
        startedAt: caption.startedAt,
      });
      services.counters.captionsSent++;
    });
  }

  get status() {
    return {
      appointmentId: this.appointmentId,
      epoch: this.room.epoch,
      state: this.state,
      mode: this.mode,
      media: this.connection ? (this.route()?.transport.name ?? 'none') : 'none',
      transcription: [...this.transcribers.values()].map((t) => t.stream.state),
      voice: this.voice?.state ?? 'off',
    };
  }

  get isFinishing(): boolean {
    return this.finishing !== null;
  }

  get transcriptionStreams(): number {
    return this.transcribers.size;
  }

  async start(): Promise<void> {
    const { services, logger } = this;
    this.outbox = await services.outbox.open(this.appointmentId, this.room.epoch);
    if (this.ended()) {
      this.outbox.retire();
      return;
    }
    const media = this.route();
    const voiceWanted = services.deepgram !== null && media !== null;
    if (voiceWanted) {
      const [context, history] = await Promise.all([this.readContext(), this.readHistory()]);
      this.context = context;
      this.history.push(...history);
      if (this.ended()) return;
      this.feed = followRoomFeed(
        services.api,
        this.heldRoom(),
        { onMode: (mode) => this.setMode(mode), onAsked: (identity, at) => this.onAsked(identity, at) },
        logger,
      );
      this.startAssistant();
    }
    // The timer needs nothing else (text rooms get their warnings too); in a voice room the
    // assistant is there first, to speak them.
    this.tickTimer = setInterval(() => void this.tick(), services.tickMs);
    void this.tick();
    // A relay carries nothing but audio to transcribe: without Deepgram it is not joined at all.
    if (media && (media.freshTokens || voiceWanted)) void this.joinMedia(media, voiceWanted, false);
    this.state = 'live';
    logger.info(
      {
        media: media?.transport.name ?? 'none',
        voice: voiceWanted ? 'deepgram' : 'off',
        mode: this.mode,
        history: this.history.length,
      },
      voiceWanted ? 'serving room' : 'serving text room: timer and transcript persistence',
    );
  }

  /** The claim this room is read and acted on under: the server answers only its current holder. */
  private heldRoom() {
    return { appointmentId: this.appointmentId, agentId: this.services.agentId, epoch: this.room.epoch };
  }

  /** Shut down, fenced or finishing: nothing new is started. */
  private ended(): boolean {
    return this.stop.signal.aborted || this.finishing !== null;
  }

  private retryOptions(what: string) {
    return {
      backoff: new Backoff(this.services.retry.baseMs, this.services.retry.maxMs),
      signal: this.stop.signal,
      onRetry: (err: unknown) => this.logger.warn({ err: message(err) }, `could not read ${what} yet`),
    };
  }

  private async readContext(): Promise<string> {
    try {
      const context = await retrying(
        () => this.services.api.agent.clientContext.query(this.heldRoom()),
        this.retryOptions('the client context'),
      );
      return context.prompt;
    } catch (err) {
      if (!(err instanceof StoppedError))
        this.logger.warn({ err: message(err) }, 'no client context; the assistant starts without it');
      return '';
    }
  }

  /** The conversation stored so far (a re-claimed room: an earlier claim's, or before a restart). */
  private async readHistory(): Promise<Turn[]> {
    try {
      const text = await retrying(
        () => this.services.api.agent.sessionText.query(this.heldRoom()),
        this.retryOptions('the conversation so far'),
      );
      return text.lines.slice(-HISTORY_LIMIT).map((line) =>
        line.sender === 'ai'
          ? { role: 'assistant', content: line.content, known: true }
          : {
              role: 'user',
              content: `${line.speaker} (${line.sender}${line.kind === 'chat' ? ', in the chat' : ''}): ${line.content}`,
              known: true,
            },
      );
    } catch (err) {
      if (!(err instanceof StoppedError))
        this.logger.warn({ err: message(err) }, 'the conversation so far could not be read; starting without it');
      return [];
    }
  }

  private startAssistant(): void {
    const deepgram = this.services.deepgram;
    if (!deepgram) return;
    const { room } = this;
    this.voice = new VoiceAgent({
      client: deepgram.client,
      logger: this.logger,
      counters: this.services.counters,
      retry: this.services.retry,
      idleMs: this.services.voiceIdleMs,
      keepOpen: () => this.mode === 'conversational',
      settings: () => {
        // What comes before the first open question goes as history; the rest is put to it with the question.
        const upTo = this.questions[0] ?? this.history.length;
        const history = this.history.slice(0, upTo);
        for (const turn of history) turn.known = true;
        return buildSettings({
          deepgram: deepgram.settings,
          mode: this.mode,
          clientContext: this.context,
          coachName: room.coach.displayName,
          clientName: room.client.displayName,
          outputSampleRate: AUDIO.outputSampleRate,
          history,
        });
      },
      events: {
        onAssistantText: (content) => this.onAssistantText(content),
        onAudio: (pcm) => {
          if (this.lease.holds()) this.connection?.playAudio(pcm);
        },
        onBusy: (busy) => this.report(busy ? 'answering' : 'listening'),
      },
    });
    if (this.mode === 'conversational') this.voice.open();
  }

  private setMode(mode: AssistantMode): void {
    if (mode === this.mode) return;
    this.logger.info({ from: this.mode, to: mode }, 'assistant mode changed');
    this.mode = mode;
    if (mode === 'conversational') this.voice?.open();
  }

  private onAsked(identity: string, at: Date): void {
    // A replayed ask from long ago (the feed starts at the beginning of the session) is not a question now.
    if (Date.now() - at.getTime() > ATTENTION_MS) return;
    this.attention.ask(identity, Date.now());
    this.logger.info({ identity }, 'asked for the assistant');
  }

  /** LiveKit when the server minted a token, else the relay when the claim names one, else none (text only). */
  private route(): MediaRoute | null {
    const { transport, relay } = this.services;
    const { livekit, relay: relayTarget, roomId } = this.room;
    if (livekit && transport) return { transport, target: { roomId, ...livekit }, freshTokens: true };
    if (relayTarget && relay) return { transport: relay, target: { roomId, ...relayTarget }, freshTokens: false };
    return null;
  }

  /** Joins the media room, and rejoins (with a fresh LiveKit token) whenever the connection is lost. */
  private async joinMedia(media: MediaRoute, subscribeAudio: boolean, rejoin: boolean): Promise<void> {
    const { services, logger } = this;
    const { transport } = media;
    const backoff = new Backoff(services.retry.baseMs, services.retry.maxMs);
    let target = media.target;
    let attempt = rejoin ? 1 : 0;
    while (!this.ended()) {
      if (attempt++ > 0) {
        await sleep(backoff.next(), this.stop.signal);
        // LiveKit tokens are short-lived; a rejoin asks for a new one.
        const fresh = media.freshTokens
          ? await services.api.agent.roomToken
              .mutate({ agentId: services.agentId, appointmentId: this.appointmentId })
              .catch((err: unknown) => {
                logger.warn({ err: message(err) }, 'could not get a fresh room token');
                return null;
              })
          : null;
        if (fresh) target = { roomId: this.room.roomId, ...fresh };
        if (this.ended()) return;
      }
      try {
        const connection = await transport.join(
          target,
          { ...AUDIO, subscribeAudio },
          {
            onAudio: (participant, frame) => this.onAudio(participant, frame),
            onAudioEnded: (participant) => void this.closeTranscriber(participant.identity),
            onParticipantJoined: (p) => logger.info({ identity: p.identity, role: p.role }, 'participant in the room'),
            onParticipantLeft: (p) => {
              logger.info({ identity: p.identity, role: p.role }, 'participant left the room');
              void this.closeTranscriber(p.identity);
            },
            onDisconnected: (reason) => {
              if (this.connection !== connection) return;
              this.connection = null;
              logger.warn({ reason }, 'lost the media room; rejoining');
              this.report('paused');
              // The old room is let go of before a new one is joined.
              void connection
                .leave()
                .catch(() => undefined)
                .then(() => this.joinMedia(media, subscribeAudio, true));
            },
          },
        );
        if (this.ended()) {
          await connection.leave().catch(() => undefined);
          return;
        }
        this.connection = connection;
        logger.info({ transport: transport.name }, 'joined the media room');
        if (subscribeAudio) this.report('listening');
        return;
      } catch (err) {
        logger.warn({ err: message(err), attempt }, 'could not join the media room');
      }
    }
  }

  private onAudio(participant: RoomParticipant, frame: Int16Array): void {
    const deepgram = this.services.deepgram;
    if (participant.role === 'agent' || !deepgram || this.ended()) return;
    // Audio heard while the lease cannot be proven is not this agent's to transcribe.
    if (!this.lease.holds()) return;
    let entry = this.transcribers.get(participant.identity);
    if (!entry) {
      const stream = new ParticipantTranscriber({
        client: deepgram.client,
        model: deepgram.settings.listenModel,
        sampleRate: AUDIO.inputSampleRate,
        logger: this.logger.child({ participant: participant.identity }),
        counters: this.services.counters,
        retry: this.services.retry,
        events: {
          onCaption: (text, startedAt) => this.onCaption(participant, text, startedAt),
          onFinal: (segment) => this.onUtterance(participant, segment),
          onSpeechStarted: () => this.onSpeechStarted(),
        },
      });
      entry = { participant, stream };
      this.transcribers.set(participant.identity, entry);
    }
    entry.stream.push(frame);
  }

  private async closeTranscriber(identity: string): Promise<void> {
    const entry = this.transcribers.get(identity);
    if (!entry) return;
    this.transcribers.delete(identity);
    await entry.stream.close();
  }

  private nameOf(participant: RoomParticipant): string {
    if (participant.identity === this.room.client.id) return this.room.client.displayName;
    if (participant.identity === this.room.coach.id) return this.room.coach.displayName;
    return participant.role === 'admin' ? 'Admin' : 'Participant';
  }

  private onCaption(participant: RoomParticipant, text: string, startedAt: Date): void {
    if (!this.lease.holds()) return;
    this.services.observer?.({
      appointmentId: this.appointmentId,
      kind: 'caption',
      identity: participant.identity,
      content: text,
      at: performance.now(),
    });
    this.captions.push(participant.identity, { text, startedAt });
  }

  private onSpeechStarted(): void {
    // Someone talks over the assistant: it stops.
    this.voice?.interrupt();
    this.connection?.clearAudio();
  }

  /** One participant's utterance: a segment in their name, and perhaps a question for the assistant. */
  private onUtterance(
    participant: RoomParticipant,
    said: { content: string; spokenAt: Date; confidence: number | null },
  ): void {
    this.captions.settled(participant.identity);
    // Words spoken while this agent could prove its lease are its to store, even if the result
    // comes later; anything after is another holder's.
    if (!this.lease.heldAt(said.spokenAt)) {
      this.services.counters.segmentsFenced++;
      return;
    }
    const segment = this.store({
      speaker: speakerOf(participant),
      identity: participant.identity,
      content: said.content,
      spokenAt: said.spokenAt,
      confidence: said.confidence,
    });
    if (!segment) return;
    this.remember({
      role: 'user',
      content: `${this.nameOf(participant)} (${speakerOf(participant)}): ${segment.content}`,
      known: false,
    });
    if (this.lease.holds() && this.isQuestion(participant.identity, segment.content)) this.putQuestion();
  }

  /** Is this utterance for the assistant? Every one in conversational mode; when addressed in scribe mode. */
  private isQuestion(identity: string, content: string): boolean {
    if (this.mode === 'off' || !this.voice) return false;
    if (this.mode === 'conversational') return true;
    const now = Date.now();
    if (this.attention.take(identity, now)) return true;
    const call = addressed(content, this.services.wakePhrase);
    if (!call.addressed) return false;
    // Only its name: the question is what they say next.
    if (call.question.split(' ').filter(Boolean).length < 2) {
      this.attention.ask(identity, now);
      return false;
    }
    return true;
  }

  /** Puts the latest utterance to the assistant, with what it has not heard since it last spoke. */
  private putQuestion(): void {
    const voice = this.voice;
    if (!voice) return;
    const at = this.history.length - 1;
    this.questions.push(at);
    this.services.counters.assistantAnswers++;
    this.report('answering');
    voice.ask(() => {
      const index = this.questions.shift() ?? at;
      const lines = this.history.slice(0, index + 1).filter((t) => !t.known && t.role === 'user');
      for (const turn of this.history.slice(0, index + 1)) turn.known = true;
      return lines.map((t) => t.content).join('\n');
    });
  }

  private onAssistantText(content: string): void {
    if (!this.lease.holds()) return;
    const segment = this.store({ speaker: 'ai', identity: null, content, spokenAt: new Date(), confidence: null });
    if (segment) this.remember({ role: 'assistant', content: segment.content, known: true });
  }

  private remember(turn: Turn): void {
    this.history.push(turn);
    if (this.history.length > HISTORY_LIMIT) {
      this.history.shift();
      for (let i = 0; i < this.questions.length; i++) this.questions[i] = (this.questions[i] ?? 0) - 1;
    }
  }

  /** A segment into the journal and on to the server; null for blank text. */
  private store(input: Parameters<SegmentNumbering['next']>[0]) {
    const segment = this.numbering.next(input);
    if (!segment) return null;
    this.services.counters.segmentsReceived++;
    this.services.observer?.({
      appointmentId: this.appointmentId,
      kind: 'segment',
      identity: input.identity ?? null,
      content: segment.content,
      at: performance.now(),
    });
    if (!this.outbox) {
      this.logger.error({ seq: segment.seq }, 'transcript segment before the outbox was open');
      return null;
    }
    // Participants see it through the server's live feed once it is stored.
    this.outbox.push(segment);
    return segment;
  }

  /** Tells the room's page what the assistant is doing (once per change; the claim must hold the room). */
  private report(state: AssistantState): void {
    if (state === this.reported || !this.lease.holds()) return;
    this.reported = state;
    this.services.api.agent.assistantState
      .mutate({
        appointmentId: this.appointmentId,
        agentId: this.services.agentId,
        epoch: this.room.epoch,
        state,
        wakePhrase: this.services.wakePhrase,
      })
      .catch((err: unknown) => this.logger.debug({ err: message(err) }, 'could not report the assistant state'));
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.finishing || this.stop.signal.aborted || !this.lease.holds()) return;
    this.ticking = true;
    try {
      const warning = await this.services.api.agent.tick.mutate(this.heldRoom());
      if (warning) this.announce(warning.minutesLeft, warning.endsAt);
    } catch (err) {
      this.logger.debug({ err: message(err) }, 'timer tick failed; trying again at the next one');
    } finally {
      this.ticking = false;
    }
  }

  /** Speaks a warning the server stored (participants see it through the live feed). */
  private announce(minutesLeft: number, endsAt: Date): void {
    this.services.counters.timerWarnings++;
    this.logger.info({ minutesLeft }, 'timer warning');
    if (this.mode === 'off') return;
    // Worth saying until the minute it announces has passed.
    this.voice?.say(
      timerAnnouncement(minutesLeft),
      Math.max(5000, endsAt.getTime() - Date.now() - (minutesLeft - 1) * 60_000),
    );
  }

  /**
   * Stops listening and speaking. Each participant's stream settles the words already heard (they
   * are stored if this claim held the room when they were spoken); then nothing more comes.
   */
  private async quiet(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    this.feed?.stop();
    this.feed = null;
    this.captions.clear();
    const voice = this.voice;
    const connection = this.connection;
    this.voice = null;
    this.connection = null;
    const streams = [...this.transcribers.values()].map((t) => t.stream);
    this.transcribers.clear();
    await Promise.all([
      ...streams.map((s) => s.close()),
      voice?.close(),
      connection?.leave().catch((err: unknown) => this.logger.warn({ err: message(err) }, 'could not leave the room')),
    ]);
    this.outbox?.retire();
  }

  /** The session is over: deliver the transcript, complete it (the worker summarises), mark the claim done. */
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
      const completed = await retrying(() => api.agent.completeSession.mutate(this.heldRoom()), retry()).catch(
        (err: unknown) => {
          this.logger.warn({ err: message(err) }, 'the server refused the completion');
          return null;
        },
      );
      if (completed && !completed.alreadyCompleted) counters.roomsCompleted++;
    }
    await retrying(
      () => api.agent.release.mutate({ agentId, appointmentId: this.appointmentId, done: true }),
      retry(),
    ).catch(() => undefined);
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
    this.stop.abort();
    await this.quiet();
    this.state = 'closed';
  }

  /**
   * The lease can no longer be proven: stop serving at once (leave, stop speaking and listening).
   * Words already heard are still settled and journaled; the server takes those spoken while this
   * claim held the room.
   */
  async fence(): Promise<void> {
    this.logger.warn('cannot prove the lease any more; leaving the room');
    this.stop.abort();
    await this.quiet();
    this.state = 'closed';
  }
}
