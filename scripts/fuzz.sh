#!/usr/bin/env bash
# Fuzz every fuzz target of the module, one after another, for FUZZTIME each
# (default 30s; a count such as 10000x fuzzes that many inputs), as `make
# fuzz` would. .ci/run calls it with FUZZTIME=10000x.
#
#   scripts/fuzz.sh              every target
#   scripts/fuzz.sh monitoring   targets of packages whose import path contains "monitoring"
#   FUZZTIME=2m scripts/fuzz.sh ./internal/csvio
#
# Targets are discovered as .ci/run does: packages whose test files declare
# func FuzzXxx, then `go test -list '^Fuzz'` for the exact names (-fuzz takes
# one target at a time). The first failing target stops the run with a
# non-zero exit, after the summary; the failing input is in the package's
# testdata/fuzz/FuzzXxx/, where `go test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-30s}"
filter="${1:-}"
# A filter given as a directory (./monitoring) matches its import path.
filter="${filter#./}"
filter="${filter%/}"

declare -a done_targets=()
failed=""
start=$SECONDS

summary() {
	echo
	echo "== fuzz summary (${fuzztime} per target, $((SECONDS - start))s in all)"
	local t
	for t in "${done_targets[@]+"${done_targets[@]}"}"; do
		echo "ok    $t"
	done
	if [[ -n "$failed" ]]; then
		echo "FAIL  $failed"
	fi
	echo "${#done_targets[@]} target(s) passed${failed:+, 1 failed}"
}

# fuzz_one fuzzes target $2 of package $1. When FUZZTIME is a duration, Go
# 1.26's fuzzing coordinator turns it into a context deadline and can fail a
# target with a bare "context deadline exceeded" when that deadline fires
# (golang/go#75804, fixed in Go 1.27). Such a failure, with no failing input
# written, is run again, up to three runs in all; any other failure fails at
# once. A count (FUZZTIME=10000x, as .ci/run uses) sets no deadline.
fuzz_one() {
	local out try
	for try in 1 2 3; do
		if out=$(go test -run '^$' -fuzz "^$2\$" -fuzztime="$fuzztime" "$1" 2>&1); then
			echo "$out"
			return 0
		fi
		echo "$out"
		if ! grep -q 'context deadline exceeded' <<<"$out" || grep -q 'Failing input written' <<<"$out"; then
			return 1
		fi
		echo "-- $1 $2: the fuzzing engine's deadline race (golang/go#75804), no failing input (run $try of 3)"
	done
	return 1
}

found=0
while read -r pkg dir; do
	if [[ -n "$filter" && "$pkg" != *"$filter"* ]]; then
		continue
	fi
	if ! grep -qs '^func Fuzz' "$dir"/*_test.go; then
		continue
	fi
	if ! list=$(go test -list '^Fuzz' "$pkg"); then
		echo "$list"
		failed="$pkg (go test -list)"
		summary
		exit 1
	fi
	for name in $(grep '^Fuzz' <<<"$list" || true); do
		found=$((found + 1))
		echo "-- $pkg $name"
		if ! fuzz_one "$pkg" "$name"; then
			failed="$pkg $name"
			summary
			exit 1
		fi
		done_targets+=("$pkg $name")
	done
done < <(go list -f '{{.ImportPath}} {{.Dir}}' ./...)

if [[ "$found" -eq 0 ]]; then
	echo "no fuzz targets${filter:+ in packages matching \"$filter\"}" >&2
	exit 1
fi
summary
