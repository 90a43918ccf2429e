// The `smpp` package ships no types; this covers only what ninsho uses (adapter and test peer).
declare module 'smpp' {
  import type { Server as NetServer, Socket } from 'node:net';

  /** A short_message / message_payload after the package decoded it by data_coding. */
  export interface DecodedMessage {
    message: string | Buffer;
    udh?: Buffer[];
  }

  export interface PduFields {
    command_status?: number;
    sequence_number?: number;
    system_id?: string;
    password?: string;
    system_type?: string;
    interface_version?: number;
    service_type?: string;
    source_addr_ton?: number;
    source_addr_npi?: number;
    source_addr?: string;
    dest_addr_ton?: number;
    dest_addr_npi?: number;
    destination_addr?: string;
    esm_class?: number;
    registered_delivery?: number;
    data_coding?: number | null;
    short_message?: Buffer | string | DecodedMessage;
    message_payload?: Buffer | string | DecodedMessage;
    message_id?: string;
    receipted_message_id?: string;
    message_state?: number;
  }

  export interface Pdu extends PduFields {
    readonly command: string;
    readonly command_id: number;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: PduFields): Pdu;
  }

  export type PduCallback = (pdu: Pdu) => void;

  export interface Session {
    readonly socket: Socket;
    send(pdu: Pdu, responseCallback?: PduCallback, sendCallback?: PduCallback): boolean;
    bind_transceiver(options: PduFields, responseCallback?: PduCallback): boolean;
    bind_transmitter(options: PduFields, responseCallback?: PduCallback): boolean;
    submit_sm(options: PduFields, responseCallback?: PduCallback): boolean;
    deliver_sm(options: PduFields, responseCallback?: PduCallback): boolean;
    enquire_link(options: PduFields, responseCallback?: PduCallback): boolean;
    unbind(options: PduFields, responseCallback?: PduCallback): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: string, listener: (pdu: Pdu) => void): this;
    once(event: 'connect' | 'close', listener: () => void): this;
    once(event: 'error', listener: (error: Error) => void): this;
    off(event: 'connect' | 'close', listener: () => void): this;
    off(event: 'error', listener: (error: Error) => void): this;
  }

  export interface Server extends NetServer {
    readonly sessions: Session[];
  }

  export interface ConnectOptions {
    host: string;
    port: number;
  }

  interface SmppModule {
    connect(options: ConnectOptions, listener?: () => void): Session;
    createServer(listener: (session: Session) => void): Server;
  }

  const smpp: SmppModule;
  export default smpp;
}
