# Sourced by xvfb-demo.sh and xvfb-ops.sh (bash; `set -euo pipefail` in the caller):
# the part both share. Call `xvfb_start NAME OUTDIR KIOSK-ARGS...`: it makes OUTDIR,
# starts a fresh demo server (its PID in $server) and the kiosk with -simulate and its
# console on a fifo held open as fd 3, and kills both on exit. Then `wait_for WHAT
# CMD...` polls CMD up to 20 s, and on a timeout saves a screenshot and the kiosk's log.

xvfb_start() {
	name=$1 out=$2; shift 2
	rm -rf "$out" && mkdir -p "$out/data" "$out/printed"
	export LANG=zh_CN.UTF-8 FYNE_SCALE=1
	pids=()
	trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

	./bin/server -demo -addr 127.0.0.1:0 -data "$out/data" >"$out/server.log" 2>&1 &
	server=$!
	pids+=("$server")
	for _ in $(seq 100); do grep -q 'onedoor server on' "$out/server.log" && break; sleep 0.1; done
	local url token
	url=$(sed -n 's/^onedoor server on //p' "$out/server.log")
	token=$(sed -n 's/^demo kiosk token: //p' "$out/server.log")
	[ -n "$url" ] && [ -n "$token" ] || { echo "$name: the server did not start"; cat "$out/server.log"; exit 1; }

	mkfifo "$out/console"
	./bin/kiosk -server "$url" -token "$token" -simulate -printed "$out/printed" "$@" \
		<"$out/console" >"$out/kiosk.out" 2>"$out/kiosk.log" &
	pids+=($!)
	exec 3>"$out/console" # hold the console open
}

wait_for() { # wait_for WHAT CMD...: poll CMD up to 20 s
	local what=$1; shift
	for _ in $(seq 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
	echo "$name: timed out waiting for $what"; import -window root "$out/timeout.png" || true
	tail -20 "$out/kiosk.log"; exit 1
}
