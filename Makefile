# Fieldbook (现场服务记录与归档). `make run` and `make test` install what is
# missing (scripts/setup), build and run; both are idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Build tags in one place. sqlite_fts5 compiles FTS5 into SQLite; the GUI
# tags select Wails' production desktop build for WebKitGTK 4.1.
TAGS     := sqlite_fts5
GUI_TAGS := desktop,production,webkit2_41,$(TAGS)
BIN      := build/bin
ARTIFACTS := build/test-artifacts
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
# The desktop binary is linked to load 4 KiB past a 2 MiB boundary: a kernel
# that holds the file in huge pages in its page cache (ext4 large folios,
# Linux 6.1x) can then map it only in small pages, so code and embedded
# assets the app touches bring their 4 KiB pages into its memory, not whole
# 2 MiB ones (its PSS 116 -> 111 MB at 100k jobs, scripts/window-bench).
GUI_LDFLAGS := -extldflags=-Wl,-Ttext-segment=0x401000
GO_SRC   := $(shell find . -name '*.go' -not -path './frontend/*') go.mod go.sum
FE_SRC   := $(shell find frontend/src frontend/public frontend/scripts -type f 2>/dev/null) frontend/index.html frontend/package.json frontend/vite.config.ts

.PHONY: FORCE run build test bench soak setup-run setup-test setup-dist frontend fmt-check vet staticcheck bindings-check go-test fe-check e2e smoke windows-check dist dist-check clean

setup-run:
	@scripts/setup run

setup-test:
	@scripts/setup test

frontend/dist/index.html: $(FE_SRC) frontend/package-lock.json
	cd frontend && npm run build
	@touch frontend/dist/.gitkeep

frontend: frontend/dist/index.html

# The binaries carry VERSION: a stamp that changes with it rebuilds them
# (a new commit that touches no Go file still changes what --version says).
VERSION_STAMP := build/.version
$(VERSION_STAMP): FORCE
	@mkdir -p $(@D); echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' >$@

$(BIN)/fieldbook: $(GO_SRC) frontend/dist/index.html $(VERSION_STAMP)
	go build -tags $(GUI_TAGS) -ldflags "$(LDFLAGS) $(GUI_LDFLAGS)" -o $@ .

$(BIN)/fieldbook-e2e: $(GO_SRC) frontend/dist/index.html
	go build -tags e2e,$(TAGS) -o $@ .

$(BIN)/fieldbook-hub: $(GO_SRC) $(VERSION_STAMP)
	go build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $@ ./backend/cmd/fieldbook-hub

## build: the release binaries, build/bin/fieldbook and build/bin/fieldbook-hub
build: setup-run $(BIN)/fieldbook $(BIN)/fieldbook-hub

## run: build and open the app on its local database (DEMO=1 fills an empty one with
## 600 demo jobs, DEMO=N with N, e.g. DEMO=100000 for ten years of a centre)
run: build
	$(BIN)/fieldbook $(if $(filter 1,$(DEMO)),--demo,$(if $(DEMO),--demo=$(DEMO))) $(ARGS)

## test: every check; see README
test: setup-test
	@$(MAKE) --no-print-directory fmt-check vet staticcheck bindings-check go-test fe-check e2e smoke windows-check dist-check

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet: frontend/dist/index.html
	go vet -tags $(TAGS) ./...
	go vet -tags $(GUI_TAGS) ./...
	go vet -tags e2e,$(TAGS) .

staticcheck: frontend/dist/index.html
	go tool staticcheck -tags $(TAGS) ./...
	go tool staticcheck -tags $(GUI_TAGS) ./...

## bindings-check: fails when regenerating frontend/wailsjs would change it
bindings-check:
	@mkdir -p build
	@go tool wails generate module -tags $(TAGS) >build/wails-generate.log 2>&1 || { cat build/wails-generate.log; exit 1; }
	@if [ -n "$$(git status --porcelain -- frontend/wailsjs)" ]; then \
		echo "frontend/wailsjs is stale: run 'go tool wails generate module -tags $(TAGS)' and commit"; \
		git status --porcelain -- frontend/wailsjs; exit 1; fi

go-test: frontend/dist/index.html
	go test -race -timeout 25m -tags $(TAGS) ./...

fe-check:
	cd frontend && npm run typecheck && npm test

## e2e: browser end-to-end tests (@playwright/test in Debian's chromium) against the e2e build
## and a real hub; E2E="-g 'language'" passes arguments to `playwright test`
e2e: $(BIN)/fieldbook-e2e $(BIN)/fieldbook-hub
	cd frontend && npx playwright test $(E2E)

## smoke: the real binary in a real window under Xvfb
smoke: $(BIN)/fieldbook
	@scripts/smoke $(BIN)/fieldbook

# Windows: cross-compiled with mingw-w64 (cgo SQLite). Nothing built here
# runs here: Go 1.26 Windows binaries do not start under Debian's wine.
WIN_ENV  := GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc
WIN_TAGS := desktop,production,$(TAGS)
WIN_OUT  := build/windows-check

## windows-check: the app, the hub and every package's tests cross-compile for windows/amd64 (not run)
windows-check: frontend/dist/index.html
	$(WIN_ENV) go build -tags $(WIN_TAGS) -ldflags "$(LDFLAGS) -H windowsgui" -o $(WIN_OUT)/fieldbook.exe .
	$(WIN_ENV) go build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(WIN_OUT)/fieldbook-hub.exe ./backend/cmd/fieldbook-hub
	$(WIN_ENV) go test -tags $(TAGS) -c -o $(WIN_OUT)/tests/ ./backend/...
	@echo "windows-check: $$(ls $(WIN_OUT)/tests | wc -l) test binaries, the app and the hub built for windows/amd64; none of them was run"

## dist: versioned release artifacts in dist/ with SHA256SUMS: the app's and
## the hub's Debian packages, the hub's Linux binary, the Windows installer (NSIS)
dist: setup-dist $(BIN)/fieldbook $(BIN)/fieldbook-hub
	TAGS=$(TAGS) scripts/dist dist $(VERSION) $(BIN)/fieldbook $(BIN)/fieldbook-hub --windows
	scripts/dist-check dist $(VERSION)

setup-dist:
	@scripts/setup dist

## dist-check: the two Debian packages and the Windows installer, built from
## the test's binaries (the installer by Wails with mingw-w64 and NSIS) and
## checked (dpkg -x, control data, --version, systemd-analyze verify, the
## installer's format; it is not run)
dist-check: $(BIN)/fieldbook $(BIN)/fieldbook-hub
	TAGS=$(TAGS) scripts/dist build/dist-check $(VERSION) $(BIN)/fieldbook $(BIN)/fieldbook-hub --windows
	scripts/dist-check build/dist-check $(VERSION)

## bench: benchmarks, one `bench: NAME VALUE UNIT` line per figure
bench: setup-test frontend/dist/index.html
	@echo "# Fieldbook benchmarks on $$(nproc) cores, $$(go env GOVERSION); data sizes are in the names"
	@set -o pipefail; go test -p 1 -tags $(TAGS) -run '^$$' -bench . -benchtime 1x -timeout 40m ./backend/... | grep '^bench:'
	@$(MAKE) --no-print-directory $(BIN)/fieldbook >/dev/null && scripts/window-bench $(BIN)/fieldbook 100000

## soak: the sync property test with thousands of seeds per hub store (SEEDS=2000),
## then each fuzz target for FUZZTIME (5m) — push-body decoding, the hub's rules,
## checklist templates (go test runs only their seed corpora)
SEEDS ?= 2000
FUZZTIME ?= 5m
FUZZ_TARGETS := backend/hub:FuzzPushBody backend/hub:FuzzRules backend/jobtype:FuzzParse
soak: setup-test frontend/dist/index.html
	go test -tags $(TAGS) -run 'TestSyncProperty$$' -timeout 0 ./backend/synctest -args -soak $(SEEDS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "soak: $${t#*:} for $(FUZZTIME)"; \
		go test -tags $(TAGS) -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) ./$${t%%:*}; \
	done

clean:
	rm -rf $(BIN) $(ARTIFACTS) $(WIN_OUT) build/dist-check dist frontend/dist/assets frontend/dist/index.html
