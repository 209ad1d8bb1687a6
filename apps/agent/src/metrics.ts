import { Counter, Gauge, type Registry } from '@hybridcoach/config';

/** Counters that only grow, for /healthz and /metrics. */
export interface AgentCounters {
  roomsClaimed: number;
  roomsCompleted: number;
  roomsLost: number;
  roomsFenced: number;
  segmentsReceived: number;
  segmentsStored: number;
  segmentsDropped: number;
  segmentsFenced: number;
  captionsSent: number;
  sendFailures: number;
  transcriptionReconnects: number;
  voiceReconnects: number;
  voiceErrors: number;
  assistantAnswers: number;
  timerWarnings: number;
}

export interface AgentMetrics extends AgentCounters {
  roomsActive: number;
  segmentsBuffered: number;
  transcriptionStreams: number;
}

export function newCounters(): AgentCounters {
  return {
    roomsClaimed: 0,
    roomsCompleted: 0,
    roomsLost: 0,
    roomsFenced: 0,
    segmentsReceived: 0,
    segmentsStored: 0,
    segmentsDropped: 0,
    segmentsFenced: 0,
    captionsSent: 0,
    sendFailures: 0,
    transcriptionReconnects: 0,
    voiceReconnects: 0,
    voiceErrors: 0,
    assistantAnswers: 0,
    timerWarnings: 0,
  };
}

const series: Record<keyof AgentMetrics, [type: 'gauge' | 'counter', name: string, help: string]> = {
  roomsActive: ['gauge', 'hc_agent_rooms_active', 'Rooms this agent is serving now'],
  segmentsBuffered: ['gauge', 'hc_agent_segments_buffered', 'Transcript segments not yet acknowledged by the server'],
  transcriptionStreams: [
    'gauge',
    'hc_agent_transcription_streams',
    'Speech-to-text streams open (one per participant heard)',
  ],
  roomsClaimed: ['counter', 'hc_agent_rooms_claimed_total', 'Rooms claimed'],
  roomsCompleted: ['counter', 'hc_agent_rooms_completed_total', 'Sessions this agent completed'],
  roomsLost: ['counter', 'hc_agent_rooms_lost_total', 'Rooms taken over by another agent'],
  roomsFenced: ['counter', 'hc_agent_rooms_fenced_total', 'Rooms left because the lease could not be proven in time'],
  segmentsReceived: [
    'counter',
    'hc_agent_segments_received_total',
    'Utterances transcribed, and the assistant’s words',
  ],
  segmentsStored: [
    'counter',
    'hc_agent_transcript_segments_stored_total',
    'Transcript segments the server acknowledged as stored',
  ],
  segmentsDropped: ['counter', 'hc_agent_segments_dropped_total', 'Segments the server refused for good'],
  segmentsFenced: [
    'counter',
    'hc_agent_segments_fenced_total',
    'Segments refused because their claim no longer held the room when spoken',
  ],
  captionsSent: ['counter', 'hc_agent_captions_sent_total', 'Live captions passed on'],
  sendFailures: ['counter', 'hc_agent_send_failures_total', 'Failed attempts to send a transcript batch'],
  transcriptionReconnects: [
    'counter',
    'hc_agent_transcription_reconnects_total',
    'Speech-to-text streams re-established after a loss',
  ],
  voiceReconnects: [
    'counter',
    'hc_agent_voice_reconnects_total',
    'Voice Agent connections re-established after a loss',
  ],
  assistantAnswers: [
    'counter',
    'hc_agent_assistant_answers_total',
    'Times the assistant was addressed and asked to answer',
  ],
  voiceErrors: ['counter', 'hc_agent_voice_errors_total', 'Error messages from the Voice Agent API'],
  timerWarnings: ['counter', 'hc_agent_timer_warnings_total', 'Timer warnings announced'],
};

/**
 * The agent's numbers as prom-client series on `registry`, read from `metrics()` at each scrape
 * (the counters stay plain numbers where they are counted), plus its room capacity.
 */
export function registerAgentMetrics(registry: Registry, metrics: () => AgentMetrics, maxRooms: number): void {
  for (const [key, [type, name, help]] of Object.entries(series)) {
    const read = () => metrics()[key as keyof AgentMetrics];
    if (type === 'gauge') {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    } else {
      new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    }
  }
  new Gauge({
    name: 'hc_agent_rooms_max',
    help: 'Rooms this agent serves at most (AGENT_MAX_ROOMS)',
    registers: [registry],
    collect() {
      this.set(maxRooms);
    },
  });
}
