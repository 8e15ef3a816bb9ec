#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server in a temp dir and prints `export` lines for it:
#   eval "$(scripts/throwaway-postgres.sh start)"   # sets TEST_DATABASE_URL, PG_THROWAWAY_DIR
#   scripts/throwaway-postgres.sh stop "$PG_THROWAWAY_DIR"
# Uses the machine's PostgreSQL binaries (apt-get installs them when missing). initdb and postgres
# refuse to run as root, so as root they run as the `postgres` user.
set -euo pipefail

find_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then echo "$dir"; fi
  done | sort -V | tail -n 1
}

as_db_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
      echo "PostgreSQL binaries missing: installing the postgresql package" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
      bindir=$(find_bindir)
    fi
    dir=$(mktemp -d /tmp/linkit-pg.XXXXXX)
    chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    port=${PG_THROWAWAY_PORT:-$((20000 + RANDOM % 20000))}
    as_db_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    # Durability is pointless for a throwaway server; connections sized for parallel test files.
    as_db_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
    echo "export PG_THROWAWAY_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: stop DIR}
    bindir=$(find_bindir)
    as_db_user "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
