import { Counter, Gauge, type Registry } from '@hybridcoach/config';

/** Counters that only grow, for /healthz and /metrics. */
export interface AgentCounters {
  roomsClaimed: number;
  roomsCompleted: number;
  roomsLost: number;
  segmentsReceived: number;
  segmentsStored: number;
  segmentsDropped: number;
  sendFailures: number;
  voiceReconnects: number;
  voiceErrors: number;
  timerWarnings: number;
}

export interface AgentMetrics extends AgentCounters {
  roomsActive: number;
  segmentsBuffered: number;
}

export function newCounters(): AgentCounters {
  return {
    roomsClaimed: 0,
    roomsCompleted: 0,
    roomsLost: 0,
    segmentsReceived: 0,
    segmentsStored: 0,
    segmentsDropped: 0,
    sendFailures: 0,
    voiceReconnects: 0,
    voiceErrors: 0,
    timerWarnings: 0,
  };
}

const series: Record<keyof AgentMetrics, [type: 'gauge' | 'counter', name: string, help: string]> = {
  roomsActive: ['gauge', 'hc_agent_rooms_active', 'Rooms this agent is serving now'],
  segmentsBuffered: ['gauge', 'hc_agent_segments_buffered', 'Transcript segments not yet acknowledged by the server'],
  roomsClaimed: ['counter', 'hc_agent_rooms_claimed_total', 'Rooms claimed'],
  roomsCompleted: ['counter', 'hc_agent_rooms_completed_total', 'Sessions completed with a summary'],
  roomsLost: ['counter', 'hc_agent_rooms_lost_total', 'Rooms taken over by another agent'],
  segmentsReceived: ['counter', 'hc_agent_segments_received_total', 'ConversationText messages received'],
  segmentsStored: [
    'counter',
    'hc_agent_transcript_segments_stored_total',
    'Transcript segments the server acknowledged as stored',
  ],
  segmentsDropped: ['counter', 'hc_agent_segments_dropped_total', 'Segments the server refused for good'],
  sendFailures: ['counter', 'hc_agent_send_failures_total', 'Failed attempts to send a transcript batch'],
  voiceReconnects: ['counter', 'hc_agent_voice_reconnects_total', 'Reconnections to the Voice Agent API'],
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
