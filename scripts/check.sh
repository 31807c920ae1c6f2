#!/usr/bin/env bash
# Runs every test suite after `make test-build` and ends with one line:
#   N passed, N failed
# Suites: C unit tests (cmocka, ASan+UBSan) in TAP; Node test files (API,
# golden rules, browser) in TAP; every libFuzzer target over its seed corpus.
# PostgreSQL: a throwaway cluster (scripts/pg-test-cluster.sh) for the whole
# run; the unit tests get RENDA_TEST_PG (a database of their own) and the API
# suite runs a second time as node/api-pg with RENDA_STORE (a database per
# server). Without PostgreSQL installed those lines fail, saying why.
set -uo pipefail
cd "$(dirname "$0")/.."

export RENDA_BIN="${RENDA_BIN:-$PWD/build/asan/renda}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
LOG=build/check
rm -rf "$LOG" && mkdir -p "$LOG"

PG_URI=""
if PG_URI=$(scripts/pg-test-cluster.sh start 2>"$LOG/pg-cluster.log"); then
	trap 'scripts/pg-test-cluster.sh stop "$PG_URI"' EXIT
	psql "$PG_URI" -qAtX -c 'CREATE DATABASE renda_unit' >>"$LOG/pg-cluster.log" 2>&1
	export RENDA_TEST_PG="${PG_URI/\/\/\/postgres/\/\/\/renda_unit}"
else
	PG_URI=""
	echo "PostgreSQL test cluster did not start (see $LOG/pg-cluster.log)"
fi

passed=0
failed=0
failures=()

add() { # name passed failed
	passed=$((passed + $2))
	failed=$((failed + $3))
	[ "$3" -gt 0 ] && failures+=("$1")
	printf '%-40s %4d passed, %d failed\n' "$1" "$2" "$3"
}

# C unit tests: cmocka speaks TAP when asked.
for t in build/asan/tests/test_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$LOG/$n.log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$LOG/$n.log")
	f=$(grep -c '^not ok ' "$LOG/$n.log")
	# A crash (sanitizer report, abort) fails the binary even if TAP looked fine.
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	add "unit/$n" "$p" "$f"
	[ "$f" -gt 0 ] && sed 's/^/    /' "$LOG/$n.log" | tail -40
done

# Node suites: one node --test run per folder so each gets its own log;
# the API suite once more on PostgreSQL (api-pg).
for dir in tests/rules tests/api tests/e2e api-pg; do
	n=$(basename "$dir")
	if [ "$dir" = api-pg ]; then
		if [ -z "$PG_URI" ]; then
			add "node/api-pg" 0 1
			echo "    no PostgreSQL test cluster: $(tail -1 "$LOG/pg-cluster.log")"
			continue
		fi
		files=$(ls tests/api/*.test.mjs)
		export RENDA_STORE="$PG_URI"
	else
		files=$(ls "$dir"/*.test.mjs 2>/dev/null)
		unset RENDA_STORE
	fi
	[ -n "$files" ] || continue
	# shellcheck disable=SC2086
	node --test --test-reporter=tap --test-concurrency=1 $files >"$LOG/node-$n.log" 2>&1
	rc=$?
	p=$(grep -E '^# pass ' "$LOG/node-$n.log" | awk '{print $3}')
	f=$(grep -E '^# fail ' "$LOG/node-$n.log" | awk '{print $3}')
	p=${p:-0}
	f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	add "node/$n" "$p" "$f"
	[ "$f" -gt 0 ] && grep -B2 -A30 '^\s*not ok' "$LOG/node-$n.log" | head -120
	# Skips are counted apart and listed, with their reasons: never silent.
	s=$(grep -E '^# skipped ' "$LOG/node-$n.log" | awk '{print $3}')
	if [ "${s:-0}" -gt 0 ]; then
		echo "    $s skipped:"
		grep -E '^ok .* # SKIP' "$LOG/node-$n.log" | sed 's/^ok [0-9]* - /      /'
	fi
done
unset RENDA_STORE

# Fuzz targets replay their seed corpus (and regression inputs): a crash fails.
for t in build/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	corpus=tests/fuzz/corpus/$n
	if [ ! -d "$corpus" ]; then
		add "fuzz/$n" 0 1
		echo "    no seed corpus at $corpus"
		continue
	fi
	# New inputs go to a scratch folder (libFuzzer writes into the first one).
	if "$t" -runs=2000 -timeout=10 "$(mktemp -d)" "$corpus" >"$LOG/$n.log" 2>&1; then
		add "fuzz/$n" 1 0
	else
		add "fuzz/$n" 0 1
		tail -30 "$LOG/$n.log" | sed 's/^/    /'
	fi
done

echo
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]} (logs in $LOG/)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
