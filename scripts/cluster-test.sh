#!/usr/bin/env bash
# Starts the cluster of scripts/cluster.sh, runs the cluster suite against it, and stops the cluster
# whatever happens (a failed start stops what it started itself).
set -euo pipefail
cd "$(dirname "$0")/.."
env_file=$(mktemp)
scripts/cluster.sh start >"$env_file"
# shellcheck disable=SC1090
. "$env_file"
rm -f "$env_file"
trap 'scripts/cluster.sh stop "$CLUSTER_DIR"' EXIT
npx vitest run --config vitest.cluster.config.ts "$@"
