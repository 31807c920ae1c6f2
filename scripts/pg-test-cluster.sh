#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb into a temporary
# folder, listening only on a unix socket inside it (no TCP port to collide
# with), trust authentication for the socket, owned by the `postgres` user
# (initdb refuses to run as root; when not root, as the current user).
#   scripts/pg-test-cluster.sh start        prints the URI of its `postgres` database
#   scripts/pg-test-cluster.sh stop URI|DIR stops it and removes the folder
# Tests make one database per server from that URI (tests/lib/server.mjs,
# RENDA_STORE). fsync is off: the tests kill renda, never the database
# server, and a cluster that dies with the machine is thrown away anyway.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "pg-test-cluster: PostgreSQL is not installed (scripts/deps.sh)" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
	dir=$(mktemp -d /tmp/renda-pg-XXXXXX)
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
		--auth=trust >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start -o \
		"-c listen_addresses='' -c unix_socket_directories=$dir -c fsync=off \
		 -c full_page_writes=off -c max_connections=300" >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	echo "postgresql:///postgres?host=$dir&user=postgres"
	;;
stop)
	arg=${2:?usage: pg-test-cluster.sh stop URI|DIR}
	dir=${arg#*host=}
	dir=${dir%%&*}
	[ -f "$dir/data/PG_VERSION" ] || { echo "pg-test-cluster: no cluster in $dir" >&2; exit 1; }
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start | stop URI|DIR" >&2
	exit 2
	;;
esac
