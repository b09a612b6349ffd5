#!/bin/sh
# bench-command.sh: the command against the library on a generated CSV
# portfolio (issue 17). Generates N projects (default 100000) with cost
# lines, goals and experts' sheets into DIR (default /tmp/jixiao-scale)
# with tools/gen/scale, then runs BenchmarkCommandScale: the library's
# AssessBatch on every core over the portfolio in memory, `jixiao assess`
# and `jixiao check` from the files, in the same run. It prints CPU time
# per run (cpu-ns/op: the machine may be shared), each command's ratio to
# the library (x-library) and the input's live heap (input-MiB), then the
# peak RSS of each command run on its own.
#
# Usage, from the module root: scripts/bench-command.sh [N] [DIR]
set -eu
n=${1:-100000}
dir=${2:-/tmp/jixiao-scale}
if [ ! -f "$dir/projects.csv" ]; then
	go run ./tools/gen/scale -kind portfolio -projects "$n" -out "$dir"
fi
echo "transparent huge pages: $(scripts/thp.sh)"
JIXIAO_SCALE=$dir go test -run '^$' -bench CommandScale -benchtime 1x -count "${COUNT:-1}" ./cmd/jixiao/
tmp=$(mktemp -d)
go build -o "$tmp/jixiao" ./cmd/jixiao
for c in assess check; do
	if [ "$c" = assess ]; then
		set -- assess --policy testdata/exante/policy.json "$dir"
	else
		set -- check "$dir"
	fi
	/usr/bin/time -f "jixiao $c: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
		"$tmp/jixiao" "$@" >/dev/null 2>"$tmp/$c.err" || true
	tail -1 "$tmp/$c.err"
done
rm -rf "$tmp"
