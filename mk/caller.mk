# The clerk's workstation (caller/). Included by the top-level Makefile.
#   make run-caller          the caller in a window against make run's server (CALLER_ARGS to add flags)
#   make screenshots-caller  the caller's screens (zh, en) and the three documents as PNG in docs/screenshots

GO ?= go
CALLER_ARGS ?=

.PHONY: run-caller screenshots-caller

run-caller: deps
	$(GO) build -o bin/caller ./caller
	LANG=zh_CN.UTF-8 bin/caller -server http://localhost:8080 -staff demo1 -window 1 $(CALLER_ARGS)

screenshots-caller: deps
	@mkdir -p docs/screenshots
	LANG=zh_CN.UTF-8 ONEDOOR_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^TestScreenshots$$' ./caller/internal/screens
