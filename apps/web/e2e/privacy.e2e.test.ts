import { readFile } from 'node:fs/promises';
import { createCaller, createContext, DevMailbox } from '@hybridcoach/api';
import { createServiceClient } from '@hybridcoach/api/client';
import { createLogger } from '@hybridcoach/config';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './app-in-browser';
import { capture, openPage } from './journey';

const agentToken = 'privacy-e2e-agent-token-0123456789abcdef';
const t = useTestDatabase();
const { app } = useAppInBrowser(t, { seed: false, agentToken });

async function signInTo(page: Page, name: string, target: string) {
  await page.goto(`${app().url}/dev/sign-in?redirect=${encodeURIComponent(target)}`);
  await page.getByRole('button', { name: new RegExp(`Sign in as ${name}`) }).click();
  await page.waitForURL(`${app().url}${target}`);
}

/** What the worker does for an export: the same procedure, called as the worker service. */
async function runExportJobs() {
  const logger = createLogger('e2e-worker', 'silent');
  const worker = createCaller(
    createContext({
      db: t.db,
      logger,
      requestId: 'e2e',
      settings: app().server.settings,
      keys: t.keys,
      mailer: new DevMailbox(logger),
      principal: { kind: 'service', service: 'worker' },
    }),
  ).privacy.worker;
  for (const { id } of await worker.pendingExports()) await worker.buildExport({ exportId: id });
}

describe('privacy, as a new client lives it', () => {
  it('consents at the first join, pauses and resumes transcription, downloads their data with the transcript, and deletes the account', async () => {
    const coach = await t.given.coach({ displayName: 'Maya Chen', timezone: 'Europe/Lisbon' });
    // A member who has never agreed to anything.
    const client = await t.db.user.create({
      data: {
        email: 'first.timer@vagus.example',
        displayName: 'Robin First',
        timezone: 'Europe/Lisbon',
        vagusSubscriptionStatus: 'active',
        profile: { create: { onboardingCompleted: true } },
      },
    });
    const { appointment } = await t.given.appointment({ coach, client, startsAt: new Date(Date.now() - 2 * 60_000) });
    const room = `/room/${appointment.id}`;
    const { page } = await openPage(app().browser, app().url, 'desktop');
    try {
      // 1. Consent before the first transcribed session.
      await signInTo(page, 'Robin First', room);
      await page.getByRole('heading', { name: 'Before you join' }).waitFor();
      await page.getByText('Transcription and the AI assistant').waitFor();
      await page.getByText('Anyone in the room can pause transcription at any time').waitFor();
      await capture(page, 'privacy-consent');
      await page.getByRole('button', { name: 'I agree — join the session' }).click();
      await page.getByRole('heading', { name: 'Session with Maya Chen' }).waitFor();
      const recording = page.getByRole('region', { name: 'Recording' });
      await recording.getByText('Transcription on').waitFor();
      const consent = await t.db.consent.findFirstOrThrow({ where: { userId: client.id } });
      expect(consent.appointmentId).toBe(appointment.id);

      // 2. Pause and resume: the transcript shows both markers; what was said in between is not kept.
      const agent = createServiceClient({ url: app().url, token: agentToken });
      const claimed = await agent.agent.claim.mutate({ agentId: 'privacy-agent', max: 50, leaseMs: 60_000 });
      const claim = claimed.find((c) => c.appointmentId === appointment.id);
      const say = (key: string, content: string) =>
        agent.agent.appendTranscript.mutate({
          appointmentId: appointment.id,
          agentId: 'privacy-agent',
          epoch: claim?.epoch ?? 0,
          segments: [
            {
              idempotencyKey: key,
              seq: Number(key.slice(-1)),
              speaker: 'client',
              content,
              spokenAt: new Date(),
              isFinal: true,
            },
          ],
        });
      await say('k1', 'My week was calmer.');
      const transcript = page.getByRole('log', { name: 'Live transcript' });
      await transcript.getByText('My week was calmer.').waitFor();
      await recording.getByRole('button', { name: 'Pause transcription' }).click();
      await recording.getByText('Transcription paused by Robin First').waitFor();
      await transcript.getByText('Transcription paused by Robin First').waitFor();
      expect(await say('k2', 'Something private about my family.')).toMatchObject({ stored: 0, withheld: 1 });
      await capture(page, 'privacy-paused');
      await recording.getByRole('button', { name: 'Resume transcription' }).click();
      await transcript.getByText('Transcription resumed by Robin First').waitFor();
      await recording.getByText('Transcription on').waitFor();
      await say('k3', 'Back to the breathing practice.');
      await transcript.getByText('Back to the breathing practice.').waitFor();
      expect(await transcript.getByText('Something private about my family.').count()).toBe(0);

      // 3. Download everything, the transcript included.
      await page.goto(`${app().url}/settings#privacy`);
      const privacy = page.getByRole('region', { name: 'Privacy' });
      await privacy.getByRole('button', { name: 'Prepare a download' }).click();
      await privacy.getByText(/Preparing your archive/).waitFor();
      await runExportJobs();
      const link = privacy.getByRole('link', { name: 'Download your data (zip)' });
      await link.waitFor();
      await capture(page, 'privacy-export-ready');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const zip = unzipSync(new Uint8Array(await readFile((await download.path()) as string)));
      const sessionFile = Object.keys(zip).find((name) => name.includes(appointment.id));
      expect(sessionFile).toBeDefined();
      const text = strFromU8(zip[sessionFile as string] as Uint8Array);
      expect(text).toContain('Robin First: My week was calmer.');
      expect(text).toContain('Transcription paused by Robin First');
      expect(text).toContain('Back to the breathing practice.');
      expect(text).not.toContain('Something private');
      const data = JSON.parse(strFromU8(zip['data.json'] as Uint8Array));
      expect(data.consents).toHaveLength(1);

      // 4. Delete the account: signed out at once, the purge date given.
      await privacy.getByRole('textbox', { name: 'Type DELETE to confirm' }).fill('DELETE');
      await privacy.getByRole('button', { name: 'Delete my account' }).click();
      await privacy.getByText('Your account is closed').waitFor();
      await capture(page, 'privacy-deleted');
      expect(await t.db.userSession.count({ where: { userId: client.id } })).toBe(0);
      await page.goto(`${app().url}/settings`);
      await page.waitForURL(/\/sign-in/);
      const request = await t.db.erasureRequest.findFirstOrThrow({ where: { userId: client.id } });
      expect(request.status).toBe('pending');
    } finally {
      await page.context().close();
    }
  });
});
