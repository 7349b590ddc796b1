# Devices of the kiosk: ID card reader and ticket printer (kiosk/internal/idcard,
# kiosk/internal/printer). Included by the top-level Makefile.
#   make fuzz-devices   the frame reader and the card-text parser, FUZZ_N inputs each
#   make bench-devices  frame parsing and ticket rendering (80 mm budget: 20 ms)
#   make font           rebuild assets/fonts/wqy-microhei.ttf from Debian's package

GO     ?= go
FUZZ_N ?= 500000x

.PHONY: fuzz-devices bench-devices font

# Count-limited, not time-limited: -fuzztime=30s fails spuriously on Go 1.26.
fuzz-devices:
	$(GO) test -run='^$$' -fuzz='^FuzzFrameReader$$' -fuzztime=$(FUZZ_N) ./kiosk/internal/idcard
	$(GO) test -run='^$$' -fuzz='^FuzzParseText$$' -fuzztime=$(FUZZ_N) ./kiosk/internal/idcard

bench-devices:
	$(GO) test -run='^$$' -bench='FrameParse|FrameRead' -benchmem -count=3 ./kiosk/internal/idcard
	$(GO) test -run='^$$' -bench='RenderTicket' -benchmem -count=3 ./kiosk/internal/printer

font:
	assets/fonts/regen.sh
