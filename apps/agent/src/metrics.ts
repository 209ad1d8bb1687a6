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

const help: Record<keyof AgentMetrics, [type: 'gauge' | 'counter', text: string]> = {
  roomsActive: ['gauge', 'Rooms this agent is serving now'],
  segmentsBuffered: ['gauge', 'Transcript segments not yet acknowledged by the server'],
  roomsClaimed: ['counter', 'Rooms claimed'],
  roomsCompleted: ['counter', 'Sessions completed with a summary'],
  roomsLost: ['counter', 'Rooms taken over by another agent'],
  segmentsReceived: ['counter', 'ConversationText messages received'],
  segmentsStored: ['counter', 'Segments acknowledged by the server'],
  segmentsDropped: ['counter', 'Segments the server refused for good'],
  sendFailures: ['counter', 'Failed attempts to send a transcript batch'],
  voiceReconnects: ['counter', 'Reconnections to the Voice Agent API'],
  voiceErrors: ['counter', 'Error messages from the Voice Agent API'],
  timerWarnings: ['counter', 'Timer warnings announced'],
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Prometheus text exposition of the metrics. */
export function prometheusText(metrics: AgentMetrics): string {
  return Object.entries(help)
    .map(([key, [type, text]]) => {
      const name = `hybridcoach_agent_${snake(key)}${type === 'counter' ? '_total' : ''}`;
      return `# HELP ${name} ${text}\n# TYPE ${name} ${type}\n${name} ${metrics[key as keyof AgentMetrics]}\n`;
    })
    .join('');
}
