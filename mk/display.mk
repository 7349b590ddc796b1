# The hall's screens (display/): the board, window displays and tracking pages.
# Included by the top-level Makefile.
#   make voice                regenerate the announcement clips in assets/voice (espeak-ng, sox)
#   make screenshots-display  the board, window and tracking screenshots in docs/screenshots
#   make bench-display        1,000 stream subscribers, call→delivery latency (3 runs)

GO ?= go

.PHONY: voice screenshots-display bench-display

voice:
	assets/voice/regen.sh

screenshots-display: deps
	@mkdir -p docs/screenshots
	ONEDOOR_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^TestDisplayScreenshots$$' ./server/internal/app

BENCH_DISPLAY_N ?= 1000
bench-display:
	ONEDOOR_BENCH_DISPLAY=$(BENCH_DISPLAY_N) $(GO) test -count=3 -run '^TestDisplayFanout$$' -v ./server/internal/app | grep -E 'fanout:|^(ok|FAIL|---)'
