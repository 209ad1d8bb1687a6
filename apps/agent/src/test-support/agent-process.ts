// An agent in a process of its own, driven over IPC by a test: so that the test can pause it
// with SIGSTOP, as an operating system (or a stalled VM) would, and resume it with SIGCONT. Its
// media room is in-memory, here; the test tells it who is in the room and sends what they say
// (the very samples the Deepgram stand-in was told about).
import { startAgent } from '../agent';
import { MemoryTransport } from '../transport/memory-transport';
import { AGENT_TOKEN, deepgramFor, fastRooms, testLogger } from './harness';

export interface AgentProcessConfig {
  apiUrl: string;
  deepgram: { agentUrl: string; apiUrl: string };
  dataDir: string;
  agentId: string;
  leaseMs: number;
}

export type AgentProcessCommand =
  | { type: 'room'; roomId: string; people: { identity: string; role: 'client' | 'coach' }[] }
  /** `pcm`: 16 kHz linear16, base64. */
  | { type: 'speak'; roomId: string; identity: string; pcm: string }
  | { type: 'report'; id: number };

export interface AgentProcessReport {
  type: 'report';
  id: number;
  metrics: ReturnType<Awaited<ReturnType<typeof startAgent>>['metrics']>;
  rooms: { appointmentId: string; epoch: number; media: string }[];
  inRoom: Record<string, string | null>;
}

const config = JSON.parse(process.env.HC_AGENT_PROCESS ?? '{}') as AgentProcessConfig;
const hub = new MemoryTransport();
const agent = await startAgent({
  apiUrl: config.apiUrl,
  token: AGENT_TOKEN,
  logger: testLogger('agent-process'),
  health: { host: '127.0.0.1', port: 0 },
  retryMs: 30,
  maxRetryMs: 200,
  requestTimeoutMs: 1000,
  rooms: fastRooms({
    dataDir: config.dataDir,
    agentId: config.agentId,
    transport: hub,
    deepgram: deepgramFor(config.deepgram),
    leaseMs: config.leaseMs,
  }),
});
const rooms = new Set<string>();

process.on('message', (command: AgentProcessCommand) => {
  if (command.type === 'room') {
    rooms.add(command.roomId);
    for (const person of command.people) hub.room(command.roomId).addParticipant(person);
  } else if (command.type === 'speak') {
    const bytes = Buffer.from(command.pcm, 'base64');
    const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    void hub.room(command.roomId).speak(command.identity, pcm.slice());
  } else if (command.type === 'report') {
    const report: AgentProcessReport = {
      type: 'report',
      id: command.id,
      metrics: agent.metrics(),
      rooms: agent.rooms().map((r) => ({ appointmentId: r.appointmentId, epoch: r.epoch, media: r.media })),
      inRoom: Object.fromEntries([...rooms].map((id) => [id, hub.room(id).agentIdentity])),
    };
    process.send?.(report);
  }
});
process.on('SIGTERM', () => void agent.stop({ graceful: false }).then(() => process.exit(0)));
process.send?.({ type: 'ready' });
