import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../src/storage/database.ts';

/** Drives the cluster of scripts/ha/up.sh: its fixed ports are in scripts/ha/ports.sh. */
const root = join(import.meta.dirname, '..', '..');
const haDir = process.env.NINSHO_HA_DIR ?? '/tmp/ninsho-ha';
const STATS = 'http://127.0.0.1:28440/;csv';
const NODES = [
  { name: 'node1', rest: 'http://127.0.0.1:28441' },
  { name: 'node2', rest: 'http://127.0.0.1:28442' },
] as const;

/** Why the failover measurement cannot run here, or false: up.sh needs root, or the packages already there. */
export function haUnavailable(): string | false {
  if (process.env.HA_DATABASE_URL) return false;
  if (process.platform !== 'linux') return 'the HA cluster scripts run on Debian only';
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const installed = spawnSync('sh', ['-c', 'command -v patroni && command -v etcd && command -v haproxy']).status === 0;
  return root || installed ? false : 'not root and patroni/etcd/haproxy missing: run scripts/ha/up.sh as root first';
}

/** Runs scripts/ha/up.sh (reuses a healthy cluster) and returns the DATABASE_URL through HAProxy. */
export function clusterUp(): string {
  const r = spawnSync(join(root, 'scripts/ha/up.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !url.startsWith('postgres://')) {
    clusterDown(); // a half-started cluster must not outlive the run
    throw new Error(`scripts/ha/up.sh failed (${r.status})`);
  }
  return url;
}

export function clusterDown(): void {
  spawnSync(join(root, 'scripts/ha/down.sh'), { stdio: 'inherit' });
}

export interface ClusterMember {
  name: string;
  role: string;
  state: string;
}

/** The members as Patroni sees them (GET /cluster on whichever REST API answers). */
export async function members(): Promise<ClusterMember[]> {
  for (const node of NODES) {
    try {
      const res = await fetch(`${node.rest}/cluster`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return ((await res.json()) as { members: ClusterMember[] }).members;
    } catch {}
  }
  return [];
}

export async function leaderName(): Promise<string> {
  const leader = (await members()).find((m) => m.role === 'leader');
  if (!leader) throw new Error('no leader');
  return leader.name;
}

/** kill -9 of the leader's postmaster (its pid from the data directory); returns the old leader's name. */
export async function killLeaderPostmaster(): Promise<string> {
  const name = await leaderName();
  const pid = Number(readFileSync(join(haDir, name, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  return name;
}

/**
 * kill -9 of the leader's Patroni: its PostgreSQL keeps running but the leader key expires (ttl 10 s) and HAProxy
 * stops routing to it; returns the old leader's name.
 */
export async function killLeaderPatroni(): Promise<string> {
  const name = await leaderName();
  process.kill(Number(readFileSync(join(haDir, `${name}.pid`), 'utf8').trim()), 'SIGKILL');
  return name;
}

/** Starts a node's Patroni again (it finds its PostgreSQL still running, demotes it and rejoins). */
export function startNode(name: string): void {
  const r = spawnSync(join(root, 'scripts/ha/start-node.sh'), [name], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/ha/start-node.sh ${name} failed (${r.status})`);
}

/** A planned Patroni switchover to the replica; returns the old leader's name. */
export async function switchover(): Promise<string> {
  const all = await members();
  const leader = all.find((m) => m.role === 'leader');
  const candidate = all.find((m) => m.role !== 'leader');
  if (!leader || !candidate) throw new Error(`no leader/replica pair: ${JSON.stringify(all)}`);
  const rest = NODES.find((n) => n.name === leader.name)?.rest ?? NODES[0].rest;
  const res = await fetch(`${rest}/switchover`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ leader: leader.name, candidate: candidate.name }),
  });
  if (!res.ok) throw new Error(`switchover refused: ${res.status} ${await res.text()}`);
  return leader.name;
}

/** The servers HAProxy routes to: UP after a real health check. */
export async function upServers(): Promise<string[]> {
  const csv = await fetch(STATS, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.text(),
    () => '',
  );
  return csv
    .split('\n')
    .map((line) => line.split(','))
    .filter(
      (f) => f[0] === 'primary' && f[1] !== 'FRONTEND' && f[1] !== 'BACKEND' && f[17] === 'UP' && f[36] === 'L7OK',
    )
    .map((f) => f[1] ?? '');
}

/** Until HAProxy routes to exactly one node and a replica streams synchronously from it (both nodes back). */
export async function waitHealthy(db: Db, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const up = await upServers();
    const sync = await sql<{ n: number }>`select count(*)::int as n from pg_stat_replication
      where state = 'streaming' and sync_state = 'sync'`
      .execute(db)
      .then(
        (r) => r.rows[0]?.n ?? 0,
        () => 0,
      );
    if (up.length === 1 && sync === 1) return;
    if (Date.now() > until) throw new Error(`cluster not healthy: up=${up.join('+')} sync=${sync}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
