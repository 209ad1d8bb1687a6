// `npm run bench [suite…]`: runs the named suites (default: all) and writes
// bench/results/<suite>.json for each.
import { accountsBench } from './accounts';
import { agentBench } from './agent';
import { coachingBench } from './coaching';
import { foundationBench } from './foundation';
import { type BenchResult, log, writeResult } from './lib';
import { memoryBench } from './memory';
import { privacyBench } from './privacy';
import { relayBench } from './relay';
import { scaleOutBench } from './scale-out';
import { schedulingBench } from './scheduling';
import { securityCostBench } from './security-cost';
import { sessionsBench } from './sessions';
import { signInTimingBench } from './sign-in-timing';
import { webBench } from './web';
import { workerBench } from './worker';

const suites: Record<string, () => Promise<BenchResult>> = {
  foundation: foundationBench,
  accounts: accountsBench,
  'sign-in-timing': signInTimingBench,
  scheduling: schedulingBench,
  sessions: sessionsBench,
  worker: workerBench,
  agent: agentBench,
  'scale-out': scaleOutBench,
  memory: memoryBench,
  web: webBench,
  privacy: privacyBench,
  relay: relayBench,
  coaching: coachingBench,
  'security-cost': securityCostBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  log('suite started', { suite: name });
  const file = await writeResult(await suite());
  log('suite written', { suite: name, file });
}
