import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * LISTEN for a channel's notifications (PostgreSQL NOTIFY). A subscription tells its owner about every
 * notification and about every moment it may have missed some (a lost connection, then a new one): the owner
 * reloads whatever the channel is about either way, so missing one never leaves a node stale for long.
 */
export interface Subscription {
  close(): Promise<void>;
}

export interface SubscriptionHandlers {
  /** A notification arrived, or (after a reconnect) some may have been missed. */
  onNotify: () => void;
  /** The listening connection failed; it is reopened after a pause. */
  onFault?: (err: Error) => void;
}

export type Subscriber = (channel: string, handlers: SubscriptionHandlers) => Promise<Subscription>;

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * PostgreSQL: one dedicated client (not from the pool: LISTEN belongs to its session) that reopens itself with
 * backoff after any fault. Resolves at once; the first connection is made in the background.
 */
export function postgresSubscriber(config: pg.ClientConfig): Subscriber {
  return async (channel, handlers) => {
    let closed = false;
    let client: pg.Client | undefined;
    let timer: NodeJS.Timeout | undefined;
    let pause = RECONNECT_MIN_MS;
    const schedule = () => {
      if (closed || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void open();
      }, pause);
      timer.unref();
      pause = Math.min(pause * 2, RECONNECT_MAX_MS);
    };
    const fail = (c: pg.Client, err: Error) => {
      if (client !== c) return; // an old client's late event
      client = undefined;
      void c.end().catch(() => {});
      if (closed) return;
      handlers.onFault?.(err);
      schedule();
    };
    const open = async () => {
      if (closed) return;
      const c = new pg.Client({ ...config, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
      client = c;
      c.on('error', (err) => fail(c, err));
      c.on('end', () => fail(c, new Error('listening connection ended')));
      c.on('notification', (n) => {
        if (n.channel === channel) handlers.onNotify();
      });
      try {
        await c.connect();
        await c.query(`listen ${pg.escapeIdentifier(channel)}`);
        if (closed) {
          await c.end().catch(() => {});
          return;
        }
        pause = RECONNECT_MIN_MS;
        handlers.onNotify(); // anything sent while no connection listened was missed
      } catch (err) {
        fail(c, err instanceof Error ? err : new Error(String(err)));
      }
    };
    void open();
    return {
      close: async () => {
        closed = true;
        clearTimeout(timer);
        const c = client;
        client = undefined;
        await c?.end().catch(() => {});
      },
    };
  };
}

/** PGlite: notifications within the one embedded instance (every node of it is this process). */
export function pgliteSubscriber(instance: () => Promise<PGlite>): Subscriber {
  return async (channel, handlers) => {
    const pglite = await instance();
    const unlisten = await pglite.listen(channel, () => handlers.onNotify());
    return {
      close: async () => {
        if (!pglite.closed) await unlisten().catch(() => {});
      },
    };
  };
}
