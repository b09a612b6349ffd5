#!/usr/bin/env bash
# bench-targets.sh: every speed target of issue 17, measured one after
# another in one run, as BENCHMARKS.md reports them. Run it on a quiet
# machine (nothing else running): the stage targets are wall-clock
# figures on 2 cores. Each benchmark prints its own baseline where it has
# one (the peers, the library beside the command), so read ratios within
# one run. ROUNDS (default 5) is the number of runs of each stage target
# ("minimum of 5 runs"); the peers are run best of 3.
#
# Usage, from the module root: scripts/bench-targets.sh [ROUNDS] > figures.txt
set -u
rounds=${1:-5}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
here=$(pwd)
build() { (cd "$here/$2" && go test -c -o "$bin/$1.test" .) || exit 1; }
build peer bench
build exante evaluation/exante
build evaluation evaluation
build monitoring monitoring
build synth tools/gen/history/synth
echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD) load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# transparent huge pages: $(scripts/thp.sh)"
echo "## rules against the peers (bench/, one core, 3 rounds, each engine once a round; read the best of 3)"
# Round-robin rather than one engine's three runs after another's: the
# machine's speed drifts over minutes, and a ratio is only fair between
# engines timed in the same minutes.
for round in 1 2 3; do
	for b in go-decimal expr-per-rule expr-one-program cel-go jixiao-eval jixiao-explain jixiao-evalto; do
		(cd bench && "$bin/peer.test" -test.run '^$' -test.bench "Reference/$b\$" -test.benchtime 300000x \
			-test.cpu 1 -test.benchmem) | grep '^Benchmark' | sed "s/\$/	round $round/"
	done
done | tee "$bin/peers.txt"
# The targets' ratios, each within its round (cpu-ns/op, the field before
# the unit "cpu-ns/op").
echo "## ratios within each round (cpu-ns): Eval ÷ expr per rule (≤ 0.5), ÷ expr one program (≤ 0.8), ÷ go-decimal (≤ 1.2); explain ÷ Eval (≤ 1.5); EvalTo ÷ expr per rule"
awk '{
	for (i = 2; i <= NF; i++) if ($i == "cpu-ns/op") cpu = $(i - 1)
	split($1, name, "/"); r = $NF; v[r, name[2]] = cpu; rounds[r] = 1
} END {
	for (r = 1; r <= 3; r++) if (r in rounds)
		printf "round %d: %.2f %.2f %.2f; %.2f; %.2f\n", r,
			v[r, "jixiao-eval"] / v[r, "expr-per-rule"], v[r, "jixiao-eval"] / v[r, "expr-one-program"],
			v[r, "jixiao-eval"] / v[r, "go-decimal"], v[r, "jixiao-explain"] / v[r, "jixiao-eval"],
			v[r, "jixiao-evalto"] / v[r, "expr-per-rule"]
}' "$bin/peers.txt"
echo "## Eval beside a 1 GB live heap"
(cd bench && "$bin/peer.test" -test.run '^$' -test.bench 'LiveHeap/.*/jixiao' -test.benchtime 10000000x -test.cpu 1) | grep '^Benchmark'
echo "## ex-ante, 100,000 projects × 20 lines, 2 cores ($rounds runs)"
(cd evaluation/exante && "$bin/exante.test" -test.run '^$' -test.bench 'Assess$/parallel' -test.benchtime 5x -test.count "$rounds") | grep '^Benchmark'
echo "## 10^6 self-evaluation forms ($rounds runs)"
(cd evaluation && "$bin/evaluation.test" -test.run '^$' -test.bench 'SelfBatch/1M' -test.benchtime 1x -test.count "$rounds") | grep '^Benchmark'
echo "## 1 M projects × 10 M records aggregated and checked ($rounds runs)"
(cd monitoring && "$bin/monitoring.test" -test.run '^$' -test.bench 'NationalMonitoring' -test.benchtime 1x -test.count "$rounds") | grep '^Benchmark'
echo "## replay and diff, CPU per project-year ($rounds runs)"
(cd tools/gen/history/synth && "$bin/synth.test" -test.run '^$' -test.bench 'Replay' -test.benchtime 1x \
	-history.projects=20000 -test.count "$rounds") | grep '^Benchmark'
echo "## the command against the library (2 runs)"
COUNT=2 scripts/bench-command.sh 100000 "${SCALE_DIR:-/tmp/jixiao-scale}" 2>&1 | grep -E '^Benchmark|^jixiao'
echo "# done $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
