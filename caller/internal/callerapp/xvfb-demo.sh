#!/usr/bin/env bash
# Runs the caller as a real window under Xvfb against a running server (make run's by
# default) and takes a visit through it with xdotool: log in as demo1 at window 1 (PIN
# typed), a kiosk ticket issued with curl, F1 call, F3 start, one material ticked, F6
# finish as a notice to supplement, the document shown. Passes when the audit trail has
# the finish by demo1 and the document.issued event. Usage (from the repository root,
# with bin/caller built and make run going):
#   xvfb-run -a -s "-screen 0 1280x800x24" caller/internal/callerapp/xvfb-demo.sh OUTDIR [SERVER]
set -euo pipefail
out=${1:-/tmp/onedoor-caller-xvfb}
server=${2:-http://localhost:8080}
token=${KIOSK_TOKEN:-$(cat data/kiosk.token)}
rm -rf "$out" && mkdir -p "$out"
export LANG=zh_CN.UTF-8 FYNE_SCALE=1
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

api() { curl -fsS "$@"; }
super=$(api -X POST "$server/api/v1/login" -d '{"staff":"super","pin":"123456"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
last=$(api "$server/api/v1/events?limit=1&after=999999999" -H "Authorization: Bearer $super" | sed 's/.*"last":\([0-9]*\).*/\1/')

# A visit left open at window 1 by an earlier run is finished first, so F1 can call.
clerk=$(api -X POST "$server/api/v1/login" -d '{"staff":"demo1","pin":"123456","window":1,"take_over":true}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
curl -s -X POST "$server/api/v1/windows/1/open" -H "Authorization: Bearer $clerk" >/dev/null
curl -s -X POST "$server/api/v1/windows/1/start" -H "Authorization: Bearer $clerk" >/dev/null
curl -s -X POST "$server/api/v1/windows/1/finish" -H "Authorization: Bearer $clerk" -d '{"outcome":"consulted","received":[]}' >/dev/null
curl -s -X POST "$server/api/v1/logout" -H "Authorization: Bearer $clerk" >/dev/null
last=$(api "$server/api/v1/events?limit=1&after=999999999" -H "Authorization: Bearer $super" | sed 's/.*"last":\([0-9]*\).*/\1/')

./bin/caller -server "$server" -staff demo1 -window 1 -save-dir "$out/saved" >"$out/caller.out" 2>"$out/caller.log" &
pids+=($!)
wait_for() { # wait_for WHAT CMD...: poll CMD up to 20 s
	local what=$1; shift
	for _ in $(seq 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
	echo "xvfb-demo: timed out waiting for $what"; import -window root "$out/timeout.png" || true
	tail -20 "$out/caller.log"; exit 1
}
events() { api "$server/api/v1/events?after=$last&limit=1000" -H "Authorization: Bearer $super"; }
wait_for "the caller window" xdotool search --name "onedoor"
sleep 1 # the first frame
import -window root "$out/1-login.png"
xdotool mousemove 670 358 click 1 # the PIN
xdotool type --delay 50 123456
xdotool key Return
wait_for "the login" sh -c "curl -fsS '$server/api/v1/events?after=$last' -H 'Authorization: Bearer $super' | grep -q 'staff.logged_in'"
api -X POST "$server/api/v1/tickets" -H "Authorization: Bearer $token" -H "Idempotency-Key: xvfb-$$-$RANDOM" \
	-d '{"item":"440199-A-001"}' >/dev/null
sleep 1 # the stream brings the ticket to the queue panel
xdotool key F1
wait_for "the call" sh -c "curl -fsS '$server/api/v1/events?after=$last' -H 'Authorization: Bearer $super' | grep -q 'ticket.called'"
xdotool key F3
wait_for "the start" sh -c "curl -fsS '$server/api/v1/events?after=$last' -H 'Authorization: Bearer $super' | grep -q 'ticket.started'"
sleep 0.5
xdotool mousemove 27 315 click 1 # tick the first material
import -window root "$out/2-serving.png"
xdotool key F6
sleep 0.5
import -window root "$out/3-outcome.png"
xdotool key Return # OK (Enter confirms the dialog): a notice to supplement
wait_for "the document" sh -c "curl -fsS '$server/api/v1/events?after=$last' -H 'Authorization: Bearer $super' | grep -q 'document.issued'"
sleep 1
import -window root "$out/4-document.png"
events | grep -q '"type":"ticket.finished".*"staff":"demo1"' || events | grep -q '"staff":"demo1".*"outcome":"supplement"'
echo "xvfb-demo: a visit went through the caller window; screenshots in $out"
