# The clerk's workstation (caller/). Included by the top-level Makefile.
#   make run-caller          the caller in a window against make run's server (CALLER_ARGS to add flags)
#   make screenshots-caller  the caller's screens (zh, en) and the three documents as PNG in docs/screenshots
#   make a11y-caller         the contrast of every colour pair drawn (caller and kiosk) and the keyboard walk

GO ?= go
CALLER_ARGS ?=

.PHONY: run-caller screenshots-caller a11y-caller

run-caller: deps
	$(GO) build -o bin/caller ./caller
	LANG=zh_CN.UTF-8 bin/caller -server http://localhost:8080 -staff demo1 -window 1 $(CALLER_ARGS)

screenshots-caller: deps
	@mkdir -p docs/screenshots
	LANG=zh_CN.UTF-8 ONEDOOR_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^(TestScreenshots|TestHandOverAtThePickupWindow)$$' ./caller/internal/screens

# The figures' lines only; the tests' exit status is kept.
a11y-caller:
	@out=$$(mktemp); $(GO) test -count=1 -v -run '^(TestCallerContrast|TestKeyboardWalk|TestKeyboardCallTicket|TestKeysAfterTab|TestLoginFocus)$$' ./caller/internal/screens >$$out 2>&1; rc=$$?; \
	  grep -E '^(---|ok|FAIL|\s+[a-z_]+_test.go)' $$out; rm -f $$out; exit $$rc
	@out=$$(mktemp); $(GO) test -count=1 -v -run '^(TestKioskPalette|TestContrastRatio)$$' ./internal/uikit >$$out 2>&1; rc=$$?; \
	  grep -E '^(---|ok|FAIL|\s+[a-z_]+_test.go)' $$out; rm -f $$out; exit $$rc
