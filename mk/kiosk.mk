# The self-service kiosk (kiosk/). Included by the top-level Makefile.
#   make screenshots-kiosk   every kiosk screen in zh, en and the elderly mode as PNG in docs/screenshots (no display)
#   make voice-guide         regenerate the audio guidance clips in assets/guide (espeak-ng, sox)
#   make run-kiosk           the kiosk with -simulate against the demo server (make run) on :8080
#   make check-kiosk-xvfb    the kiosk as a real window under Xvfb, a ticket taken with xdotool
#   make bench-kiosk         card → ticket on screen, measured against the real server
#   make check-kiosk-ops-xvfb  the countdown, paper-out and server-away notices drawn in a real window

GO ?= go
KIOSK_XVFB_OUT ?= /tmp/onedoor-kiosk-xvfb

.PHONY: screenshots-kiosk voice-guide run-kiosk check-kiosk-xvfb check-kiosk-ops-xvfb bench-kiosk

screenshots-kiosk:
	@mkdir -p docs/screenshots
	LANG=zh_CN.UTF-8 KIOSK_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^(TestScreenshots|TestPickupAtTheKiosk|TestPhoneTicketCheckInAtTheKiosk)$$' ./kiosk/internal/screens

voice-guide:
	assets/guide/regen.sh

# Needs the demo server (make run) in another terminal; it wrote the kiosk token to data/kiosk.token.
run-kiosk:
	@mkdir -p bin
	$(GO) build -o bin/kiosk ./kiosk
	@if [ ! -s data/kiosk.token ]; then echo "run-kiosk: start the demo server first: make run"; exit 1; fi
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "run-kiosk: no display. Run it under Xvfb and look through VNC, e.g."; \
		echo "  xvfb-run -a -s '-screen 0 1920x1080x24' ./bin/kiosk -token \$$(cat data/kiosk.token) -simulate"; \
		echo "or see it work with: make check-kiosk-xvfb (screenshots in $(KIOSK_XVFB_OUT))"; \
		exit 0; fi
	LANG=zh_CN.UTF-8 ./bin/kiosk -server http://localhost:8080 -token $$(cat data/kiosk.token) -simulate -printed printed -catalog-cache data/kiosk-catalog.json

check-kiosk-xvfb: deps
	@mkdir -p bin
	$(GO) build -o bin/server ./server
	$(GO) build -o bin/kiosk ./kiosk
	xvfb-run -a -s "-screen 0 1920x1080x24" kiosk/internal/kioskapp/xvfb-demo.sh $(KIOSK_XVFB_OUT)

check-kiosk-ops-xvfb: deps
	@mkdir -p bin
	$(GO) build -o bin/server ./server
	$(GO) build -o bin/kiosk ./kiosk
	xvfb-run -a -s "-screen 0 1920x1080x24" kiosk/internal/kioskapp/xvfb-ops.sh $(KIOSK_XVFB_OUT)-ops

bench-kiosk:
	LANG=zh_CN.UTF-8 $(GO) test -count=1 -run '^TestCardToTicketLatency$$' -v ./kiosk/internal/screens | grep -E 'card|^(ok|FAIL)'
