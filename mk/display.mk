# The hall's screens (display/): the board, window displays and tracking pages.
# Included by the top-level Makefile.
#   make voice                regenerate the announcement clips in assets/voice (espeak-ng, sox):
#                             Mandarin, Cantonese (yue/), letters, chime, English; prints the size
#   make test-voice           the board's voice and calls panel in headless Chromium: five calls
#                             in a second, a server killed mid-announcement, Cantonese, 4–14 windows
#   make screenshots-display  the board, window, tracking, workbench and phone-ticket screenshots in docs/screenshots
#   make bench-display        1,000 stream subscribers, call→delivery latency (3 runs)

GO ?= go

.PHONY: voice test-voice screenshots-display bench-display

voice:
	assets/voice/regen.sh

test-voice: deps
	$(GO) test -race -count=1 ./display/...
	set -o pipefail; $(GO) test -race -count=1 -v -run '^(TestVoice|TestAnnouncements|TestBoardCallsPanel)' ./server/internal/app \
		| grep -E '^(=== RUN|--- |\s+\S+_test.go:|ok|FAIL|PASS)'

screenshots-display: deps
	@mkdir -p docs/screenshots
	ONEDOOR_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^(TestDisplayScreenshots|TestBoardCallsPanelShowsEveryWindowCalling|TestWorkbenchWalk|TestPhoneScreenshots)$$' ./server/internal/app

BENCH_DISPLAY_N ?= 1000
bench-display:
	ONEDOOR_BENCH_DISPLAY=$(BENCH_DISPLAY_N) $(GO) test -count=3 -run '^TestDisplayFanout$$' -v ./server/internal/app | grep -E 'fanout:|^(ok|FAIL|---)'
