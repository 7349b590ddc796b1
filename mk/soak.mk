# The real-window soak of issue 12 (kiosk/internal/soak, caller/internal/soak). Included
# by the top-level Makefile. `make soak` stays the server's crash soak.
#   make soak-kiosk-xvfb    the real kiosk under Xvfb for SOAK_VISITS citizens (200)
#   make soak-caller-xvfb   the real caller under Xvfb for SOAK_VISITS visits (200)
#   make soak-xvfb          both, one after the other
# Each prints the median and p99 of every kind of screen change (tap → still
# framebuffer), the RSS after visit 1, its maximum and growth, and a PASS/FAIL line
# against the issue's targets; SOAK_DIR=dir keeps the logs, data and printed tickets.

GO ?= go
SOAK_VISITS ?= 200
SOAK_DIR ?=

.PHONY: soak-xvfb soak-kiosk-xvfb soak-caller-xvfb soak-bins

soak-bins: deps
	@mkdir -p bin
	$(GO) build -o bin/server ./server
	$(GO) build -o bin/kiosk ./kiosk
	$(GO) build -o bin/caller ./caller
	$(GO) build -o bin/kiosksoak ./kiosk/cmd/kiosksoak
	$(GO) build -o bin/callersoak ./caller/cmd/callersoak

soak-kiosk-xvfb: soak-bins
	./bin/kiosksoak -server bin/server -kiosk bin/kiosk -visits $(SOAK_VISITS) $(if $(SOAK_DIR),-dir $(SOAK_DIR)/kiosk)

soak-caller-xvfb: soak-bins
	./bin/callersoak -server bin/server -caller bin/caller -visits $(SOAK_VISITS) $(if $(SOAK_DIR),-dir $(SOAK_DIR)/caller)

# Both, one after the other (they would share the CPU run side by side); the second
# runs even when the first fails, and the target fails if either did.
soak-xvfb: soak-bins
	@rc=0; \
	$(MAKE) --no-print-directory soak-kiosk-xvfb || rc=1; \
	$(MAKE) --no-print-directory soak-caller-xvfb || rc=1; \
	exit $$rc
