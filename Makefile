# The two commands of the README: `make` builds the site into public/, `make test` runs
# every test (installing what the browser tests need when it is missing).
GO ?= go
GEN := $(GO) run ./generator

.PHONY: all build check-data serve test test-deps verify fuzz check fmt vet staticcheck tidy-check clean

all: build

build:
	$(GEN) build

check-data:
	$(GEN) check

serve:
	$(GEN) serve

test: test-deps
	$(GO) test ./...

# Debian's chromium and CJK fonts for the browser tests, installed only when missing.
test-deps:
	bash .ci/install-test-deps

# Reproducibility: two builds into separate directories must be identical, byte for byte.
verify:
	rm -rf .build/verify
	$(GEN) build -out .build/verify/a >/dev/null
	$(GEN) build -out .build/verify/b >/dev/null
	diff -r .build/verify/a .build/verify/b
	@echo "verify: two builds are byte-identical ($$(find .build/verify/a -type f | wc -l) files)"

# Benchmarks (README "Benchmarks"; never part of `make test`): each stage of the generator at
# 5, 100 and 1,000 rounds; the build of the real site against Hugo alone; builds of synthetic
# notices of 10, 100 and 1,000 rounds in child processes (wall time, peak RSS); the live preview.
.PHONY: bench
bench:
	@echo "bench: $$(nproc) cores, $$(uptime | sed 's/.*load average/load average/')"
	$(GO) test -run '^$$' -bench '^Benchmark(LoadCheck|Timeline|Calendar|QR)$$' -benchmem ./generator/internal/bench
	$(GO) test -run '^$$' -bench '^Benchmark(LivePreview|SiteOverHugo|Scale)$$' -benchtime 9x -benchmem -timeout 30m ./generator/internal/bench

# Each fuzz target for FUZZTIME (default 1m). Short minimization keeps the fuzzer exploring:
# with Go's default (60 s per new input) the large seed files made it crawl.
FUZZTIME ?= 1m
fuzz:
	$(GO) test ./generator/internal/data -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/data -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/data -run '^$$' -fuzz '^FuzzDerive$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x
	$(GO) test ./generator/internal/calendar -run '^$$' -fuzz '^FuzzText$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 50x

# Everything a reviewer runs: formatting, vet, staticcheck, module tidiness, tests.
check: fmt vet staticcheck tidy-check test

fmt:
	@out=$$(gofmt -l generator); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.7.0 ./...

tidy-check:
	$(GO) mod tidy -diff

clean:
	rm -rf public .build resources
