# Vidbudova — the targets are the interface; `make help` lists them.
SHELL := bash
.DEFAULT_GOAL := help
BIN := bin/vidbudova
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.* frontend/tsconfig.json -type f 2>/dev/null)
GO_SRC := $(shell find . -name '*.go' -not -path './frontend/node_modules/*' 2>/dev/null) $(wildcard migrations/*.sql api/*.yaml) go.mod go.sum

.PHONY: help run test bench build db-start db-stop db-status lint generate clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: build ## start PostGIS (installing it if needed), migrate, load boundaries and demo data, serve http://localhost:8080
	@deploy/local/run.sh

test: build ## run every test against a real PostGIS and a real browser
	@deploy/local/test.sh

bench: build ## load 1,000,000 synthetic sites and measure the API under load
	@deploy/bench/bench.sh

build: $(BIN) ## build the binary with the map application inside

$(BIN): $(GO_SRC) frontend/dist/index.html
	go build -o $(BIN) ./cmd/vidbudova

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is needed to build the map: install it (Debian: apt-get install nodejs npm)"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run build

db-start: ## start the local PostGIS (installing it if needed)
	@deploy/local/pg.sh start

db-stop: ## stop the local PostGIS; the data stays in .data/
	@deploy/local/pg.sh stop

db-status: ## say whether the local PostGIS runs
	@deploy/local/pg.sh status

lint: ## go vet, gofmt and the TypeScript checker
	go vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	cd frontend && npx tsc --noEmit

generate: ## nothing is generated yet; the OpenAPI document is written by hand and checked by tests
	@true

clean: ## remove build outputs (not the database)
	rm -rf bin frontend/dist
