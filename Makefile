# renda — plain Makefile with pkg-config.
#   make          server at build/renda and the web UI at build/web
#   make run      install what is missing, build, create demo data, serve
#   make check    every test (unit under ASan+UBSan, API, browser, golden, fuzz seeds)
#   make fuzz     run every libFuzzer target for FUZZ_SECONDS each
#   make bench    benchmarks (bench/run)
#   make crash-campaign / soak / valgrind   the long reliability runs (docs/reliability.md)
#   make format / lint / clean

CC      ?= cc
CLANG   ?= clang
PKGS    := libmicrohttpd jansson libsodium sqlite3 icu-uc icu-i18n \
	minizip expat xlsxwriter pangocairo cairo-pdf fontconfig libqrencode libcurl libpq
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings -fno-common \
	-Wno-missing-field-initializers
CPPFLAGS += -Isrc -D_GNU_SOURCE -DRENDA_VERSION='"$(VERSION)"'
CFLAGS   ?= -O2 -g
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
SRC     := $(sort $(wildcard src/*/*.c))
LIB_SRC := $(filter-out src/cli/main.c,$(SRC))
OBJ      := $(SRC:src/%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:src/%.c=build/asan/obj/%.o)
ASAN_LIB := $(LIB_SRC:src/%.c=build/asan/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJ := $(LIB_SRC:src/%.c=build/fuzz/obj/%.o)
FUZZ_SECONDS ?= 60
# `make V=1` shows the full commands.
Q := $(if $(V),,@)

.PHONY: all server web run check test-build fuzz fuzz-build bench format lint clean demo print-cflags

all: server web

server: build/renda

build/renda: $(OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# The sanitizer build: the server the API tests run, and the unit tests.
build/asan/renda: $(ASAN_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(SAN) -g -o $@ $^ $(PKG_LIBS)

build/asan/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/tests/%: tests/unit/%.c $(ASAN_LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -o $@ $< $(ASAN_LIB) $(PKG_LIBS) -lcmocka

# The stroke table of src/rules/stroke.c (姓氏笔画), generated from Debian's unicode-data and
# rime-data-stroke (scripts/deps.sh), never committed.
STROKE_DATA := /usr/share/unicode/Unihan_IRGSources.txt.bz2 /usr/share/rime-data/stroke.dict.yaml
CPPFLAGS += -Ibuild/gen
build/gen/stroke_table.h: scripts/gen-strokes.py $(wildcard $(STROKE_DATA))
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)python3 scripts/gen-strokes.py $@ $(STROKE_DATA)
build/obj/rules/stroke.o build/asan/obj/rules/stroke.o build/fuzz/obj/rules/stroke.o lint: build/gen/stroke_table.h

# libFuzzer targets, built with clang.
build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	$(Q)$(CLANG) $(CPPFLAGS) $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(CLANG) $(CPPFLAGS) $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

# Only pattern rules name the fuzz objects, so make would take them for
# intermediate files and delete them after each link; keep them.
.SECONDARY: $(FUZZ_OBJ)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p build/fuzz/corpus/$$n; \
	  echo "== $$n ($(FUZZ_SECONDS)s)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 build/fuzz/corpus/$$n tests/fuzz/corpus/$$n || exit 1; done

# The web UI: Vite builds web/dist, copied next to the server binary.
web: build/web/index.html

WEB_SRC := $(shell find web/src web/public web/index.html web/package.json web/package-lock.json web/tsconfig*.json web/vite.config.ts -type f 2>/dev/null)

# npm ci again whenever the lockfile changes (npm writes node_modules/.package-lock.json).
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

build/web/index.html: $(WEB_SRC) web/node_modules/.package-lock.json
	@if [ ! -f web/package.json ]; then echo "web/ has no package.json"; exit 1; fi
	cd web && npm run build
	rm -rf build/web && mkdir -p build && cp -r web/dist build/web

test-build: build/asan/renda $(UNIT_BIN) $(FUZZ_BIN) web

check:
	@scripts/deps.sh --check-only || scripts/deps.sh
	$(MAKE) -j$$(nproc) test-build
	@scripts/check.sh

run:
	@scripts/deps.sh
	$(MAKE) -j$$(nproc) all
	@scripts/run.sh

bench: server
	@bench/run

# The long reliability runs of docs/reliability.md, outside `make check`.
# crash-campaign: TRIALS SIGKILLs at random points of a vote storm, an
# election round, public submissions and suggestions (the ASan server), each checked
# after a restart. soak: 3,000 event streams and a poll every 20 s for
# SOAK_SECONDS (the release server), RSS and descriptors sampled.
# valgrind: the unit tests without sanitizers (build/vg) under memcheck.
.PHONY: crash-campaign soak valgrind
TRIALS ?= 100
SOAK_SECONDS ?= 600
crash-campaign: build/asan/renda
	@TRIALS=$(TRIALS) node tests/campaign/crash-campaign.mjs

soak: server
	@SOAK_SECONDS=$(SOAK_SECONDS) bench/soak

# The unit tests without sanitizers (valgrind cannot run ASan binaries), -O1 -g.
VG_OBJ := $(LIB_SRC:src/%.c=build/vg/obj/%.o)
VG_BIN := $(UNIT_SRC:tests/unit/%.c=build/vg/tests/%)
VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --track-origins=yes --suppressions=tests/valgrind.supp

build/vg/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC vg   $<"
	$(Q)$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

build/vg/obj/rules/stroke.o: build/gen/stroke_table.h
.SECONDARY: $(VG_OBJ)

build/vg/tests/%: tests/unit/%.c $(VG_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST vg $@"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(WARN) -O1 -g $(PKG_CFLAGS) -o $@ $< $(VG_OBJ) $(PKG_LIBS) -lcmocka

valgrind:
	@command -v valgrind >/dev/null || scripts/deps.sh --valgrind
	$(MAKE) -j$$(nproc) $(VG_BIN)
	@failed=; for t in $(VG_BIN); do n=$$(basename $$t); \
	  if $(VALGRIND) --log-file=build/vg/$$n.log $$t >build/vg/$$n.out 2>&1; then echo "ok      $$n"; \
	  else echo "FAILED  $$n (build/vg/$$n.log)"; cat build/vg/$$n.log; tail -5 build/vg/$$n.out; failed="$$failed $$n"; fi; done; \
	  if [ -n "$$failed" ]; then echo "valgrind: failed:$$failed"; exit 1; fi; echo "valgrind: every unit test clean"

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(UNIT_SRC) $(FUZZ_SRC)

lint:
	@scripts/lint.sh

# For tools that need the compiler's view (scripts/lint.sh).
print-cflags:
	@echo $(CPPFLAGS) $(PKG_CFLAGS)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)
-include $(VG_OBJ:.o=.d)
