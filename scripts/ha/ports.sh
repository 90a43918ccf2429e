# Fixed loopback ports and paths of the throwaway HA cluster (sourced by up.sh and down.sh; docs/reliability.md).
HA_DIR=${NINSHO_HA_DIR:-/tmp/ninsho-ha}
HA_ETCD_CLIENT_PORT=23790
HA_ETCD_PEER_PORT=23800
HA_PG_PORTS=(25441 25442)       # PostgreSQL of node1, node2
HA_REST_PORTS=(28441 28442)     # Patroni REST API of node1, node2 (HAProxy's health check)
HA_PROXY_PORT=25440             # HAProxy: always the current leader
HA_STATS_PORT=28440             # HAProxy stats page (CSV at /;csv)
HA_SCOPE=ninsho-ha
HA_SUPERUSER_PASSWORD=ninsho-ha-super
HA_REPLICATION_PASSWORD=ninsho-ha-repl
HA_PG_BIN=${HA_PG_BIN:-/usr/lib/postgresql/15/bin}
HA_DATABASE_URL="postgres://postgres:${HA_SUPERUSER_PASSWORD}@127.0.0.1:${HA_PROXY_PORT}/postgres"
