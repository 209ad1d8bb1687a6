import { createLogger } from '@hybridcoach/config';
import { afterAll, expect, test } from 'vitest';
import { createMailer } from './mailer';
import { startSmtpStandIn } from './test-support/smtp-stand-in';

const smtp = await startSmtpStandIn();
afterAll(() => smtp.close());

test('sends through SMTP (nodemailer) with the attachment intact', async () => {
  const logger = createLogger('mailer-test', 'silent');
  const mailer = createMailer(
    { SMTP_URL: smtp.url, MAIL_FROM: 'HybridCoach <no-reply@hybridcoach.test>', NODE_ENV: 'production' },
    logger,
  );
  expect(mailer.kind).toBe('smtp');
  await mailer.send({
    to: 'client@vagus.example',
    subject: 'Your HybridCoach sign-in code',
    text: 'Your code is vgs-1-abc\n.\nA line with a lone dot above.',
    attachments: [
      { filename: 'session.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar' },
    ],
  });
  expect(smtp.received).toHaveLength(1);
  const mail = smtp.received[0];
  expect(mail?.from).toBe('no-reply@hybridcoach.test');
  expect(mail?.to).toEqual(['client@vagus.example']);
  expect(mail?.data).toContain('Subject: Your HybridCoach sign-in code');
  expect(mail?.data).toContain('vgs-1-abc');
  expect(mail?.data).toContain('filename=session.ics');
});

test('without SMTP_URL the dev mailbox keeps the message', async () => {
  const mailer = createMailer(
    { SMTP_URL: undefined, MAIL_FROM: 'x', NODE_ENV: 'development' },
    createLogger('mailer-test', 'silent'),
  );
  expect(mailer.kind).toBe('dev-mailbox');
});
