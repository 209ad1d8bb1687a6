import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@hybridcoach/config';

export function median(values: number[]): number {
  return percentile(values, 50);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
}

export interface BenchResult {
  suite: string;
  metrics: Record<string, { value: number; unit: string; runs?: number[]; note?: string }>;
}

/** Writes bench/results/<suite>.json with the machine it ran on. */
export async function writeResult(result: BenchResult): Promise<string> {
  const dir = path.join(repoRoot, 'bench/results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${result.suite}.json`);
  const body = {
    ...result,
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

export function log(message: string, data?: Record<string, unknown>): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), msg: message, ...data }));
}

export interface Paired {
  ours: number[];
  twin: number[];
  oursMedian: number;
  twinMedian: number;
  /** ours / twin: the target is ≤ 1.5. */
  ratio: number;
}

/**
 * Times `ours` and its hand-written `twin` in alternation (after `warmUp` rounds of each, not
 * timed), so that machine load falls on both alike; returns ms per round and the ratio of medians.
 */
export async function paired(
  rounds: number,
  ours: (round: number) => Promise<unknown>,
  twin: (round: number) => Promise<unknown>,
  warmUp = 5,
): Promise<Paired> {
  for (let i = 0; i < warmUp; i++) {
    await ours(-1 - i);
    await twin(-1 - i);
  }
  const times = { ours: [] as number[], twin: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so neither always follows the other's garbage.
    for (const side of i % 2 === 0 ? (['ours', 'twin'] as const) : (['twin', 'ours'] as const)) {
      const started = performance.now();
      await (side === 'ours' ? ours(i) : twin(i));
      times[side].push(performance.now() - started);
    }
  }
  const oursMedian = median(times.ours);
  const twinMedian = median(times.twin);
  return { ...times, oursMedian, twinMedian, ratio: oursMedian / twinMedian };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Every round when there are few; the 10th, 50th and 90th percentiles when there are many. */
function spread(times: number[]): { runs: number[] } {
  return { runs: (times.length <= 25 ? times : [10, 50, 90].map((p) => percentile(times, p))).map(round2) };
}

/** `<name>Ms`, `<name>TwinMs` and `<name>Ratio` metrics of a paired measurement. */
export function pairedMetrics(name: string, result: Paired, note: string, twinNote: string): BenchResult['metrics'] {
  return {
    [`${name}Ms`]: { value: round2(result.oursMedian), unit: 'ms', note, ...spread(result.ours) },
    [`${name}TwinMs`]: { value: round2(result.twinMedian), unit: 'ms', note: twinNote, ...spread(result.twin) },
    [`${name}Ratio`]: {
      value: round2(result.ratio),
      unit: '×',
      note: 'ours / hand-written twin, medians; target ≤ 1.5',
    },
  };
}
