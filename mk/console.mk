# The supervisors' console (/console). Included by the top-level Makefile.
#   make screenshots-console  the live hall, an alarm and a report as PNG in docs/screenshots
#   make bench-console        the live hall with 50 windows and 5,000 waiting: stream message → drawn (median)
#   make vendor-uplot         refresh display/static/vendor/uplot.* from the npm registry (UPLOT_VERSION)

GO ?= go
UPLOT_VERSION ?= 1.6.32

.PHONY: screenshots-console bench-console vendor-uplot

screenshots-console: deps
	@mkdir -p docs/screenshots
	ONEDOOR_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^TestConsoleWalk$$' ./server/internal/app

bench-console:
	ONEDOOR_BENCH=1 $(GO) test -count=1 -v -run '^TestConsoleHallRenderBench$$' ./server/internal/app | grep -E 'median|^(ok|FAIL|---)'

vendor-uplot:
	set -e; d=$$(mktemp -d); (cd $$d && npm pack --silent uplot@$(UPLOT_VERSION) >/dev/null && tar xzf uplot-$(UPLOT_VERSION).tgz); \
	cp $$d/package/dist/uPlot.iife.min.js display/static/vendor/uplot.min.js; \
	cp $$d/package/dist/uPlot.min.css display/static/vendor/uplot.min.css; \
	cp $$d/package/LICENSE display/static/vendor/uplot.LICENSE.txt; rm -rf $$d; \
	echo "uPlot $(UPLOT_VERSION) vendored in display/static/vendor"
