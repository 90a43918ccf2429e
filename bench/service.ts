import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Service {
  url: string;
  pid: number;
  /** Peak resident set (VmHWM) of the process so far, in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
  /** kill -9: no shutdown, no drain, whatever is in flight is cut off. */
  kill(): Promise<void>;
}

const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

/**
 * The service's environment in the bench: no demo data, quiet logs, the seeding's master key, the loopback DS for
 * RReqs and the loopback Twilio Messages API for SMS (bench/challenge.ts).
 */
export function serviceEnv(port: number, masterKeyB64: string, dsUrl: string, smsUrl: string): Record<string, string> {
  return {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    NINSHO_MASTER_KEY: masterKeyB64,
    DS_RREQ_URL: dsUrl,
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: 'ACbench',
    TWILIO_AUTH_TOKEN: 'bench-token',
    TWILIO_FROM: 'NINSHO',
    TWILIO_API_BASE: smsUrl,
  };
}

/**
 * The service alone on a free port, for the benches that only send AReqs (bench/risk-compare.ts,
 * bench/history-statement.ts): no demo data, errors only in its log, `masterKey` as the seeding's.
 */
export async function startAReqService(
  nodeArgs: string[],
  env: Record<string, string>,
  masterKey: Buffer,
): Promise<Service> {
  const port = await freePort();
  const own = {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    NINSHO_MASTER_KEY: masterKey.toString('base64'),
  };
  return startProcess(nodeArgs, { ...env, ...own }, '/readyz', port);
}

/** `taskset -c <core>` in front of a command when the machine has it and more than one core. */
export function pinned(core: number, cmd: string, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
}

export function pinSelf(core: number): boolean {
  return hasTaskset && spawnSync('taskset', ['-pc', String(core), String(process.pid)]).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a process pinned to core 0 and waits until `readyPath` answers 200. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  port: number,
): Promise<Service> {
  const [cmd, argv] = pinned(0, process.execPath, args);
  const child: ChildProcess = spawn(cmd, argv, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited: ${stderr}`);
    const ok = await fetch(`${url}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`service not ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  // Peak RSS is measured from here on: start-up (scrypt of the bootstrap admin password) is not "under load".
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not Linux, or not allowed: VmHWM then includes start-up
  }
  return {
    url,
    pid,
    peakRssMb: () => {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : 0;
    },
    stop: () => signal(child, 'SIGTERM'),
    kill: () => signal(child, 'SIGKILL'),
  };
}

/** Sends `sig` to the child (taskset execs the command, so this is the process itself) and waits until it exits. */
function signal(child: ChildProcess, sig: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(sig);
  });
}
