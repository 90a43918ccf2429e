#!/usr/bin/env bash
# Starts a throwaway PostgreSQL high-availability cluster on loopback (docs/reliability.md, "High availability"):
# etcd, two Patroni nodes running PostgreSQL 15 (a leader and a synchronous streaming replica), and HAProxy
# routing to whichever node Patroni's REST API calls the primary. Waits until HAProxy has exactly one server UP
# and the replica streams with sync_state = sync, then prints the DATABASE_URL through HAProxy on stdout.
# Safe to run twice: a healthy cluster is reused, a broken one is torn down (scripts/ha/down.sh) and rebuilt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/ha/ports.sh
. "$here/ports.sh"

log() { echo "ha: $*" >&2; }
die() {
  echo "ha: $*" >&2
  exit 1
}

# HAProxy stats (CSV): the servers of the `primary` proxy that are UP after a real check (L7OK).
up_servers() {
  curl -fsS --max-time 2 "http://127.0.0.1:${HA_STATS_PORT}/;csv" 2>/dev/null |
    awk -F, '$1 == "primary" && $2 != "FRONTEND" && $2 != "BACKEND" && $18 == "UP" && $37 == "L7OK" { print $2 }'
}

# The replica streams synchronously from the leader (patronictl list alone is no readiness check).
sync_replicas() {
  PGCONNECT_TIMEOUT=2 "$HA_PG_BIN/psql" "$HA_DATABASE_URL" -Atqc \
    "select count(*) from pg_stat_replication where state = 'streaming' and sync_state = 'sync'" 2>/dev/null || echo 0
}

ready() {
  [ "$(up_servers | wc -l)" = 1 ] && [ "$(sync_replicas)" = 1 ]
}

if [ -f "$HA_DIR/.ninsho-ha" ] && ready; then
  log "cluster already up in $HA_DIR"
  echo "$HA_DATABASE_URL"
  exit 0
fi
"$here/down.sh" >&2

missing=()
command -v patroni >/dev/null || missing+=(patroni)
command -v etcd >/dev/null || missing+=(etcd-server)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v curl >/dev/null || missing+=(curl)
[ -x "$HA_PG_BIN/postgres" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}; install them as root: apt-get install -y ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi

# initdb refuses root: as root, Patroni (and so PostgreSQL) runs as the postgres user (scripts/ha/start-node.sh).
pg_owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "no postgres user (install postgresql-15)"
  pg_owner=postgres
fi

mkdir -p "$HA_DIR"
chmod 755 "$HA_DIR"
touch "$HA_DIR/.ninsho-ha"

# Starts a detached process with its output in $HA_DIR/<name>.log and its pid in $HA_DIR/<name>.pid.
start() {
  local name=$1
  shift
  setsid "$@" >>"$HA_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$HA_DIR/$name.pid"
}

log "etcd on 127.0.0.1:${HA_ETCD_CLIENT_PORT}"
start etcd etcd --name ha --data-dir "$HA_DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:${HA_ETCD_CLIENT_PORT}" \
  --advertise-client-urls "http://127.0.0.1:${HA_ETCD_CLIENT_PORT}" \
  --listen-peer-urls "http://127.0.0.1:${HA_ETCD_PEER_PORT}" \
  --initial-advertise-peer-urls "http://127.0.0.1:${HA_ETCD_PEER_PORT}" \
  --initial-cluster "ha=http://127.0.0.1:${HA_ETCD_PEER_PORT}" \
  --initial-cluster-token "$HA_SCOPE" --initial-cluster-state new
for _ in $(seq 1 100); do
  curl -fsS --max-time 1 "http://127.0.0.1:${HA_ETCD_CLIENT_PORT}/health" 2>/dev/null | grep -q '"health":"true"' && break
  sleep 0.1
done

for i in 1 2; do
  node="node$i"
  dir="$HA_DIR/$node"
  mkdir -p "$dir/data"
  chmod 700 "$dir" "$dir/data"
  # etcd3: etcd 3.4 has the v2 API off (with `etcd:` Patroni waits forever). primary_start_timeout 0: a killed
  # postmaster fails over at once instead of being crash-recovered in place. max_connections lives in the DCS.
  cat >"$dir/patroni.yml" <<YAML
scope: $HA_SCOPE
name: $node
restapi:
  listen: 127.0.0.1:${HA_REST_PORTS[$((i - 1))]}
  connect_address: 127.0.0.1:${HA_REST_PORTS[$((i - 1))]}
etcd3:
  hosts: 127.0.0.1:${HA_ETCD_CLIENT_PORT}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    primary_start_timeout: 0
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 200
        wal_log_hints: 'on'
        wal_level: replica
        hot_standby: 'on'
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:${HA_PG_PORTS[$((i - 1))]}
  connect_address: 127.0.0.1:${HA_PG_PORTS[$((i - 1))]}
  data_dir: $dir/data
  bin_dir: $HA_PG_BIN
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: postgres
      password: $HA_SUPERUSER_PASSWORD
    replication:
      username: replicator
      password: $HA_REPLICATION_PASSWORD
  parameters:
    unix_socket_directories: $dir
YAML
  chown -R "$pg_owner" "$dir"
  log "Patroni $node: PostgreSQL 127.0.0.1:${HA_PG_PORTS[$((i - 1))]}, REST 127.0.0.1:${HA_REST_PORTS[$((i - 1))]}"
  "$here/start-node.sh" "$node"
done

cat >"$HA_DIR/haproxy.cfg" <<CFG
global
  maxconn 2000
  stats socket $HA_DIR/haproxy.sock mode 600 level admin
defaults
  mode tcp
  timeout connect 4s
  timeout client 30m
  timeout server 30m
  timeout check 2s
listen stats
  mode http
  bind 127.0.0.1:${HA_STATS_PORT}
  stats enable
  stats uri /
  stats refresh 1s
listen primary
  bind 127.0.0.1:${HA_PROXY_PORT}
  option httpchk OPTIONS /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
  server node1 127.0.0.1:${HA_PG_PORTS[0]} maxconn 500 check port ${HA_REST_PORTS[0]}
  server node2 127.0.0.1:${HA_PG_PORTS[1]} maxconn 500 check port ${HA_REST_PORTS[1]}
CFG
log "HAProxy on 127.0.0.1:${HA_PROXY_PORT} (stats http://127.0.0.1:${HA_STATS_PORT}/)"
start haproxy haproxy -db -f "$HA_DIR/haproxy.cfg"

# Right after start HAProxy counts every server UP until checked: wait for exactly one checked UP server and a
# synchronous streaming replica.
began=$(date +%s)
until ready; do
  if [ $(($(date +%s) - began)) -ge 120 ]; then
    for f in etcd node1 node2 haproxy; do
      echo "--- $f.log" >&2
      tail -n 30 "$HA_DIR/$f.log" >&2 || true
    done
    die "cluster not ready after 120 s (logs above, in $HA_DIR)"
  fi
  sleep 0.5
done
log "ready in $(($(date +%s) - began)) s: leader $(up_servers), replica streaming (sync)"
echo "$HA_DATABASE_URL" | tee "$HA_DIR/database_url"
