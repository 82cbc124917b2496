# The two commands of the README: `make` builds the site into public/, `make test` runs
# every test (installing what the browser tests need when it is missing).
GO ?= go
GEN := $(GO) run ./generator

.PHONY: all build check-data serve test test-deps verify check fmt vet staticcheck tidy-check clean

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
