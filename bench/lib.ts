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
