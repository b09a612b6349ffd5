#!/usr/bin/env bash
# bench-against.sh: the stage benchmarks of an older tree against this one,
# alternating in the same minutes (issue 15's check that consolidation kept
# the benchmarks within noise). BASE is the older commit (default ebf3e7a,
# the tree before issue 15's first commit). Benchmarks that moved package
# since BASE are run from where each tree has them.
#
# Usage, from the module root: scripts/bench-against.sh [BASE] [ROUNDS]
set -u
base=${1:-ebf3e7a}
rounds=${2:-3}
here=$(pwd)
old=$(mktemp -d)/old
bin=$(mktemp -d)
git worktree add --detach "$old" "$base" >/dev/null
trap 'git worktree remove --force "$old"' EXIT
where() { # tree package-now package-then: the package a benchmark is in
	if [ -d "$1/$2" ] && grep -qs "func $4" "$1/$2"/*_test.go; then echo "$2"; else echo "$3"; fi
}
run() { # name now then bench-name args...
	local name=$1 now=$2 then=$3 fn=$4
	shift 4
	local pn po
	pn=$(where "$here" "$now" "$then" "$fn")
	po=$(where "$old" "$now" "$then" "$fn")
	(cd "$here" && go test -c -o "$bin/new-$name.test" "./$pn") || return
	(cd "$old" && go test -c -o "$bin/old-$name.test" "./$po") || return
	for r in $(seq "$rounds"); do
		(cd "$old/$po" && "$bin/old-$name.test" -test.run '^$' "$@" 2>&1 | grep '^Benchmark' | sed "s/^/old $r /")
		(cd "$here/$pn" && "$bin/new-$name.test" -test.run '^$' "$@" 2>&1 | grep '^Benchmark' | sed "s/^/new $r /")
	done
}
run rules rules rules BenchmarkReference -test.bench 'Reference/rules' -test.cpu 1 -test.benchtime 300000x -test.benchmem
run goals goals goals BenchmarkScoreTree -test.bench 'ScoreTree$' -test.cpu 1 -test.benchtime 200000x -test.benchmem
run exante evaluation/exante evaluation BenchmarkAssess -test.bench 'Assess$/parallel' -test.benchtime 5x
run selfbatch evaluation evaluation BenchmarkSelfBatch -test.bench 'SelfBatch/1M' -test.benchtime 1x
run monitoring monitoring monitoring BenchmarkAggregateAndCheck -test.bench 'AggregateAndCheck/records=10M/2cores$' -test.benchtime 1x
run replay tools/gen/history/synth history BenchmarkReplay -test.bench 'Replay/one' -test.benchtime 1x -history.projects=20000
