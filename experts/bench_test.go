package experts_test

import (
	"fmt"
	"testing"

	"github.com/jixiao-go/jixiao/experts"
)

// BenchmarkDraw draws a panel of 7 (finance 2, cost 2, health 1) from a
// library of n experts, a tenth of them recused.
func BenchmarkDraw(b *testing.B) {
	fields := []string{"finance", "cost", "health", "education"}
	for _, n := range []int{1_000, 100_000} {
		lib := &experts.Library{}
		for i := range n {
			e := experts.Expert{ID: fmt.Sprintf("E%06d", i), Fields: []string{fields[i%4]}, Status: experts.StatusActive}
			if i%10 == 0 {
				e.Employer = "U1"
			}
			lib.Experts = append(lib.Experts, e)
		}
		r := experts.Request{Stage: experts.StageExAnte, ProjectID: "P1", UnitID: "U1", Date: "2021-06-01", Count: 7,
			Fields: []experts.FieldNeed{{Field: "finance", Count: 2}, {Field: "cost", Count: 2}, {Field: "health", Count: 1}}}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Seed++
				if _, err := experts.Draw(lib, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
