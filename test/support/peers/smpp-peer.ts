/**
 * A loopback SMSC built on the `smpp` package's own server: binds with a system_id/password,
 * records submit_sm, answers with a message_id and can push deliver_sm receipts back.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Pdu, PduFields, Session } from 'smpp';
import smpp from 'smpp';

export interface SmppSubmit {
  messageId: string;
  /** E.164 when the destination came with TON 1 (international), else as sent. */
  to: string;
  body: string;
  sourceAddr: string;
  sourceAddrTon: number;
  dataCoding: number;
  registeredDelivery: number;
  viaMessagePayload: boolean;
}

export interface SmppPeer {
  readonly url: string;
  readonly port: number;
  received(): SmppSubmit[];
  /** Successful binds so far, by command (`bind_transceiver` / `bind_transmitter`). */
  binds(): string[];
  /** PDUs the peer received by command name, e.g. `enquire_link`, `unbind`, `deliver_sm_resp`. */
  seen(command: string): number;
  /** Answer the next `count` submit_sm with this command_status. */
  failNext(count: number, commandStatus: number): void;
  /** Leave the next `count` submit_sm unanswered. */
  silenceNext(count: number): void;
  /** Close every session's socket from the SMSC side. */
  dropConnections(): Promise<void>;
  /** Send a delivery receipt for a message over the bound transceiver; resolves on deliver_sm_resp. */
  sendReceipt(messageId: string, stat: string, options?: { err?: string; withTlvs?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const MESSAGE_STATE: Record<string, number> = {
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  REJECTD: 8,
};

function text(value: PduFields['short_message']): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  const message = Buffer.isBuffer(value) ? value : value.message;
  return typeof message === 'string' ? message : message.toString('latin1');
}

export async function startSmppPeer(credentials = { systemId: 'ninsho', password: 'secret12' }): Promise<SmppPeer> {
  const received: SmppSubmit[] = [];
  const binds: string[] = [];
  const counts = new Map<string, number>();
  const failures: number[] = [];
  const sessions = new Set<Session>();
  const bound = new Set<Session>();
  let silence = 0;
  let nextId = 0;
  const idPrefix = randomBytes(3).toString('hex');

  function onBind(session: Session, pdu: Pdu): void {
    const ok = pdu.system_id === credentials.systemId && pdu.password === credentials.password;
    if (!ok) {
      session.send(pdu.response({ command_status: 0x0e }));
      return;
    }
    binds.push(pdu.command);
    if (pdu.command === 'bind_transceiver') bound.add(session);
    session.send(pdu.response({ system_id: 'loopback-smsc' }));
  }

  function onSubmit(session: Session, pdu: Pdu): void {
    if (silence > 0) {
      silence -= 1;
      return;
    }
    const status = failures.shift();
    if (status !== undefined) {
      session.send(pdu.response({ command_status: status }));
      return;
    }
    nextId += 1;
    const messageId = `${idPrefix}${nextId.toString(16).padStart(6, '0')}`;
    const viaMessagePayload = pdu.message_payload !== undefined;
    const destination = pdu.destination_addr ?? '';
    received.push({
      messageId,
      to: pdu.dest_addr_ton === 1 ? `+${destination}` : destination,
      body: viaMessagePayload ? text(pdu.message_payload) : text(pdu.short_message),
      sourceAddr: pdu.source_addr ?? '',
      sourceAddrTon: pdu.source_addr_ton ?? 0,
      dataCoding: pdu.data_coding ?? 0,
      registeredDelivery: pdu.registered_delivery ?? 0,
      viaMessagePayload,
    });
    session.send(pdu.response({ message_id: messageId }));
  }

  const server = smpp.createServer((session) => {
    sessions.add(session);
    session.on('error', () => session.destroy());
    session.on('close', () => {
      sessions.delete(session);
      bound.delete(session);
    });
    session.on('pdu', (pdu) => counts.set(pdu.command, (counts.get(pdu.command) ?? 0) + 1));
    session.on('bind_transceiver', (pdu) => onBind(session, pdu));
    session.on('bind_transmitter', (pdu) => onBind(session, pdu));
    session.on('submit_sm', (pdu) => onSubmit(session, pdu));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      bound.delete(session);
      session.send(pdu.response());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function destroyAll(): Promise<void> {
    return Promise.all([...sessions].map((session) => new Promise<void>((done) => session.destroy(done)))).then(
      () => undefined,
    );
  }

  return {
    url: `smpp://${encodeURIComponent(credentials.systemId)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`,
    port,
    received: () => received.map((submit) => ({ ...submit })),
    binds: () => [...binds],
    seen: (command) => counts.get(command) ?? 0,
    failNext(count, commandStatus) {
      for (let i = 0; i < count; i += 1) failures.push(commandStatus);
    },
    silenceNext(count) {
      silence += count;
    },
    dropConnections: destroyAll,
    sendReceipt(messageId, stat, options = {}) {
      const session = [...bound][0];
      if (!session) return Promise.reject(new Error('no bound transceiver to deliver the receipt on'));
      const submit = received.find((candidate) => candidate.messageId === messageId);
      const err = options.err ?? (stat === 'DELIVRD' ? '000' : '001');
      const receipt =
        `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2501011200 ` +
        `done date:2501011201 stat:${stat} err:${err} text:${[...(submit?.body ?? '')]
          .slice(0, 20)
          .join('')
          .replace(/[^\x20-\x7e]/g, '?')}`;
      const tlvs: PduFields = options.withTlvs
        ? { receipted_message_id: messageId, message_state: MESSAGE_STATE[stat] ?? 7 }
        : {};
      return new Promise((resolve, reject) => {
        const sent = session.deliver_sm(
          {
            source_addr: submit?.to.replace(/^\+/, '') ?? '',
            destination_addr: submit?.sourceAddr ?? '',
            esm_class: 0x04,
            data_coding: 0,
            short_message: Buffer.from(receipt, 'latin1'),
            ...tlvs,
          },
          () => resolve(),
        );
        if (!sent) reject(new Error('transceiver socket is not writable'));
      });
    },
    async close() {
      await destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
