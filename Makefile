# The two commands of the README: `make` builds the site into public/, `make test` runs
# every test (installing what the browser tests need when it is missing).
GO ?= go
GEN := $(GO) run ./generator

.PHONY: all build check-data serve import amend deploy test test-deps verify fuzz check lint fmt vet staticcheck tidy-check cross dist clean

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

# Carry the issuer's corrected notice into its notice's data: make amend NOTICE=path/to/corrected.docx
# (DRY_RUN=1: say what changes, write nothing). README "修订通知（Amend a notice）".
amend:
	@test -n "$(NOTICE)" || { echo "usage: make amend NOTICE=FILE [DRY_RUN=1] (the corrected notice's .docx, or its text as UTF-8)"; exit 2; }
	$(GEN) import -amend $(if $(DRY_RUN),-dry-run) "$(NOTICE)"

# Builds, then publishes public/ with Hugo's deploy to DEPLOY_URL (a gocloud URL,
# s3://bucket?endpoint=…&region=…) or, without it, to the first target of hugo.toml's
# [deployment]; DEPLOY_FLAGS adds -dry-run, -force, -max-deletes n. The only target compiled
# with the build tag withdeploy (docs/deploying.md: what the tag costs).
DEPLOY_URL ?=
DEPLOY_FLAGS ?=
deploy: build
	$(GO) run -tags withdeploy ./generator deploy $(if $(DEPLOY_URL),-to '$(DEPLOY_URL)') $(DEPLOY_FLAGS)

# Every test; then the deploy to object storage and the desk's browser test (which publishes),
# the tests compiled with Hugo's deploy (build tag withdeploy), apart so that the other
# packages keep their compile time.
test: test-deps
	$(GO) test ./...
	$(GO) test -tags withdeploy -run '^TestDeploy' ./generator/internal/deploy/
	$(GO) test -tags withdeploy -run '^TestDesk' ./generator/internal/desk/

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
	$(GO) test -run '^$$' -bench '^Benchmark(LivePreview|SiteOverHugo|Scale|Notices|FirstSite)$$' -benchtime 9x -benchmem -timeout 30m ./generator/internal/bench
	$(GO) test -run '^$$' -bench '^Benchmark(Import|ImportOversized|Amend)$$' -benchmem ./generator/internal/importer
	$(GO) test -run '^$$' -bench '^BenchmarkDesk' ./generator/internal/desk

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
	@out=$$(gofmt -l generator content data themes); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	GOOS=linux $(GO) vet ./...
	GOOS=linux $(GO) vet -tags withdeploy ./generator ./generator/internal/deploy/
	GOOS=darwin $(GO) vet ./...
	GOOS=windows $(GO) vet ./...

# The program as staff on macOS and Windows get it (the binaries of make dist, into
# .build/cross/: .ci/wine-check runs the Windows one).
cross:
	$(call release-binary,darwin,arm64,.build/cross/darwin-arm64/exam-notice)
	$(call release-binary,windows,amd64,.build/cross/windows-amd64/exam-notice.exe)

# Releases for the staff (README "下载程序"): for each system they use, an archive with
# exam-notice, the staff guide (docs/使用指南.md) and the licence, zip for Windows and
# tar.gz elsewhere, and SHA256SUMS, in .build/dist/. Reproducible: the same commit gives the
# same bytes (no cgo, -trimpath, no build ID, the version and commit stamped, files dated
# at the commit with fixed owners and modes, in a fixed order).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
PLATFORMS := windows/amd64 darwin/arm64 darwin/amd64 linux/amd64 linux/arm64
DIST := .build/dist
# ZIP, for python3 -c: ARCHIVE EPOCH FILE…: a zip of the files as named, in that order, dated
# EPOCH (UTC), with their modes, names flagged UTF-8 (Info-ZIP's zip does not flag them, and
# Windows then shows 使用指南.md garbled), nothing else from the file system.
define ZIP
import sys, os, time, zipfile
out, epoch, *names = sys.argv[1:]
with zipfile.ZipFile(out, "w") as z:
    for n in names:
        i = zipfile.ZipInfo(n, time.gmtime(int(epoch))[:6])
        i.create_system, i.external_attr = 3, (os.stat(n).st_mode & 0xFFFF) << 16
        z.writestr(i, open(n, "rb").read(), zipfile.ZIP_DEFLATED, 9)
endef
export ZIP
# $(call release-binary,os,arch,file): exam-notice as released, Hugo's deploy included.
release-binary = CGO_ENABLED=0 GOOS=$(1) GOARCH=$(2) $(GO) build -trimpath -buildvcs=false -tags withdeploy \
	-ldflags '-s -w -buildid= -X main.release=$(VERSION) -X main.commit=$(COMMIT)' -o $(3) ./generator
dist:
	rm -rf $(DIST)
	set -e; for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; exe=exam-notice; [ $$os = windows ] && exe=exam-notice.exe; \
	  name=exam-notice-$(VERSION)-$$os-$$arch; dir=$(DIST)/$$name; \
	  $(call release-binary,$$os,$$arch,$$dir/$$exe); \
	  cp docs/使用指南.md LICENSE $$dir/; chmod 0755 $$dir $$dir/$$exe; chmod 0644 $$dir/使用指南.md $$dir/LICENSE; \
	  touch -d @$(EPOCH) $$dir $$dir/*; \
	  if [ $$os = windows ]; then \
	    (cd $(DIST) && python3 -c "$$ZIP" $$name.zip $(EPOCH) $$name/$$exe $$name/LICENSE $$name/使用指南.md); \
	  else \
	    tar -C $(DIST) --sort=name --mtime=@$(EPOCH) --owner=0 --group=0 --numeric-owner --format=gnu -cf - $$name | gzip -n -9 > $(DIST)/$$name.tar.gz; \
	  fi; \
	done
	cd $(DIST) && ls | grep -E '\.(zip|tar\.gz)$$' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS
	@cd $(DIST) && ls -l */exam-notice* && cat SHA256SUMS

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.7.0 ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.7.0 -tags withdeploy ./generator ./generator/internal/deploy/

tidy-check:
	$(GO) mod tidy -diff

clean:
	rm -rf public .build resources
