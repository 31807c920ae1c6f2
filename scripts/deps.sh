#!/usr/bin/env bash
# The one list of what renda needs from the system, used by `make run`,
# `make check` and CI. Installs only what is missing (apt-get; sudo when not
# root), then the npm packages of the web UI and of the tests.
#   scripts/deps.sh              install what is missing
#   scripts/deps.sh --check-only exit 1 if anything is missing, install nothing
#   scripts/deps.sh --bench      also what `make bench` needs
#   scripts/deps.sh --valgrind   also valgrind, for `make valgrind`
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
	build-essential pkg-config clang libclang-rt-14-dev
	libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev sqlite3
	libicu-dev libcmocka-dev
	libminizip-dev libexpat1-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev libqrencode-dev
	libcurl4-openssl-dev libpq-dev postgresql
	poppler-utils
	nodejs chromium fonts-noto-cjk curl
	# the stroke table (scripts/gen-strokes.py): Unihan stroke counts, stroke sequences
	python3 unicode-data rime-data-stroke
)

# Only for `make bench` (scripts/deps.sh --bench): load generator and the reference server.
BENCH_PACKAGES=(wrk nginx-light)
[ "${1:-}" = "--bench" ] && APT_PACKAGES+=("${BENCH_PACKAGES[@]}")
# Only for `make valgrind` (78 MB installed; not used by make check or CI).
[ "${1:-}" = "--valgrind" ] && APT_PACKAGES+=(valgrind)

missing=()
for p in "${APT_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm ships with NodeSource's nodejs; Debian's nodejs needs its own npm package.
command -v npm >/dev/null 2>&1 || missing+=(npm)

npm_missing=()
for d in web tests; do
	[ -f "$d/package.json" ] && [ ! -d "$d/node_modules" ] && npm_missing+=("$d")
done

if [ "${1:-}" = "--check-only" ]; then
	[ ${#missing[@]} -eq 0 ] && [ ${#npm_missing[@]} -eq 0 ] && exit 0
	echo "missing: ${missing[*]} ${npm_missing[*]}"
	exit 1
fi

if [ ${#missing[@]} -gt 0 ]; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	echo "deps: installing ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for d in "${npm_missing[@]}"; do
	echo "deps: npm ci in $d/"
	(cd "$d" && npm ci --no-audit --no-fund)
done
