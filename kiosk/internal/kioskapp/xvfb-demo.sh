#!/usr/bin/env bash
# Runs the kiosk as a real window under Xvfb with -simulate against a fresh demo server,
# and takes a ticket through it with xdotool: category A, its first item, "take a
# ticket", then a card placed on the simulated reader (through the kiosk's console).
# Passes when the printer simulator writes the ticket's PNG. Usage (from the repository
# root, after building bin/server and bin/kiosk): xvfb-run -a -s "-screen 0 1920x1080x24"
# kiosk/internal/kioskapp/xvfb-demo.sh OUTDIR
set -euo pipefail
. "$(dirname "$0")/xvfb-lib.sh"
xvfb_start xvfb-demo "${1:-/tmp/onedoor-kiosk-xvfb}" -kiosk-id kiosk-xvfb
wait_for "the kiosk window" xdotool search --name "onedoor"
wait_for "the home screen" grep -q 'msg=screen .*name=home' "$out/kiosk.log"
sleep 0.5 # let the first frame be drawn before the first click
# a tap within 400 ms of a screen change is ignored (the kiosk's tap guard): wait it out
click() { sleep 0.5; xdotool mousemove "$1" "$2" click 1; }
import -window root "$out/1-home.png"
click 250 323                       # category A 商事登记
wait_for "the items" grep -q 'msg=screen .*name=items' "$out/kiosk.log"
import -window root "$out/2-items.png"
click 290 343                       # an item of the first row
wait_for "the item" grep -q 'msg=screen .*name=item$' "$out/kiosk.log"
import -window root "$out/3-item.png"
click 1000 1000                     # take a ticket
wait_for "the identity screen" grep -q 'msg=screen .*name=identity' "$out/kiosk.log"
import -window root "$out/4-identity.png"
echo "place elder" >&3              # a card on the simulated reader
wait_for "the ticket screen" grep -q 'msg=screen .*name=ticket' "$out/kiosk.log"
wait_for "the printed ticket" test -s "$out/printed/ticket-0001.png"
sleep 3 # a cosmetic pause: llvmpipe draws a full-screen frame slowly, and the picture is for people
import -window root "$out/5-ticket.png"
grep -o 'ticket issued.*' "$out/kiosk.log"
echo "xvfb-demo: ok, printed $out/printed/ticket-0001.png; screens in $out"
