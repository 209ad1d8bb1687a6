import type { BadgeTone } from '../../../components/ui/Badge';
import type { Community, MemberChangeKind, SubscriptionStatus, SyncRequest, SyncSource } from './skool-types';

export const communities: readonly Community[] = ['ultra', 'vagus'];

export const communityLabels: Record<Community, string> = { ultra: 'Ultra', vagus: 'Vagus' };

/** Who each community's members are here: Ultra members coach, Vagus members are clients. */
export const communityAudience: Record<Community, string> = {
  ultra: 'Coaches’ community',
  vagus: 'Clients’ community',
};

export const sourceLabels: Record<SyncSource, string> = {
  'csv-upload': 'CSV upload',
  'csv-folder': 'CSV folder',
  http: 'Members endpoint',
  webhook: 'Webhook',
};

/** Where the members came from, inside a sentence: "… from a CSV upload". */
export const sourcePhrases: Record<SyncSource, string> = {
  'csv-upload': 'a CSV upload',
  'csv-folder': 'the CSV folder',
  http: 'the members endpoint',
  webhook: 'a webhook',
};

/** A log's source as stored (a string column); unknown ones are shown as they are. */
export function sourceLabel(source: string | null): string {
  if (source === null) return 'Not recorded';
  return source in sourceLabels ? sourceLabels[source as SyncSource] : source;
}

export const statusLabels: Record<SubscriptionStatus, string> = {
  active: 'Active',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

export const statusTones: Record<SubscriptionStatus, BadgeTone> = {
  active: 'success',
  cancelled: 'warning',
  expired: 'danger',
};

export const changeKindLabels: Record<MemberChangeKind, string> = {
  create: 'New member',
  update: 'Update',
  skip: 'Skipped',
};

export const changeKindTones: Record<MemberChangeKind, BadgeTone> = {
  create: 'success',
  update: 'brand',
  skip: 'neutral',
};

export type SyncRequestStatus = SyncRequest['status'];

export const requestStatusLabels: Record<SyncRequestStatus, string> = {
  pending: 'Waiting for the worker',
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

const openStatuses: readonly SyncRequestStatus[] = ['pending', 'queued', 'running'];

/** Still to finish: "sync now" stays disabled while its community has one. */
export function isOpenRequest(request: Pick<SyncRequest, 'status'>): boolean {
  return openStatuses.includes(request.status);
}

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** 0.6 → "60%", 0.125 → "12.5%". */
export function formatShare(share: number): string {
  return percentFormat.format(share);
}

/** 1 → "1 member", 3 → "3 members". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** 850 → "850 ms", 12_400 → "12.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
