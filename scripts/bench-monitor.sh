#!/bin/sh
# bench-monitor.sh: peak RSS and CPU time of `jixiao monitor` over the same
# projects at two record counts (issue 17: the command streams, so its peak
# RSS grows with the projects, never with the records). Generates with
# tools/gen/scale, into DIR (default /tmp/jixiao-monitor), a folder of P
# projects (default 100000) for each record count (default 1000000 and
# 10000000; nothing generated is committed), builds the command, and runs
# the year's four quarterly checks on each, printing wall, user and sys
# time and peak RSS (/usr/bin/time). The same projects at both counts: the
# generator's budgets depend on the seed and the number of projects only.
#
# BEFORE=path/to/jixiao runs that binary too, alternating with this one,
# for a before/after table on the same machine in the same run.
#
# Usage, from the module root: scripts/bench-monitor.sh [P] [DIR] [COUNTS...]
set -eu
p=${1:-100000}
dir=${2:-/tmp/jixiao-monitor}
shift 2 2>/dev/null || shift $#
counts=${*:-1000000 10000000}
for n in $counts; do
	if [ ! -f "$dir/$n/records.csv" ]; then
		go run ./tools/gen/scale -kind monitoring -projects "$p" -records "$n" -out "$dir/$n"
	fi
done
tmp=$(mktemp -d)
go build -o "$tmp/jixiao" ./cmd/jixiao
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $counts; do
	for bin in ${BEFORE:+"$BEFORE"} "$tmp/jixiao"; do
		name=after
		[ "$bin" = "$tmp/jixiao" ] || name=before
		/usr/bin/time -f "$name: $p projects, $n records: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
			"$bin" monitor --as-of 2021-03-31,2021-06-30,2021-09-30,2021-12-31 "$dir/$n" \
			>"$tmp/out" 2>"$tmp/err" || true
		tail -1 "$tmp/err"
	done
done
rm -rf "$tmp"
