#!/usr/bin/env bash
# Times what a new user waits for (issue 21), on a fresh clone of this checkout's HEAD:
#   npm install; then `npm start` until the first HTTP answer; then a restart with no change until the
#   first answer. Goals: first answer within 10 s of `npm install` finishing; a restart within 2 s.
# Usage: bash bench/first-start.sh   (prints the figures and the load average; leaves nothing behind)
set -euo pipefail
source_repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM -- "-$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'; }

# Starts `npm start` on a free port and waits for any HTTP answer; sets `waited` to the seconds it took
# (a variable, not output: a command substitution would run it in a subshell that forgets the pid).
start_and_wait() {
  local started port
  started="$(now)"
  port=$((20000 + RANDOM % 20000))
  # Its own process group, so that stopping it stops npm and the server beneath it.
  setsid bash -c "cd '$work/linkit' && PORT=$port LOG_LEVEL=warn exec npm start --silent" >"$work/start.log" 2>&1 &
  server_pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      cat "$work/start.log" >&2
      exit 1
    fi
    sleep 0.05
  done
  waited="$(elapsed "$started" "$(now)")"
}

stop_server() {
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  # The server holds the data dir until it has exited: the restart must find it free.
  while kill -0 -- "-$server_pid" 2>/dev/null; do sleep 0.05; done
  server_pid=""
}

git clone -q "$source_repo" "$work/linkit"
started="$(now)"
(cd "$work/linkit" && npm install --no-audit --no-fund --silent >/dev/null 2>&1)
install_seconds="$(elapsed "$started" "$(now)")"
start_and_wait
first="$waited"
stop_server
start_and_wait
restart="$waited"
stop_server

echo "npm install (fresh clone, includes the one build): ${install_seconds} s"
echo "npm start → first answer, after install:           ${first} s   (goal ≤ 10 s)"
echo "restart with no change → first answer:              ${restart} s   (goal ≤ 2 s)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
