import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MerchantNotification {
  cres: string;
  threeDSSessionData: string | undefined;
  decoded: Record<string, string>;
}

const SIZES: Record<string, [number, number]> = {
  '01': [250, 400],
  '02': [390, 400],
  '03': [500, 600],
  '04': [600, 400],
  '05': [0, 0],
};

/**
 * A merchant's checkout page on another site (127.0.0.1 vs the ACS on localhost), as a 3DS Requestor
 * serves it: an iframe of the EMV window size, a form that posts the CReq into it, and the notificationURL
 * that receives the final CRes. Public EMV browser flow only; it plays the merchant, not the ACS.
 */
export class MerchantPeer {
  readonly notifications: MerchantNotification[] = [];
  #server: Server | undefined;
  #port = 0;

  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get notificationURL(): string {
    return `${this.origin}/notify`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.origin);
      if (req.method === 'GET' && url.pathname === '/checkout') {
        const size = url.searchParams.get('size') ?? '05';
        // `frame=400x250`: an iframe other than the size the CReq asks for (some merchant libraries swap the sides)
        const frame = /^(\d{2,4})x(\d{2,4})$/.exec(url.searchParams.get('frame') ?? '');
        const [w, h] = frame ? [Number(frame[1]), Number(frame[2])] : (SIZES[size] ?? [0, 0]);
        const frameStyle = w ? `width:${w}px;height:${h}px` : 'width:100%;height:95vh';
        const acsUrl = url.searchParams.get('acsURL') ?? '';
        const creq = url.searchParams.get('creq') ?? '';
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><body style="margin:0">
<form id="f" method="post" action="${escapeHtml(acsUrl)}" target="acs">
<input type="hidden" name="creq" value="${escapeHtml(creq)}"><input type="hidden" name="threeDSSessionData" value="bWVyY2hhbnQtc2Vzc2lvbg">
<button id="start" type="submit">pay</button></form>
<iframe name="acs" id="acs" style="border:0;${frameStyle}"></iframe></body></html>`);
        return;
      }
      if (req.method === 'POST' && url.pathname === '/notify') {
        let data = '';
        req.on('data', (c) => {
          data += c;
        });
        req.on('end', () => {
          const form = new URLSearchParams(data);
          const cres = form.get('cres') ?? '';
          let decoded: Record<string, string> = {};
          try {
            decoded = JSON.parse(Buffer.from(cres, 'base64url').toString('utf8')) as Record<string, string>;
          } catch {}
          this.notifications.push({ cres, threeDSSessionData: form.get('threeDSSessionData') ?? undefined, decoded });
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            `<!doctype html><p id="done">merchant received ${escapeHtml(decoded.transStatus ?? decoded.messageType ?? '?')}</p>`,
          );
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server?.closeAllConnections();
      this.#server?.close(() => resolve());
    });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
