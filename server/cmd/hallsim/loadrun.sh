#!/usr/bin/env bash
# Starts a fresh demo server on a loopback port, runs hallsim against it with the given
# arguments, and stops the server. Used by `make load` and `make bench`. SERVER_ARGS
# adds server flags, e.g. SERVER_ARGS="-debug-addr 127.0.0.1:6060" to profile it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mkdir -p bin
go build -o bin/server ./server
go build -o bin/hallsim ./server/cmd/hallsim
data=$(mktemp -d)
port=${PORT:-18090}
./bin/server -demo -addr "127.0.0.1:$port" -data "$data" ${SERVER_ARGS:-} >"$data/server.out" 2>"$data/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  [ -s "$data/kiosk.token" ] && break
  sleep 0.1
done
./bin/hallsim -server "http://127.0.0.1:$port" -token-file "$data/kiosk.token" "$@"
