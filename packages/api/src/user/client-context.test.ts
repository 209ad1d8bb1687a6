import { createLogger, loadEnv } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { expect, test } from 'vitest';
import { createContext } from '../core/context';
import { settingsFromEnv } from '../core/settings';
import { DevMailbox } from '../notification/mailer';
import { createCaller } from '../root';

const t = useTestDatabase();
const logger = createLogger('client-context-test', 'silent');
const NOW = new Date('2031-04-10T12:00:00Z');

test('the last summary says whose session it came from and when, so another coach knows it is not theirs', async () => {
  const first = await t.given.coach({ coachName: 'Coach Ada' });
  const second = await t.given.coach();
  const client = await t.given.client();
  const done = await t.given.completedSession({
    coach: first,
    client,
    startsAt: new Date('2031-04-08T09:00:00Z'),
    aiSummary: 'Worked on evening wind-down.',
  });
  await t.db.profile.update({ where: { userId: client.id }, data: { lastSummary: 'Worked on evening wind-down.' } });
  await t.db.coachClientRelationship.create({
    data: { coachId: second.id, clientId: client.id, origin: 'client_booking' },
  });
  await t.given.appointment({ coach: second, client, startsAt: new Date('2031-04-12T09:00:00Z') });
  await t.db.appointment.updateMany({ where: { coachId: second.id }, data: { bookedById: client.id } });
  const api = createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 't',
      settings: settingsFromEnv(loadEnv({})),
      mailer: new DevMailbox(logger),
      principal: { kind: 'user', userId: second.id, role: 'coach', userSessionId: 's' },
      now: () => NOW,
    }),
  );
  const context = await api.user.clientContext({ clientId: client.id });
  expect(context.lastSummary).toBe('Worked on evening wind-down.');
  expect(context.lastSummaryFrom).toEqual({
    coachId: first.id,
    coachName: 'Coach Ada',
    endedAt: done.session.endedAt,
  });
});
