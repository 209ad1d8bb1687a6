import type { RouterInputs, RouterOutputs } from '../../../lib/api-types';

type SkoolAdmin = RouterOutputs['admin']['skool'];

export type CommunityOverview = SkoolAdmin['overview']['communities'][number];
export type SkoolSources = SkoolAdmin['overview']['sources'];
export type Community = CommunityOverview['community'];
export type SyncRequest = SkoolAdmin['syncRequests'][number];
export type SyncLog = SkoolAdmin['syncLogs']['items'][number];
export type SyncSource = NonNullable<RouterInputs['admin']['skool']['syncLogs']['source']>;
export type MembershipChange = SkoolAdmin['membershipHistory']['items'][number];
export type CsvPreview = SkoolAdmin['previewCsv'];
export type MemberChange = CsvPreview['changes'][number];
export type MemberChangeKind = MemberChange['kind'];
export type ApplyOutcome = SkoolAdmin['applyCsv'];
export type SubscriptionStatus = MembershipChange['newStatus'];
