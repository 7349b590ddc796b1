#!/usr/bin/env bash
# Checks the kiosk's idle countdown, paper-out notice and server-away notice in a real
# window under Xvfb, where Fyne's GL driver draws (the headless tests cannot see a
# layer that is never repainted). With -simulate against a fresh demo server:
#   1. home; "paper out" on the console: the red notice appears, "paper ok": it goes;
#   2. an item left alone (-idle 15s): the countdown dims the screen; 继续办理 takes it away;
#   3. the server killed: after the idle reset, home shows the server-away notice.
# Each step is judged from the framebuffer (the mean brightness of a region).
# Usage (from the repository root, after building bin/server and bin/kiosk):
#   xvfb-run -a -s "-screen 0 1920x1080x24" kiosk/internal/kioskapp/xvfb-ops.sh OUTDIR
set -euo pipefail
. "$(dirname "$0")/xvfb-lib.sh"
xvfb_start xvfb-ops "${1:-/tmp/onedoor-kiosk-ops}" -idle 15s -catalog-cache "${1:-/tmp/onedoor-kiosk-ops}/catalog.json"
logged() { grep -q "$1" "$out/kiosk.log"; }
# mean brightness (0..1) of a region WxH+X+Y of the screen, into $out/NAME.png
shot_mean() { import -window root "$out/$1.png"; convert "$out/$1.png" -crop "$2" -format '%[fx:mean]' info:; }
# expect NAME REGION dark|bright: the region must be darker than 0.6 (a red band, the dimmed
# screen: 0.3–0.45) or brighter than 0.8 (white or pale tiles: 0.9–1)
expect() {
	local m; m=$(shot_mean "$1" "$2")
	if [ "$3" = dark ]; then awk -v m="$m" 'BEGIN{exit !(m < 0.6)}'; else awk -v m="$m" 'BEGIN{exit !(m > 0.8)}'; fi \
		|| { echo "xvfb-ops: $1: region $2 has brightness $m, want $3"; exit 1; }
	echo "xvfb-ops: $1 ok (brightness $m)"
}
notice=400x100+760+130 # where home's first notice band is drawn
centre=200x200+860+440 # the middle of the screen, under the countdown's panel

wait_for "the home screen" logged 'msg=screen .*name=home'
sleep 1
echo "paper out" >&3
wait_for "the paper-out report" logged 'device status reported.*status=fault'
sleep 1.5
expect 1-paper-out "$notice" dark
echo "paper ok" >&3
wait_for "the paper-ok report" logged 'device status reported.*status=ok'
sleep 1.5
expect 2-paper-ok "$notice" bright

xdotool mousemove 250 323 click 1 # category A
wait_for "the items" logged 'msg=screen .*name=items'
sleep 0.6; xdotool mousemove 290 343 click 1 # its first item
wait_for "the item" logged 'msg=screen .*name=item$'
wait_for "the countdown" logged 'idle countdown'
sleep 1.5
expect 3-countdown "$centre" dark
xdotool mousemove 960 545 click 1 # 继续办理 / Stay
sleep 1.5
expect 4-stayed "$centre" bright

kill "$server"
wait_for "the link to drop" logged 'server link.*up=false'
wait_for "the idle reset" logged 'idle reset.*screen=item'
sleep 1.5
expect 5-server-away "$notice" dark
echo "xvfb-ops: ok; screens in $out"
