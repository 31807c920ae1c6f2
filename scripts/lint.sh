#!/usr/bin/env bash
# `make lint`: formatting, banned functions, cppcheck and clang-tidy over src/.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
CFLAGS="$(make -s print-cflags)"

echo "== clang-format"
if ! clang-format --dry-run -Werror src/*/*.c src/*/*.h 2>/dev/null; then
	echo "not formatted: run make format"; fail=1
fi

echo "== banned.h included last in every C file"
for f in src/*/*.c; do
	last=$(grep -E '^#include' "$f" | tail -1)
	if [ "$last" != '#include "base/banned.h"' ]; then echo "$f: last include is $last"; fail=1; fi
done

echo "== cppcheck"
cppcheck -q --enable=warning,performance,portability --inline-suppr --error-exitcode=1 \
	-Isrc -D_GNU_SOURCE src || fail=1

echo "== clang-tidy (.clang-tidy)"
# shellcheck disable=SC2086
tidy=$(clang-tidy --quiet src/*/*.c -- $CFLAGS 2>/dev/null | grep -E "(warning|error):")
[ -n "$tidy" ] && { echo "$tidy"; fail=1; }

[ $fail -eq 0 ] && echo "lint: clean"
exit $fail
