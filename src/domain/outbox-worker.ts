// Sends what the outbox holds, one message at a time, after the transaction that wrote it: claim (a
// lease, so a crash mid-send is retried), send, mark sent in one statement. The one window left: the
// server accepted and the process died before the mark; the message is then sent again after the lease,
// with the same Message-ID, by which a mail system or reader can recognise the repeat (decision 45).
import { MailDeliveryError, type MailTransport, OUTBOX_RETENTION_DAYS, type OutboxStore, nextAttemptAfter } from './outbox.js';

/** What the worker logs to: pino's Logger fits. Never addresses or content: ids, kinds and the server's answer. */
export interface WorkerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface OutboxWorkerOptions {
  readonly store: OutboxStore;
  readonly transport: MailTransport;
  /** The domain of the Message-IDs: the sender's. */
  readonly messageIdDomain: string;
  /** How long a claim lasts: longer than any one attempt can take. */
  readonly leaseMs: number;
  readonly log: WorkerLog;
  /** How often to look even without news from this process (another process may have written). */
  readonly pollMs?: number;
}

const PRUNE_EVERY_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export class OutboxWorker {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private started = false;
  private lastPrune = 0;

  constructor(private readonly options: OutboxWorkerOptions) {}

  /** Starts sending: now, when woken, and when the next retry is due. */
  start(): void {
    this.started = true;
    this.wake();
  }

  /** Something was written: look soon (a no-op until started). */
  wake(): void {
    if (!this.started || this.stopped) return;
    this.schedule(0);
  }

  /**
   * Sends every message due at `at` (a test passes a later moment to skip a backoff) and returns how
   * many were tried; runs after whatever the worker is doing, never beside it.
   */
  runDue(at?: Date): Promise<number> {
    const run = this.chain.then(() => this.sendDue(at));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and waits for the attempt in progress; the store is not touched after this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
    this.options.transport.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runDue().then(
        () => this.scheduleNext(),
        (error: unknown) => {
          if (!this.stopped) this.options.log.error({ err: error, event: 'outbox_worker_failed' }, 'the outbox worker failed; trying again later');
          this.schedule(this.options.pollMs ?? 60_000);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const poll = this.options.pollMs ?? 60_000;
    const due = this.options.store.nextDueAt();
    const untilDue = due === undefined ? poll : new Date(due).getTime() - Date.now();
    this.schedule(Math.max(0, Math.min(poll, untilDue)));
  }

  private async sendDue(at: Date | undefined): Promise<number> {
    const { store, transport, leaseMs, log, messageIdDomain } = this.options;
    const now = () => at ?? new Date();
    if (this.stopped && at === undefined) return 0;
    if (now().getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now().getTime();
      const pruned = store.prune(new Date(now().getTime() - OUTBOX_RETENTION_DAYS * DAY_MS).toISOString());
      if (pruned > 0) log.info({ event: 'outbox_pruned', pruned }, `${pruned} old messages removed from the outbox`);
    }
    let tried = 0;
    for (;;) {
      if (this.stopped && at === undefined) break;
      const started = now();
      const mail = store.claimDue(started.toISOString(), new Date(started.getTime() + leaseMs).toISOString());
      if (!mail) break;
      tried++;
      const messageId = `<${mail.messageKey}@${messageIdDomain}>`;
      const fields = { outboxId: mail.id, messageId, kind: mail.kind, attempt: mail.attempts };
      try {
        const response = await transport.send({ ...mail, messageId });
        // Stopped meanwhile: the database may be closing; the lease brings the message back at the next start.
        if (this.stopped && at === undefined) break;
        store.markSent(mail.id, mail.claim, response, now().toISOString());
        log.info({ event: 'mail_sent', ...fields, response }, `mail ${messageId} sent (${response})`);
      } catch (error) {
        if (this.stopped && at === undefined) break;
        const failure = error instanceof MailDeliveryError ? error : new MailDeliveryError(String((error as Error)?.message ?? error), false);
        const next = failure.permanent ? undefined : nextAttemptAfter(mail.attempts, mail.createdAt, now());
        if (next) {
          store.retryLater(mail.id, mail.claim, failure.message, next.toISOString());
          log.warn({ event: 'mail_retry', ...fields, response: failure.message, nextAttemptAt: next.toISOString() }, `mail ${messageId} not sent, trying again later`);
        } else {
          store.markFailed(mail.id, mail.claim, failure.message, now().toISOString());
          log.warn({ event: 'mail_failed', ...fields, response: failure.message }, `mail ${messageId} given up`);
        }
      }
    }
    return tried;
  }
}
