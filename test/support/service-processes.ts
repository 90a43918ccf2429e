import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** A ninsho process started the way production starts it (its own Node process, its own pools and workers). */
export interface ServiceProcess {
  url: string;
  /** Every JSON log line the process wrote to stdout so far. */
  logs(): Record<string, unknown>[];
  stop(): Promise<void>;
  /** True until the process has exited (fault tests: a database fault must not end it). */
  alive(): boolean;
  /** kill -9: the process ends at once, with whatever it had in flight. */
  kill(): Promise<void>;
  /** Sends a signal (SIGHUP: reload the ACS signing files). */
  signal(name: NodeJS.Signals): void;
  /** SIGTERM, then how the process ended (a graceful stop exits 0 by itself; there is no SIGKILL fallback). */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

export async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts `src/app/main.ts` under tsx with `env` on a free port and waits for /readyz. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  // A port found free here can be taken by another test's server before the child binds it: then the child dies
  // with EADDRINUSE and is started again on another port (three tries).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(env, await freePort());
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

class PortTaken extends Error {}

/** The banner `src/app/main.ts` writes to stdout once its listener is bound, whatever LOG_LEVEL says. */
const LISTENING = 'ninsho ACS is running at';

async function startOnPort(env: Record<string, string>, port: number): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/app/main.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      if (`${stdout}${stderr}`.includes('EADDRINUSE')) throw new PortTaken(`port ${port} taken`);
      throw new Error(`service exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    }
    // Only once the child itself listens: before, another process on the port could answer /readyz.
    const ready =
      stdout.includes(LISTENING) &&
      (await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ));
    if (ready) break;
    if (Date.now() > until) throw new Error(`service not ready after 60 s: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    logs: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    alive: () => child.exitCode === null && child.signalCode === null,
    signal: (name) => {
      child.kill(name);
    },
    terminate: async () => {
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      return { code, signal };
    },
    stderr: () => stderr,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const exited = once(child, 'exit');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A loopback round-robin HTTP load balancer: request n goes to backend n mod k, bodies streamed through. */
export class RoundRobinBalancer {
  #server: Server | undefined;
  #next = 0;
  /** Which backend served each request, in order (the test checks both nodes took part). */
  readonly served: string[] = [];

  constructor(private readonly backends: readonly string[]) {}

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const backend = this.backends[this.#next++ % this.backends.length] ?? '';
      this.served.push(backend);
      const target = new URL(req.url ?? '/', backend);
      const upstream = request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}
