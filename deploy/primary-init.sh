#!/usr/bin/env bash
# Runs once, when the primary's data directory is created: a role for the replica's base backup and
# streaming, allowed from the compose network.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "create role replicator with replication login password 'replicator'"
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
