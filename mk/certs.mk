# TLS for a hall without a public name: a local CA and a server certificate signed by it,
# written into data/tls (keys 0600). Included by the top-level Makefile. Run again, it
# signs a new server certificate with the CA already there (devices keep trusting it).
#   make certs                              localhost, 127.0.0.1 and this machine's hostname
#   make certs CERT_HOSTS=hall,192.168.1.10 the names and addresses the hall reaches the server by
#   make certs CERT_FORCE=1                 a new CA too (every device must trust the new one)

GO ?= go
CERT_HOSTS ?= localhost,127.0.0.1,$(shell hostname)
CERT_DIR ?= data/tls

.PHONY: certs

certs:
	$(GO) run ./server/cmd/certs -dir $(CERT_DIR) -hosts '$(CERT_HOSTS)' $(if $(CERT_FORCE),-force)

# Issue rate over TLS against plain HTTP at 64 kiosks, in the same run (three runs).
.PHONY: bench-tls
bench-tls:
	$(GO) test -run '^$$' -bench 'IssueTLS' -benchtime 4000x -count 3 ./server/internal/app
