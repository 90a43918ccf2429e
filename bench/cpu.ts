import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds spent so far by the service process and by the PostgreSQL backends serving one database. */
export interface CpuSample {
  service: number;
  postgres: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux (`getconf CLK_TCK`)

function processCpu(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/**
 * Reads /proc (Linux only; zeros elsewhere). PostgreSQL backends name their database in the process title
 * (`postgres: [cluster:] user dbname host(port) state`), so only the backends of `database` are counted — not the
 * shared WAL writer or checkpointer, nor anyone else's sessions on the same server.
 */
export function cpuSample(servicePid: number, database: string | undefined): CpuSample {
  let postgres = 0;
  if (database) {
    let pids: string[] = [];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      pids = [];
    }
    for (const pid of pids) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmdline.startsWith('postgres: ') && cmdline.split(/[\s\0]+/).includes(database)) postgres += processCpu(pid);
    }
  }
  return { service: processCpu(String(servicePid)), postgres };
}

/** Microseconds of CPU per request between two samples. */
export function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number) {
  const per = (s: number) => (requests > 0 ? Math.round((s * 1e6) / requests) : 0);
  return { serviceUs: per(after.service - before.service), postgresUs: per(after.postgres - before.postgres) };
}
