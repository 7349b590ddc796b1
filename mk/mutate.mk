# make mutate: the mutation score of the core packages (internal/tools/mutate).
#   make mutate                                   every package, a seeded sample of each
#   make mutate PKG=internal/queue MUTATE_SAMPLE=0  one package, every mutant
PKG           ?= internal/queue,server/internal/store,server/internal/hub,server/internal/httpapi
MUTATE_SAMPLE ?= 40
MUTATE_SEED   ?= 1
MUTATE_JOBS   ?= 2
.PHONY: mutate
mutate:
	$(GO) run ./internal/tools/mutate -pkg '$(PKG)' -sample $(MUTATE_SAMPLE) -seed $(MUTATE_SEED) -j $(MUTATE_JOBS) -timeout 90s
