import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { Principal } from '../core/principal';
import { settingsFromEnv } from '../core/settings';
import { archiveOldSessions } from '../housekeeping/session-archive';
import { callerAs, member } from '../test-support/caller';
import { exportFile, openExportDownload } from './export';

const t = useTestDatabase();
const base = settingsFromEnv(loadEnv({}));
const settings = {
  ...base,
  privacy: { ...base.privacy, exportDir: mkdtempSync(path.join(os.tmpdir(), 'hc-export-')) },
};
const DAY = 86_400_000;

const as = (principal: Principal, now = () => new Date()) => callerAs(t, principal, { settings, now });
const user = (userId: string, role: 'client' | 'coach' | 'admin') => as(member(userId, role));
const worker = () => as({ kind: 'service', service: 'worker' });

async function unzipped(exportId: string, principal: Principal) {
  const download = await openExportDownload(
    { db: t.db, keys: t.keys, settings, now: () => new Date() },
    principal,
    exportId,
  );
  return unzipSync(new Uint8Array(await buffer(download.stream)));
}

describe('a member exports their data', () => {
  test('one archive with the JSON and a readable transcript per session, archived ones included, sealed on disk', async () => {
    const client = await t.given.client({}, { intake: { symptoms: 'Racing heart before meetings', initialMood: 2 } });
    const old = await t.given.completedSession({ client, startsAt: new Date(Date.now() - 220 * DAY), transcript: 'x' });
    const recent = await t.given.completedSession({ client, startsAt: new Date(Date.now() - 2 * DAY) });
    const goal = await t.db.clientGoal.create({
      data: { clientId: client.id, title: 'Calm mornings', status: 'achieved' },
    });
    await t.db.goalProgress.create({ data: { goalId: goal.id, rating: 4, note: 'Breathing helps' } });
    const exercise = await t.db.exercise.create({
      data: {
        createdBy: recent.coach.id,
        title: 'Box breathing',
        description: 'Four counts',
        instructions: 'Four counts each way',
        category: 'breathing',
        duration: 300,
        difficulty: 'beginner',
      },
    });
    await t.db.exerciseAssignment.create({
      data: {
        exerciseId: exercise.id,
        clientId: client.id,
        coachId: recent.coach.id,
        completed: true,
        completionNote: 'Did it daily',
      },
    });
    await t.db.message.createMany({
      data: [
        {
          sessionId: old.session.id,
          userId: client.id,
          sender: 'client',
          kind: 'transcript',
          content: 'It started in spring',
          seq: 0,
          spokenAt: old.appointment.scheduledFor,
        },
        {
          sessionId: recent.session.id,
          userId: recent.coach.id,
          sender: 'coach',
          kind: 'transcript',
          content: 'Try a longer exhale',
          seq: 0,
          spokenAt: recent.appointment.scheduledFor,
        },
      ],
    });
    await archiveOldSessions(t.db, { now: new Date(), olderThanMonths: 6, batchSize: 10, maxBatches: 3 });
    const thread = await t.db.coachClientRelationship.create({
      data: { coachId: recent.coach.id, clientId: client.id, origin: 'client_booking' },
    });
    await t.db.directMessage.create({
      data: { relationshipId: thread.id, senderId: client.id, body: 'See you Tuesday' },
    });
    const admin = await t.given.admin();
    await user(admin.id, 'admin').session.detail({
      appointmentId: recent.appointment.id,
      reason: 'Checking a reported audio problem',
    });

    const api = user(client.id, 'client');
    const requested = await api.privacy.requestExport();
    expect((await api.privacy.requestExport()).id).toBe(requested.id);
    expect((await api.privacy.myExports())[0]).toMatchObject({ status: 'pending', downloadUrl: null });
    await worker().privacy.worker.buildExport({ exportId: requested.id });
    const [ready] = await api.privacy.myExports();
    expect(ready).toMatchObject({ status: 'ready', downloadUrl: `/exports/${requested.id}/download` });
    expect(ready?.progress).toBe(ready?.total);

    const onDisk = await readFile(exportFile(settings.privacy.exportDir, requested.id));
    expect(onDisk.includes('Racing heart')).toBe(false);
    const files = await unzipped(requested.id, { kind: 'user', userId: client.id, role: 'client', userSessionId: 's' });
    const data = JSON.parse(strFromU8(files['data.json'] as Uint8Array));
    expect(data.profile.intake).toMatchObject({ symptoms: 'Racing heart before meetings', initialMood: 2 });
    expect(data.sessions).toHaveLength(2);
    expect(data.sessions.map((s: { archived: boolean }) => s.archived)).toEqual([true, false]);
    expect(data.consents).toHaveLength(1);
    expect(data.goals).toEqual([
      expect.objectContaining({
        title: 'Calm mornings',
        status: 'achieved',
        progress: [expect.objectContaining({ rating: 4, note: 'Breathing helps' })],
      }),
    ]);
    expect(data.homework).toEqual([
      expect.objectContaining({ title: 'Box breathing', completed: true, completionNote: 'Did it daily' }),
    ]);
    expect(data.readsOfYourData).toContainEqual(
      expect.objectContaining({
        what: 'transcript',
        reason: 'Checking a reported audio problem',
        appointmentId: recent.appointment.id,
      }),
    );
    expect(data.messageThreads[0].messages).toEqual([
      expect.objectContaining({ from: client.displayName, text: 'See you Tuesday' }),
    ]);
    const transcripts = Object.keys(files).filter((f) => f.startsWith('sessions/'));
    expect(transcripts).toHaveLength(2);
    const oldText = strFromU8(files[transcripts.find((f) => f.includes(old.appointment.id)) as string] as Uint8Array);
    expect(oldText).toContain(`${client.displayName}: It started in spring`);
  });

  test('only its requester downloads it, and the link expires', async () => {
    const client = await t.given.client();
    const other = await t.given.client();
    const { id } = await user(client.id, 'client').privacy.requestExport();
    await worker().privacy.worker.buildExport({ exportId: id });
    await expect(unzipped(id, { kind: 'user', userId: other.id, role: 'client', userSessionId: 's' })).rejects.toThrow(
      /No export of yours/,
    );
    const later = () => new Date(Date.now() + 49 * 3_600_000);
    await expect(
      openExportDownload(
        { db: t.db, keys: t.keys, settings, now: later },
        { kind: 'user', userId: client.id, role: 'client', userSessionId: 's' },
        id,
      ),
    ).rejects.toThrow(/expired/);
    expect(
      (await as({ kind: 'user', userId: client.id, role: 'client', userSessionId: 's' }, later).privacy.myExports())[0],
    ).toMatchObject({ expired: true, downloadUrl: null });
  });

  test('an admin exports for a member only with a reason, which the member sees as a read of their data', async () => {
    const client = await t.given.client();
    const admin = await t.given.admin();
    const api = user(admin.id, 'admin');
    expect((await api.privacy.admin.findMember({ email: client.email.toUpperCase() })).id).toBe(client.id);
    await expect(user(client.id, 'client').privacy.admin.findMember({ email: admin.email })).rejects.toThrow();
    await expect(api.privacy.admin.exportMember({ userId: client.id, reason: 'x' })).rejects.toThrow(/say why/);
    await expect(user(client.id, 'client').privacy.admin.exports()).rejects.toThrow();
    const made = await api.privacy.admin.exportMember({ userId: client.id, reason: 'Subject access request by email' });
    await worker().privacy.worker.buildExport({ exportId: made.id });
    expect((await api.privacy.admin.exports())[0]).toMatchObject({ id: made.id, status: 'ready' });
    const files = await unzipped(made.id, { kind: 'user', userId: admin.id, role: 'admin', userSessionId: 's' });
    const data = JSON.parse(strFromU8(files['data.json'] as Uint8Array));
    expect(data.readsOfYourData).toContainEqual(
      expect.objectContaining({ what: 'export', reason: 'Subject access request by email' }),
    );
  });
});
