#!/usr/bin/env bash
# Stops the cluster scripts/ha/up.sh started (HAProxy, both Patroni nodes and their PostgreSQL, etcd) and removes
# its files. Only processes recorded in its own pid files are stopped. Safe to run twice, or with nothing up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/ha/ports.sh
. "$here/ports.sh"

[ -d "$HA_DIR" ] || exit 0
[ -f "$HA_DIR/.ninsho-ha" ] || {
  echo "ha: $HA_DIR is not a cluster directory of scripts/ha/up.sh; leaving it alone" >&2
  exit 1
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# Sends SIGTERM to a pid, waits up to 15 s, then SIGKILL.
stop_pid() {
  local pid=$1
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

pid_of() { [ -f "$1" ] && head -n 1 "$1" | tr -dc 0-9 || true; }

stop_pid "$(pid_of "$HA_DIR/haproxy.pid")"
# Patroni stops its PostgreSQL on SIGTERM; a postmaster left behind (its Patroni was killed) is stopped by the
# pid in its own postmaster.pid.
for node in node1 node2; do stop_pid "$(pid_of "$HA_DIR/$node.pid")" & done
wait
for node in node1 node2; do stop_pid "$(pid_of "$HA_DIR/$node/data/postmaster.pid")"; done
stop_pid "$(pid_of "$HA_DIR/etcd.pid")"

rm -rf "$HA_DIR"
echo "ha: stopped and removed $HA_DIR" >&2
