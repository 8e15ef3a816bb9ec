#!/usr/bin/env bash
# A whole deployment on one machine (docs/deploy.md): PostgreSQL primary + one streaming replica
# (pg_basebackup), PgBouncer (transaction pooling) in front of the primary, three service nodes (two
# `api`, one `worker`) and HAProxy in front of the API nodes. Debian packages, installed when missing.
#
#   eval "$(scripts/cluster.sh start)"      # prints export lines: CLUSTER_DIR, CLUSTER_URL, CLUSTER_KEY, …
#   scripts/cluster.sh stop "$CLUSTER_DIR"  # stops everything and removes the directory
#   scripts/cluster.sh node-kill|node-start DIR NAME     # NAME: api1, api2, worker
#   scripts/cluster.sh node-stop|node-cont DIR NAME      # SIGSTOP / SIGCONT (a frozen node)
#   scripts/cluster.sh replica-stop|replica-start DIR
#
# initdb, postgres and pgbouncer refuse to run as root: as root they run as the `postgres` user.
# If `start` fails half-way it stops what it started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

as_db_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then echo "$dir"; fi
  done | sort -V | tail -n 1
}

install_missing() {
  local missing=()
  [ -n "$(find_bindir)" ] || missing+=(postgresql)
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    ($sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2
  fi
  # The Debian packages start their own services; this script runs its own instances only.
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Reads DIR/env (ports, URLs) into the shell.
load() {
  DIR=${1:?cluster dir}
  # shellcheck disable=SC1091
  . "$DIR/env"
  BINDIR=$(find_bindir)
}

node_env() {
  local role=$1 port=$2
  cat <<ENV
PORT=$port
HOST=127.0.0.1
LINKIT_ROLE=$role
DATABASE_URL=postgres://postgres@127.0.0.1:$BOUNCER_PORT/linkit
DATABASE_DIRECT_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/linkit
DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:$REPLICA_PORT/linkit
DATABASE_PREPARED_STATEMENTS=false
DATABASE_POOL_SIZE=10
LINKIT_SECRET_KEYS=cluster:$SECRET_KEY
LINKIT_BOOTSTRAP_KEY=$BOOTSTRAP_KEY
WEBHOOKS_ALLOW_PRIVATE_TARGETS=true
DATA_DIR=$DIR/node-$role-$port
LOG_LEVEL=${CLUSTER_LOG_LEVEL:-warn}
ENV
}

start_node() {
  local name=$1 role port
  case "$name" in
    api1) role=api port=$API1_PORT ;;
    api2) role=api port=$API2_PORT ;;
    worker) role=worker port=$WORKER_PORT ;;
    *) echo "unknown node $name" >&2; exit 2 ;;
  esac
  # Each node is one `node` process running the built server (see ensure_build).
  (
    cd "$ROOT"
    set -a
    eval "$(node_env "$role" "$port")"
    set +a
    exec node dist/server.js
  ) >>"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

# Waits (up to 90 s: a loaded CI machine starts slowly) for a 2xx from the URL.
wait_http() {
  node -e '
    const url = process.argv[1];
    const deadline = Date.now() + 90_000;
    (async () => {
      while (Date.now() < deadline) {
        try { if ((await fetch(url)).ok) process.exit(0); } catch {}
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      console.error(`timed out waiting for ${url}`);
      process.exit(1);
    })();' "$1"
}

stop_all() {
  local dir=$1
  [ -d "$dir" ] || return 0
  for name in api1 api2 worker haproxy; do
    if [ -f "$dir/$name.pid" ]; then
      kill -CONT "$(cat "$dir/$name.pid")" 2>/dev/null || true
      kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
    fi
  done
  if [ -f "$dir/pgbouncer.pid" ]; then kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true; fi
  local bindir
  bindir=$(find_bindir)
  for data in replica primary; do
    if [ -f "$dir/$data/postmaster.pid" ]; then
      as_db_user "$bindir/pg_ctl" -D "$dir/$data" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  sleep 0.5
  for name in api1 api2 worker haproxy; do
    if [ -f "$dir/$name.pid" ]; then kill -9 "$(cat "$dir/$name.pid")" 2>/dev/null || true; fi
  done
  rm -rf "$dir"
}

# `npm install` builds dist/; rebuild the server when a source or migration is newer than the build.
ensure_build() {
  if [ ! -f "$ROOT/dist/server.js" ] || [ -n "$(find "$ROOT/src" -newer "$ROOT/dist/server.js" -print -quit)" ]; then
    echo "building the server (dist/)" >&2
    (cd "$ROOT" && npm run --silent build:server) >&2
  fi
}

cmd_start() {
  install_missing
  ensure_build
  BINDIR=$(find_bindir)
  DIR=$(mktemp -d /tmp/linkit-cluster.XXXXXX)
  chmod 755 "$DIR"
  trap 'echo "cluster start failed; logs were in $DIR" >&2; tail -n 20 "$DIR"/*.log >&2 2>/dev/null || true; stop_all "$DIR"' ERR
  if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
  {
    echo "PRIMARY_PORT=$(free_port)"
    echo "REPLICA_PORT=$(free_port)"
    echo "BOUNCER_PORT=$(free_port)"
    echo "API1_PORT=$(free_port)"
    echo "API2_PORT=$(free_port)"
    echo "WORKER_PORT=$(free_port)"
    echo "BALANCER_PORT=$(free_port)"
    echo "SECRET_KEY=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')"
    echo "BOOTSTRAP_KEY=lk_cluster_$(node -e 'console.log(require("crypto").randomBytes(18).toString("hex"))')"
  } >"$DIR/env"
  load "$DIR"

  # Primary: replication allowed from loopback (initdb -A trust writes those pg_hba lines).
  as_db_user "$BINDIR/initdb" -D "$DIR/primary" -U postgres -A trust --no-sync >/dev/null
  as_db_user "$BINDIR/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start -o "-p $PRIMARY_PORT -k $DIR \
    -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4 -c hot_standby=on \
    -c max_connections=200 -c fsync=off -c full_page_writes=off" >/dev/null
  as_db_user "$BINDIR/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qAt -c 'create database linkit' >/dev/null

  # Streaming replica from a base backup; -R writes primary_conninfo and standby.signal.
  as_db_user "$BINDIR/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream -c fast
  as_db_user "$BINDIR/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w start -o "-p $REPLICA_PORT -k $DIR \
    -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200 -c fsync=off \
    -c max_standby_streaming_delay=5s" >/dev/null

  # PgBouncer, transaction pooling, in front of the primary.
  cat >"$DIR/pgbouncer.ini" <<INI
[databases]
linkit = host=127.0.0.1 port=$PRIMARY_PORT dbname=linkit
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
ignore_startup_parameters = extra_float_digits,application_name
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
INI
  echo '"postgres" ""' >"$DIR/userlist.txt"
  if [ "$(id -u)" = 0 ]; then chown postgres "$DIR/pgbouncer.ini" "$DIR/userlist.txt"; fi
  as_db_user /usr/sbin/pgbouncer -d "$DIR/pgbouncer.ini" >/dev/null

  # All three nodes at once on the empty database: migrations must run exactly once.
  start_node api1
  start_node api2
  start_node worker
  wait_http "http://127.0.0.1:$API1_PORT/readyz"
  wait_http "http://127.0.0.1:$API2_PORT/readyz"
  wait_http "http://127.0.0.1:$WORKER_PORT/readyz"

  # HAProxy: round robin over the API nodes, health-checked. Only a refused connection is retried on the
  # other node (the request never reached a server); a request cut off mid-way is not (a POST may have committed).
  cat >"$DIR/haproxy.cfg" <<CFG
global
  maxconn 2000
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 3
  option redispatch
  retry-on conn-failure
frontend api
  bind 127.0.0.1:$BALANCER_PORT
  default_backend api_nodes
backend api_nodes
  balance roundrobin
  option httpchk GET /readyz
  # A node slow to answer under load is not down: only a failed or very slow check counts.
  timeout check 5s
  default-server inter 1s fall 3 rise 2
  server api1 127.0.0.1:$API1_PORT check
  server api2 127.0.0.1:$API2_PORT check
CFG
  (exec /usr/sbin/haproxy -f "$DIR/haproxy.cfg" -db >>"$DIR/haproxy.log" 2>&1) &
  echo $! >"$DIR/haproxy.pid"
  wait_http "http://127.0.0.1:$BALANCER_PORT/healthz"
  trap - ERR

  echo "export CLUSTER_DIR=$DIR"
  echo "export CLUSTER_URL=http://127.0.0.1:$BALANCER_PORT"
  echo "export CLUSTER_KEY=$BOOTSTRAP_KEY"
  echo "export CLUSTER_API1_URL=http://127.0.0.1:$API1_PORT"
  echo "export CLUSTER_API2_URL=http://127.0.0.1:$API2_PORT"
  echo "export CLUSTER_WORKER_URL=http://127.0.0.1:$WORKER_PORT"
  echo "export CLUSTER_PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/linkit"
  echo "export CLUSTER_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/linkit"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) stop_all "${2:?usage: stop DIR}" ;;
  node-kill)
    load "${2:?DIR}"
    kill -9 "$(cat "$DIR/${3:?NAME}.pid")"
    ;;
  node-stop)
    load "${2:?DIR}"
    kill -STOP "$(cat "$DIR/${3:?NAME}.pid")"
    ;;
  node-cont)
    load "${2:?DIR}"
    kill -CONT "$(cat "$DIR/${3:?NAME}.pid")"
    ;;
  node-start)
    load "${2:?DIR}"
    start_node "${3:?NAME}"
    ;;
  replica-stop)
    load "${2:?DIR}"
    as_db_user "$BINDIR/pg_ctl" -D "$DIR/replica" -m fast -w stop >/dev/null
    ;;
  replica-start)
    load "${2:?DIR}"
    as_db_user "$BINDIR/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w start -o "-p $REPLICA_PORT -k $DIR \
      -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200 -c fsync=off" >/dev/null
    ;;
  *)
    echo "usage: $0 start | stop DIR | node-kill|node-stop|node-cont|node-start DIR NAME | replica-stop|replica-start DIR" >&2
    exit 2
    ;;
esac
