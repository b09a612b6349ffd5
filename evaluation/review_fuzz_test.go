package evaluation_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
)

// FuzzDrawSample checks the sample's invariants for arbitrary sizes, rates
// and seeds: each stratum draws ⌈rate × size⌉ (at least the minimum, at most
// the size) distinct members of itself, and the same seed draws the same.
func FuzzDrawSample(f *testing.F) {
	f.Add(uint64(1), uint8(20), uint8(3), uint8(30), uint8(1))
	f.Add(uint64(99), uint8(1), uint8(1), uint8(100), uint8(0))
	f.Fuzz(func(t *testing.T, seed uint64, n, depts, ratePct, minPer uint8) {
		if depts == 0 || ratePct > 100 {
			return
		}
		var cands []evaluation.Candidate
		for i := range int(n) {
			cands = append(cands, evaluation.Candidate{ProjectID: fmt.Sprintf("P%03d", i),
				Department: fmt.Sprintf("D%d", i%int(depts)), Amount: decimal.NewFromInt(int64(i * 100000))})
		}
		spec := evaluation.SampleSpec{Seed: seed, Rate: decimal.New(int64(ratePct), -2), MinPerStratum: int(minPer),
			AmountBands: []decimal.Decimal{decimal.NewFromInt(1000000)}}
		a, err := evaluation.DrawSample(cands, spec)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, st := range a.Strata {
			want := int(spec.Rate.Mul(decimal.NewFromInt(int64(st.Size))).Ceil().IntPart())
			want = min(max(want, spec.MinPerStratum), st.Size)
			if len(st.Drawn) != want {
				t.Fatalf("stratum %s/%d of %d drew %d, want %d", st.Department, st.Band, st.Size, len(st.Drawn), want)
			}
			seen := map[string]bool{}
			for _, id := range st.Drawn {
				if seen[id] {
					t.Fatalf("%s drawn twice", id)
				}
				seen[id] = true
			}
			total += len(st.Drawn)
		}
		if total != len(a.ProjectIDs) {
			t.Fatalf("%d drawn in strata, %d listed", total, len(a.ProjectIDs))
		}
		b, _ := evaluation.DrawSample(cands, spec)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatal("same seed, different sample")
		}
	})
}
