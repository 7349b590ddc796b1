# The city tier (server/cmd/city) on PostgreSQL. Included by the top-level Makefile.
#   make run-city           a private PostgreSQL cluster in ./data/pg (made at the first run; run
#                           as root, it runs as the postgres user) and the city tier on
#                           127.0.0.1:8090 with the demo tree; the centers' tokens in data/city-tokens.txt
#   make test-city          the city tier's tests, each on its own PostgreSQL
#   make screenshots-city   the dashboards (city, district) as PNG in docs/screenshots
#   make bench-city         upload events/s beside a raw COPY of the same rows (3 rounds); upload lag of
#                           180 simulated centers at 10x a busy day; the dashboard over a year of aggregates

GO ?= go
CITY_ADDR ?= 127.0.0.1:8090

.PHONY: run-city test-city screenshots-city bench-city

run-city: deps
	@mkdir -p bin data
	$(GO) build -o bin/city ./server/cmd/city
	$(GO) build -o bin/server ./server
	./bin/city -pg-dir ./data/pg -addr $(CITY_ADDR) -demo -tokens data/city-tokens.txt

test-city: deps
	$(GO) test -count=1 ./internal/pgcluster/... ./server/internal/upload ./server/internal/city ./server/internal/uplink
	$(GO) test -count=1 -run '^TestCity' ./server/internal/app

screenshots-city: deps
	@mkdir -p docs/screenshots
	ONEDOOR_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^TestCityDashboardDrillDown$$' ./server/internal/app

bench-city:
	ONEDOOR_CITY_BENCH=1 $(GO) test -count=1 -v -timeout 20m -run '^(TestUploadRateBesideCopy|TestUploadLagAt180Centers|TestDashboardOverAYear)$$' ./server/internal/city \
		| grep -E 'round|median|lag|rows|p95|^(ok|FAIL|---)'
