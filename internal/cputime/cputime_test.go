package cputime

import "testing"

func TestNowAdvancesWithWork(t *testing.T) {
	t0 := Now()
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	if Now() <= t0 {
		t.Fatalf("CPU time did not advance over 50M iterations (%d)", x)
	}
}
