# The two commands of the README: `make` builds the site into public/, `make test` runs
# every test (installing what the browser tests need when it is missing).
GO ?= go
GEN := $(GO) run ./generator

.PHONY: all build check-data serve import deploy test test-deps verify fuzz check lint fmt vet staticcheck tidy-check cross clean

all: build

build:
	$(GEN) build

check-data:
	$(GEN) check

serve:
	$(GEN) serve

# Add the next notice from the issuer's document: make import NOTICE=path/to/notice.docx (or
# its text, copied out of Word and saved as UTF-8). README "用导入程序添加下一份通知（Add the next notice with the importer）".
import:
	@test -n "$(NOTICE)" || { echo "usage: make import NOTICE=FILE (the notice's .docx, or its text as UTF-8)"; exit 2; }
	$(GEN) import "$(NOTICE)"

# Builds, then publishes public/ with Hugo's deploy to DEPLOY_URL (a gocloud URL,
# s3://bucket?endpoint=…&region=…) or, without it, to the first target of hugo.toml's
# [deployment]; DEPLOY_FLAGS adds -dry-run, -force, -max-deletes n. The only target compiled
# with the build tag withdeploy (docs/deploying.md: what the tag costs).
DEPLOY_URL ?=
DEPLOY_FLAGS ?=
deploy: build
	$(GO) run -tags withdeploy ./generator deploy $(if $(DEPLOY_URL),-to '$(DEPLOY_URL)') $(DEPLOY_FLAGS)

# Every test; then the deploy to object storage, the one test compiled with Hugo's deploy
# (build tag withdeploy), apart so that the other packages keep their compile time.
test: test-deps
	$(GO) test ./...
	$(GO) test -tags withdeploy -run '^TestDeploy$$' ./generator/internal/deploy/

# Debian's chromium and CJK fonts for the browser tests, installed only when missing.
test-deps:
	bash .ci/install-test-deps

# Reproducibility: two builds, each from its own copy of the project (so that nothing is
# written into the checkout, data/calendar.lock included), must be identical, byte for byte.
# SOURCE_DATE_EPOCH pins "today", the one date a build reads (the deadline states of the
# pages): the time of the last commit unless it is set.
VERIFY := .build/verify
verify:
	rm -rf $(VERIFY)
	epoch=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 0)}; \
	for copy in a b; do \
	  mkdir -p $(VERIFY)/$$copy && cp -R hugo.toml data content themes $(VERIFY)/$$copy/ && \
	  SOURCE_DATE_EPOCH=$$epoch $(GEN) build -root $(VERIFY)/$$copy -out $(VERIFY)/$$copy/public >/dev/null || exit 1; \
	done
	diff -r $(VERIFY)/a/public $(VERIFY)/b/public
	@echo "verify: two builds are byte-identical ($$(find $(VERIFY)/a/public -type f | wc -l) files)"

# Benchmarks (docs/performance.md; never part of `make test`): each stage of the generator at
# 5, 100 and 1,000 rounds; the build of the real site against Hugo alone; builds of synthetic
# notices of 10, 100 and 1,000 rounds in child processes (wall time, peak RSS); the live preview.
.PHONY: bench
bench:
	@echo "bench: $$(nproc) cores, $$(uptime | sed 's/.*load average/load average/')"
	$(GO) test -run '^$$' -bench '^Benchmark(LoadCheck|Timeline|Calendar|QR)$$' -benchmem ./generator/internal/bench
	$(GO) test -run '^$$' -bench '^Benchmark(LivePreview|SiteOverHugo|Scale|Notices)$$' -benchtime 9x -benchmem -timeout 30m ./generator/internal/bench
	$(GO) test -run '^$$' -bench '^BenchmarkImport$$' -benchmem ./generator/internal/importer

# Each fuzz target for FUZZTIME (default 1m). Short minimization keeps the fuzzer exploring:
# with Go's default (60 s per new input) the large seed files made it crawl.
FUZZTIME ?= 1m
fuzz:
	$(GO) test ./generator/internal/data -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/data -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/data -run '^$$' -fuzz '^FuzzDerive$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/calendar -run '^$$' -fuzz '^FuzzText$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/noticetext -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/docx -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x

# Everything a reviewer runs: formatting, vet (for the three systems staff use), builds for
# macOS and Windows, staticcheck, module tidiness, tests.
check: lint test

lint: fmt vet cross staticcheck tidy-check

fmt:
	@out=$$(gofmt -l generator); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	GOOS=linux $(GO) vet ./...
	GOOS=linux $(GO) vet -tags withdeploy ./generator ./generator/internal/deploy/
	GOOS=darwin $(GO) vet ./...
	GOOS=windows $(GO) vet ./...

# The generator as staff on macOS and Windows get it.
cross:
	GOOS=darwin GOARCH=arm64 $(GO) build -o /dev/null ./generator
	GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null ./generator

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.7.0 ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.7.0 -tags withdeploy ./generator ./generator/internal/deploy/

tidy-check:
	$(GO) mod tidy -diff

clean:
	rm -rf public .build resources
