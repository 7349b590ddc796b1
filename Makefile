# onedoor — the two set-up commands are `make run` and `make test`; both install what
# they need first (`make deps`).
SHELL := /bin/bash
GO    ?= go
export LANG ?= C.UTF-8

# Debian packages the project needs, and a command or pkg-config module that shows each
# is present (package:probe). Only the missing ones are installed.
DEB_PKGS := \
	gcc:gcc pkg-config:pkg-config \
	libgl1-mesa-dev:pc/gl libx11-dev:pc/x11 libxcursor-dev:pc/xcursor libxrandr-dev:pc/xrandr \
	libxinerama-dev:pc/xinerama libxi-dev:pc/xi libxxf86vm-dev:pc/xxf86vm \
	xvfb:Xvfb xauth:xauth imagemagick:import xdotool:xdotool socat:socat chromium:chromium \
	fonts-noto-cjk:file//usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
	espeak-ng:espeak-ng sox:sox zbar-tools:zbarimg poppler-utils:pdftotext \
	python3-fonttools:file//usr/lib/python3/dist-packages/fontTools/__init__.py \
	libnss3-tools:certutil postgresql:file//usr/lib/postgresql

.PHONY: all deps build test run bench fuzz check soak load screenshots clean help

all: build

help:
	@echo "make run    - start the demo server on :8080 (data in ./data)"
	@echo "make test   - vet, race tests, short fuzz and crash runs"
	@echo "make bench  - Go benchmarks (ticket issue at 1/8/64 clients, next-ticket choice)"
	@echo "make fuzz   - every fuzz target for 500,000 inputs"
	@echo "make shake  - the suite 3 times with the CPUs kept busy, once with GOMAXPROCS=1"
	@echo "make soak   - the crash test with 50 SIGKILLs"
	@echo "make soak-xvfb - the real kiosk and caller under Xvfb for 200 visits each (mk/soak.mk)"
	@echo "make load   - hallsim against a fresh server (LOAD_ARGS=...)"
	@echo "make run-kiosk - the kiosk against make run's server, devices simulated"
	@echo "make run-caller - the clerk's workstation against make run's server (demo1, window 1)"
	@echo "make screenshots - every screen as PNG in docs/screenshots"
	@echo "make check  - gofmt, go vet, staticcheck, gocyclo -over 20 (pinned in go.mod as tools)"
	@echo "make deps   - install the missing Debian packages and Go modules"
	@echo "make run-city - a private PostgreSQL in ./data/pg and the city tier on :8090 with a demo tree (mk/city.mk)"

deps:
	@missing=""; \
	for pair in $(DEB_PKGS); do \
		pkg=$${pair%%:*}; probe=$${pair#*:}; \
		case "$$probe" in \
			pc/*) pkg-config --exists "$${probe#pc/}" 2>/dev/null || missing="$$missing $$pkg" ;; \
			file/*) [ -e "$${probe#file/}" ] || missing="$$missing $$pkg" ;; \
			*) command -v "$$probe" >/dev/null 2>&1 || missing="$$missing $$pkg" ;; \
		esac; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "deps: installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	else \
		echo "deps: every Debian package is present"; \
	fi
	@$(GO) mod download

build: deps
	@mkdir -p bin
	$(GO) build -o bin/server ./server
	$(GO) build -o bin/kiosk ./kiosk
	$(GO) build -o bin/caller ./caller

run: deps
	@mkdir -p data bin
	$(GO) build -o bin/server ./server
	@echo "run: starting the demo server; in other terminals 'make run-kiosk' (the kiosk, devices simulated) and 'make run-caller' (a clerk's window)"
	./bin/server -demo -addr 127.0.0.1:8080 -data ./data

check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null; git ls-files -o --exclude-standard '*.go' 2>/dev/null)); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@# test functions are tables and walks read top to bottom: the limit is for the code
	@out=$$($(GO) tool gocyclo -over 20 -ignore '_test.go$$' .); \
	if [ -n "$$out" ]; then echo "cyclomatic complexity over 20 (split the function):"; echo "$$out"; exit 1; fi
	@# a file does one thing: none but tests over 400 lines
	@out=$$(git ls-files '*.go' | grep -v '_test\.go$$' | xargs wc -l | awk '$$2 != "total" && $$1 > 400'); \
	if [ -n "$$out" ]; then echo "files over 400 lines (split by concern):"; echo "$$out"; exit 1; fi

# The test run CI uses: vet, every test with the race detector, and short fuzz runs.
test: deps check
	$(GO) test -race -count=1 -timeout 50m ./...
	@# a load measurement the race detector would distort, so it skips under -race
	$(GO) test -count=1 -timeout 10m -run '^TestLoginFloodDoesNotStarveKiosks$$' ./server/internal/app
	$(MAKE) --no-print-directory fuzz FUZZ_N=20000x

# The whole suite three times with every CPU kept busy by a spinning shell loop, then
# once with GOMAXPROCS=1: a test that only passes with the machine to itself fails here.
.PHONY: shake
shake:
	@set -e; n=$$(nproc); pids=""; \
	for i in $$(seq $$n); do ( while :; do :; done ) & pids="$$pids $$!"; done; \
	trap 'kill $$pids 2>/dev/null || true' EXIT; \
	for run in 1 2 3; do \
		echo "shake: run $$run of 3 with $$n busy loops"; \
		$(GO) test -race -count=1 -timeout 45m ./...; \
	done; \
	kill $$pids; trap - EXIT; \
	echo "shake: once with GOMAXPROCS=1"; \
	GOMAXPROCS=1 $(GO) test -race -count=1 -timeout 45m ./...

FUZZ_N ?= 500000x
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParseCatalog$$' -fuzztime=$(FUZZ_N) ./internal/queue
	$(GO) test -run='^$$' -fuzz='^FuzzParseCalendar$$' -fuzztime=$(FUZZ_N) ./internal/queue
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeApplicant$$' -fuzztime=$(FUZZ_N) ./internal/queue
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeIssue$$' -fuzztime=$(FUZZ_N) ./server/internal/httpapi
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeFinish$$' -fuzztime=$(FUZZ_N) ./server/internal/httpapi
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeLogin$$' -fuzztime=$(FUZZ_N) ./server/internal/httpapi
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeTransfer$$' -fuzztime=$(FUZZ_N) ./server/internal/httpapi
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeBooking$$' -fuzztime=$(FUZZ_N) ./server/internal/httpapi
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeBinary$$' -fuzztime=$(FUZZ_N) ./server/internal/upload
	$(GO) test -run='^$$' -fuzz='^FuzzDecodePPM$$' -fuzztime=$(FUZZ_N) ./caller/internal/desk
	$(MAKE) --no-print-directory fuzz-devices FUZZ_N=$(FUZZ_N)

bench:
	$(GO) test -run='^$$' -bench='Next|Call|PredictWait' -benchmem -count=3 ./internal/queue
	$(GO) run ./server/cmd/hallday -days 10
	$(GO) test -run='^$$' -bench='Issue' -benchtime=5000x -count=3 ./server/internal/app
	server/cmd/hallsim/loadrun.sh -duration 10s -rate 200 -boards 100 -phones 50
	$(MAKE) --no-print-directory bench-devices

# The waits page under 10,000 polling phones: the server's CPU and the answers' p99.
.PHONY: bench-waits
bench-waits:
	ONEDOOR_WAITS_PHONES=10000 $(GO) test -count=1 -v -run '^TestWaitsUnderPhones$$' ./server/internal/app | grep -E 'waits:|^(ok|FAIL|---)'

# A hall under load: LOAD_ARGS go to hallsim (see server/cmd/hallsim).
LOAD_ARGS ?= -duration 20s -rate 200 -boards 200 -phones 100
load:
	server/cmd/hallsim/loadrun.sh $(LOAD_ARGS)

# Every screen of every app as PNG in docs/screenshots (no display needed).
screenshots: screenshots-kiosk screenshots-display screenshots-caller screenshots-console

# The long crash soak: 50 SIGKILLs under load instead of the 5 of make test.
soak:
	ONEDOOR_KILLS=50 $(GO) test -count=1 -timeout 30m -run '^TestCrashNeverLosesAnAcknowledgedTicket$$' -v ./server/internal/app
	ONEDOOR_CUTS=20 $(GO) test -count=1 -timeout 30m -run '^TestPowerLossNeverLosesAnAcknowledgedTicket$$' -v ./server/internal/app

clean:
	rm -rf bin

# Fragments of the devices, the kiosk, the caller and the display add their own targets.
-include mk/*.mk

# How long a restart takes with a year of a busy hall in the log (1,000,000 events).
bench-restart:
	ONEDOOR_RESTART_EVENTS=1000000 $(GO) test -count=1 -timeout 30m -run '^TestRestartWithManyEvents$$' -v ./server/internal/store
