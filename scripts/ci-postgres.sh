#!/usr/bin/env bash
# ci-postgres.sh: a throwaway PostgreSQL server for the sqlstore tests.
#
#   eval "$(scripts/ci-postgres.sh start)"   # prints export JIXIAO_PG_URL=… JIXIAO_PG_DIR=…
#   go test ./sqlstore/...                   # the PostgreSQL tests run against it
#   scripts/ci-postgres.sh stop              # stops it and removes its data ($JIXIAO_PG_DIR)
#
# start installs PostgreSQL with apt-get when no initdb/pg_ctl is found
# (Debian/Ubuntu, as root), creates a data directory under ${TMPDIR:-/tmp},
# starts the server on a free local port (as the postgres user when run as
# root: initdb and postgres refuse to run as root), trusts local
# connections only (127.0.0.1 and a socket in the data directory), creates
# the database jixiao_test and prints the variables to export on stdout;
# everything else goes to stderr.
set -euo pipefail

log() { echo "ci-postgres: $*" >&2; }

# pgbin prints the directory of initdb and pg_ctl: the newest
# /usr/lib/postgresql/N/bin, or the one on PATH.
pgbin() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
		echo "$d"
		return
	fi
	if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
		dirname "$(command -v initdb)"
		return
	fi
	return 1
}

# as runs a command as the server's user: postgres when we are root.
as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	local p
	for p in $(seq 54329 54499); do
		if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	return 1
}

start() {
	local bin dir port
	if ! bin=$(pgbin); then
		log "initdb/pg_ctl not found: installing postgresql with apt-get"
		if [ "$(id -u)" -ne 0 ]; then
			log "not root: cannot apt-get install postgresql"
			exit 1
		fi
		DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
		bin=$(pgbin)
	fi
	if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
		log "creating the system user postgres"
		useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
	fi
	dir=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-pg.XXXXXX")
	chmod 0700 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	port=$(free_port)
	log "initdb $dir ($bin)"
	as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	log "starting on 127.0.0.1:$port"
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=100" start >&2 ||
		{ cat "$dir/server.log" >&2; exit 1; }
	as "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres jixiao_test >&2
	echo "export JIXIAO_PG_URL='postgres://postgres@127.0.0.1:$port/jixiao_test?sslmode=disable'"
	echo "export JIXIAO_PG_DIR='$dir'"
	echo "export JIXIAO_PG_BIN='$bin'"
}

stop() {
	local dir=${1:-${JIXIAO_PG_DIR:-}} bin
	if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
		log "no server to stop (give its directory or set JIXIAO_PG_DIR)"
		return 0
	fi
	bin=${JIXIAO_PG_BIN:-$(pgbin)}
	as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
	rm -rf "$dir"
	log "stopped and removed $dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
*)
	echo "usage: $0 start | stop [DIR]" >&2
	exit 2
	;;
esac
