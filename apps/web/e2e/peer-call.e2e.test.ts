import { mkdir } from 'node:fs/promises';
import { useTestDatabase } from '@hybridcoach/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/testing';
import { assertBuilt, devToolsStaticDir } from './app-server';
import { fakeMediaArgs, launchBrowser, phone390, viewports } from './browser';
import { captureLive, resultsDir } from './journey';

const t = useTestDatabase();
let server: TestServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  assertBuilt(devToolsStaticDir, '`npm run build` in apps/web (it also runs `vite build --mode devtools`)');
  // No LiveKit: rooms are peer-to-peer. Its own LISTEN connection carries the signals live.
  server = await startTestServer({ db: t.db, staticDir: devToolsStaticDir, databaseUrl: t.url });
  browser = await launchBrowser(fakeMediaArgs());
  await mkdir(resultsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function app() {
  if (!server || !browser) throw new Error('the server and browser start in beforeAll');
  return { url: server.url, browser };
}

async function openPage(viewport: { width: number; height: number } = viewports.desktop): Promise<Page> {
  const context = await app().browser.newContext({ viewport, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Signs in through the development sign-in page, lands in the room's lobby and joins the call. */
export async function enterRoom(page: Page, name: string, appointmentId: string): Promise<void> {
  const target = `/room/${appointmentId}`;
  await page.goto(`${app().url}/dev/sign-in?redirect=${encodeURIComponent(target)}`);
  await page.getByRole('button', { name: new RegExp(`Sign in as ${name}`) }).click();
  await page.waitForURL(`${app().url}${target}`);
  await joinFromLobby(page);
}

async function joinFromLobby(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Join the session' }).click();
  await page.getByRole('region', { name: 'Video call' }).waitFor();
}

/** Until the other person's video plays in `page`: frames decoded, with a size. */
async function receivesVideoOf(page: Page, name: string): Promise<{ width: number; frames: number }> {
  const video = page.getByRole('region', { name: 'Video call' }).getByLabel(`Video of ${name}`);
  await video.waitFor();
  await page.waitForFunction(
    (label) => {
      const element = document.querySelector<HTMLVideoElement>(`video[aria-label="${label}"]`);
      return !!element && element.videoWidth > 0 && element.getVideoPlaybackQuality().totalVideoFrames > 5;
    },
    `Video of ${name}`,
    { timeout: 20_000 },
  );
  return video.evaluate((element) => {
    const v = element as HTMLVideoElement;
    return { width: v.videoWidth, frames: v.getVideoPlaybackQuality().totalVideoFrames };
  });
}

describe('a peer-to-peer video room (no LiveKit)', () => {
  it('connects both browsers, shows a mute on the other side, and reconnects after one drops', async () => {
    // Names as people have them (the site header makes room for a name, not for a test id).
    const { appointment, coach, client } = await t.given.appointment({
      coach: await t.given.coach({ displayName: 'Maya Chen' }),
      client: await t.given.client({ displayName: 'Jordan Lee' }),
      startsAt: new Date(Date.now() - 2 * 60_000),
    });
    const coachPage = await openPage();
    let clientPage = await openPage(phone390);
    try {
      await enterRoom(coachPage, coach.displayName, appointment.id);
      await coachPage.getByText(`Waiting for ${client.displayName} to join the call…`).waitFor();
      // The client's waiting room says the coach is there, with the device check.
      const target = `/room/${appointment.id}`;
      await clientPage.goto(`${app().url}/dev/sign-in?redirect=${encodeURIComponent(target)}`);
      await clientPage.getByRole('button', { name: new RegExp(`Sign in as ${client.displayName}`) }).click();
      await clientPage.getByText(new RegExp(`${coach.displayName} has been here since`)).waitFor();
      await clientPage.getByLabel('Camera preview').waitFor();
      await clientPage.waitForFunction(
        () =>
          Number(document.querySelector('meter')?.getAttribute('value') ?? document.querySelector('meter')?.value) > 0,
      );
      await captureLive(clientPage, 'room-lobby-p2p-client-phone390');
      await joinFromLobby(clientPage);

      // Each receives the other's camera: frames decoded, not a blank element.
      const atCoach = await receivesVideoOf(coachPage, client.displayName);
      const atClient = await receivesVideoOf(clientPage, coach.displayName);
      expect(atCoach.width).toBeGreaterThan(0);
      expect(atClient.width).toBeGreaterThan(0);

      // The client mutes: the coach sees it, and sees it lifted.
      const coachStage = coachPage.getByRole('region', { name: 'Video call' });
      expect(await coachStage.getByText('Microphone off').count()).toBe(0);
      await clientPage.getByRole('button', { name: 'Mute microphone' }).click();
      await coachStage.getByText('Microphone off').waitFor();
      await clientPage.getByRole('button', { name: 'Unmute microphone' }).click();
      await coachStage.getByText('Microphone off').waitFor({ state: 'detached' });
      // Camera off shows as such instead of a frozen picture.
      await clientPage.getByRole('button', { name: 'Turn camera off' }).click();
      await coachStage.getByText(`${client.displayName}’s camera is off`).waitFor();
      await clientPage.getByRole('button', { name: 'Turn camera on' }).click();
      await coachStage.getByText(`${client.displayName}’s camera is off`).waitFor({ state: 'detached' });

      await captureLive(coachPage, 'room-p2p-coach-desktop');
      await captureLive(clientPage, 'room-p2p-client-phone390');
      // On the phone the chat is in view below the call, without scrolling.
      const input = await clientPage.getByRole('textbox', { name: 'Message' }).boundingBox();
      expect((input?.y ?? 9999) + (input?.height ?? 0), 'the phone’s chat box is in view').toBeLessThanOrEqual(844);

      // The coach shares their screen: the client sees it in place of the camera, then the camera again.
      await coachPage.getByRole('button', { name: 'Share screen' }).click();
      const clientStage = clientPage.getByRole('region', { name: 'Video call' });
      await clientStage.getByText('Sharing their screen').waitFor();
      // The picture itself changed: the screen's size, not the camera's.
      await clientPage.waitForFunction(
        ([label, cameraWidth]) =>
          (document.querySelector<HTMLVideoElement>(`video[aria-label="${label}"]`)?.videoWidth ?? cameraWidth) !==
          cameraWidth,
        [`Video of ${coach.displayName}`, atClient.width] as const,
      );
      await coachPage.getByRole('button', { name: 'Stop sharing' }).click();
      await clientStage.getByText('Sharing their screen').waitFor({ state: 'detached' });

      // Presence: both are in the room (one open stay each).
      const stays = await t.db.sessionParticipant.findMany({ where: { appointmentId: appointment.id } });
      expect(stays.map((s) => [s.role, s.leftAt]).sort()).toEqual([
        ['client', null],
        ['coach', null],
      ]);

      // A network blip on the client's side: its feed drops and comes back; the call goes on, and
      // what the client does afterwards reaches the coach again.
      const framesBefore = await receivesVideoOf(coachPage, client.displayName);
      await clientPage.context().setOffline(true);
      await new Promise((r) => setTimeout(r, 3000));
      await clientPage.context().setOffline(false);
      await clientPage.getByRole('button', { name: 'Mute microphone' }).click();
      await coachStage.getByText('Microphone off').waitFor({ timeout: 20_000 });
      await clientPage.getByRole('button', { name: 'Unmute microphone' }).click();
      await coachStage.getByText('Microphone off').waitFor({ state: 'detached' });
      expect((await receivesVideoOf(coachPage, client.displayName)).frames).toBeGreaterThan(framesBefore.frames);

      // The client's browser goes away without a word (its tab is gone).
      await clientPage.context().close();
      await coachPage.getByText(`Waiting for ${client.displayName} to join the call…`).waitFor({ timeout: 20_000 });
      // … and comes back: a new page, a new peer, video again both ways.
      clientPage = await openPage(phone390);
      await enterRoom(clientPage, client.displayName, appointment.id);
      const again = await receivesVideoOf(coachPage, client.displayName);
      expect(again.width).toBeGreaterThan(0);
      await receivesVideoOf(clientPage, coach.displayName);
      // The drop closed the client's first stay (after the grace); the return opened a second.
      const after = await t.db.sessionParticipant.findMany({
        where: { appointmentId: appointment.id, identity: client.id },
        orderBy: { joinedAt: 'asc' },
      });
      expect(after.length).toBeGreaterThanOrEqual(2);
      expect(after.map((s) => s.leftAt !== null)).toEqual([...after.slice(1).map(() => true), false]);
    } finally {
      await coachPage.context().close();
      await clientPage
        .context()
        .close()
        .catch(() => undefined);
    }
  });
});
