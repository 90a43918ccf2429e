import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';

/** One GET on a pooled keep-alive connection; resolves with the status, or the socket error's code. */
function get(url: string, agent: Agent): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${url}/readyz`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    req.end();
  });
}

// docs/reliability.md "Shutdown": SIGTERM stops accepting, lets requests in flight finish, closes every keep-alive
// connection (a browser reloading a page keeps one busy), stops the background work and exits 0.
describe('SIGTERM while clients keep pooled connections busy', () => {
  let service: ServiceProcess;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ninsho-shutdown-'));
    service = await startServiceProcess({ NINSHO_DATA_DIR: dataDir, SEED_DEMO: 'false' });
  });

  after(async () => {
    await service.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('exits 0; every request that was answered got a whole answer, none hangs the exit', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    let running = true;
    const answers: (number | string)[] = [];
    // Four clients, each sending its next request on its pooled connection as soon as the last one is answered.
    const clients = Array.from({ length: 4 }, async () => {
      while (running) answers.push(await get(service.url, agent));
    });
    while (answers.length < 40) await new Promise((r) => setTimeout(r, 10));
    const { code, signal } = await service.terminate();
    running = false;
    await Promise.all(clients);
    agent.destroy();
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, service.stderr());
    assert.ok(answers.filter((a) => a === 200).length >= 40);
    const other = answers.filter((a) => a !== 200 && a !== 'ECONNREFUSED' && a !== 'ECONNRESET');
    assert.deepEqual(other, [], 'an answer is 200, or the connection is refused/closed once the listener has gone');
  });
});
