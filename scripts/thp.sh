#!/bin/sh
# thp.sh: prints the kernel's transparent huge page settings on one line,
# for the benchmark scripts to print beside their figures: what a fresh
# process pays to touch its heap depends on them (BENCHMARKS.md
# "2026-12-04, 20:27").
t=/sys/kernel/mm/transparent_hugepage
if [ -r "$t/enabled" ]; then
	echo "enabled $(cat "$t/enabled"), defrag $(cat "$t/defrag"), max_ptes_none $(cat "$t/khugepaged/max_ptes_none" 2>/dev/null)"
else
	echo "not available"
fi
