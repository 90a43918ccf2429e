#!/usr/bin/env bash
# Starts the Patroni of one node of the cluster scripts/ha/up.sh laid out (up.sh uses it; the failover measurement
# uses it to bring back a node whose Patroni it killed). Detached, its output appended to $HA_DIR/<node>.log, its
# pid in $HA_DIR/<node>.pid; as the postgres user when run as root (initdb refuses root). Does nothing if running.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/ha/ports.sh
. "$here/ports.sh"

node=${1:?usage: scripts/ha/start-node.sh node1|node2}
config="$HA_DIR/$node/patroni.yml"
[ -f "$config" ] || {
  echo "ha: no $config (run scripts/ha/up.sh)" >&2
  exit 1
}
pid=$(head -n 1 "$HA_DIR/$node.pid" 2>/dev/null | tr -dc 0-9 || true)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then exit 0; fi

as_pg=()
if [ "$(id -u)" = 0 ]; then
  as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$HA_DIR")
fi
# Patroni's worker processes change into the current directory: start it from one the postgres user can enter
# (a clone in a private temporary folder is not).
cd "$HA_DIR"
# setsid and setpriv exec in place: $! is Patroni's own pid.
setsid "${as_pg[@]}" patroni "$config" >>"$HA_DIR/$node.log" 2>&1 </dev/null &
echo $! >"$HA_DIR/$node.pid"
