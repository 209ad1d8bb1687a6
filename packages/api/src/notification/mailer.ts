import type { Env, Logger } from '@hybridcoach/config';
import nodemailer from 'nodemailer';

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface SentMail extends MailMessage {
  id: number;
  sentAt: Date;
}

/** The narrow adapter every email goes through (SMTP in production, the dev mailbox otherwise). */
export interface Mailer {
  readonly kind: 'smtp' | 'dev-mailbox';
  send(message: MailMessage): Promise<void>;
}

/** SMTP through nodemailer: a real SMTP_URL just works. */
export function createSmtpMailer(options: { url: string; from: string; logger: Logger }): Mailer {
  const transport = nodemailer.createTransport(options.url);
  return {
    kind: 'smtp',
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
      options.logger.info({ to: message.to, subject: message.subject }, 'email sent');
    },
  };
}

/**
 * Development without SMTP: each email is written to the log and kept (the last 100) for the
 * dev-only mailbox page. Never used in production.
 */
export class DevMailbox implements Mailer {
  readonly kind = 'dev-mailbox';
  private readonly messages: SentMail[] = [];
  private nextId = 1;

  constructor(private readonly logger: Logger) {}

  async send(message: MailMessage): Promise<void> {
    const sent = { ...message, id: this.nextId++, sentAt: new Date() };
    this.messages.unshift(sent);
    this.messages.length = Math.min(this.messages.length, 100);
    this.logger.info({ to: message.to, subject: message.subject, text: message.text }, 'email (dev mailbox)');
  }

  list(): SentMail[] {
    return [...this.messages];
  }
}

/** SMTP when SMTP_URL is set; otherwise the dev mailbox (log only, with a warning in production). */
export function createMailer(env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM' | 'NODE_ENV'>, logger: Logger): Mailer {
  if (env.SMTP_URL) return createSmtpMailer({ url: env.SMTP_URL, from: env.MAIL_FROM, logger });
  if (env.NODE_ENV === 'production') logger.warn('SMTP_URL is not set: emails are only written to the log');
  return new DevMailbox(logger);
}
