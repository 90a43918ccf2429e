import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertValidOutgoing } from '../messages.ts';

export interface ReceivedRReq {
  body: Record<string, string>;
  headers: IncomingMessage['headers'];
}

/**
 * A Directory Server simulator for tests, speaking the public EMV 3DS RReq/RRes exchange on loopback:
 * records every RReq and answers an RRes, or (when told) fails with HTTP 503 or goes away entirely.
 */
export class DsPeer {
  readonly received: ReceivedRReq[] = [];
  /** RReqs that failed our own validator (tests assert there are none). */
  readonly invalid: string[] = [];
  failNext = 0;
  #server: Server | undefined;
  #port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.#port}/rreq`;
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => {
      let data = '';
      req.on('data', (chunk) => {
        data += chunk;
      });
      req.on('end', () => {
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(503).end();
          return;
        }
        let body: Record<string, string>;
        try {
          body = JSON.parse(data) as Record<string, string>;
        } catch {
          res.writeHead(400).end();
          return;
        }
        // An app RReq carries acsRenderingType (and, from 2.2.0, sdkTransID); it is checked as one.
        const app = 'acsRenderingType' in body;
        try {
          assertValidOutgoing(body, app ? { deviceChannel: '01', messageCategory: body.messageCategory } : undefined);
        } catch (err) {
          this.invalid.push(err instanceof Error ? err.message : String(err));
        }
        this.received.push({ body, headers: req.headers });
        const rres = {
          messageType: 'RRes',
          messageVersion: body.messageVersion,
          threeDSServerTransID: body.threeDSServerTransID,
          acsTransID: body.acsTransID,
          dsTransID: body.dsTransID,
          ...(app && body.sdkTransID !== undefined && { sdkTransID: body.sdkTransID }),
          resultsStatus: '01',
        };
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (body.messageVersion === '2.3.1' && body.acsTransID && body.dsTransID) {
          headers['X-Request-ID'] = body.acsTransID;
          headers['X-Response-ID'] = body.dsTransID;
        }
        res.writeHead(200, headers).end(JSON.stringify(rres));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.#server) return resolve();
      this.#server.closeAllConnections();
      this.#server.close(() => resolve());
    });
  }

  forTransaction(acsTransID: string): ReceivedRReq[] {
    return this.received.filter((r) => r.body.acsTransID === acsTransID);
  }

  async waitFor(acsTransID: string, timeoutMs = 10_000): Promise<ReceivedRReq> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.forTransaction(acsTransID)[0];
      if (this.invalid.length > 0) throw new Error(this.invalid.join('\n'));
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no RReq for ${acsTransID} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
