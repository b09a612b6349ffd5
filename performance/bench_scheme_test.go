package performance

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/cputime"
)

var sinkBand Band

// BenchmarkSchemeGrade grades one score under the national scheme. It must
// report 0 allocs/op. cpu-ns/op is the process's CPU time per grading
// (the machine is shared).
func BenchmarkSchemeGrade(b *testing.B) {
	s := DefaultScheme()
	for _, score := range []string{"89.99", "90", "59.5", "72.125"} {
		v := decimal.RequireFromString(score)
		b.Run(score, func(b *testing.B) {
			b.ReportAllocs()
			start := cputime.Now()
			for b.Loop() {
				band, err := s.Grade(v)
				if err != nil {
					b.Fatal(err)
				}
				sinkBand = band
			}
			b.ReportMetric(float64(cputime.Now()-start)/float64(b.N), "cpu-ns/op")
		})
	}
	b.Run("override", func(b *testing.B) {
		part := Scheme{
			Bands:     []Band{{Label: "Effective", Min: decimal.NewFromInt(85)}, {Label: "Ineffective", Min: decimal.Zero}},
			Overrides: []Override{{Flag: "no_performance_data", Label: "Results Not Demonstrated"}},
		}
		v := decimal.RequireFromString("88")
		b.ReportAllocs()
		for b.Loop() {
			band, err := part.Grade(v, "no_performance_data")
			if err != nil {
				b.Fatal(err)
			}
			sinkBand = band
		}
	})
	// Beyond int64: 22 significant digits go through decimal.Cmp.
	b.Run("fallback-22-digits", func(b *testing.B) {
		v := decimal.RequireFromString("89.99999999999999999999")
		b.ReportAllocs()
		start := cputime.Now()
		for b.Loop() {
			band, err := s.Grade(v)
			if err != nil {
				b.Fatal(err)
			}
			sinkBand = band
		}
		b.ReportMetric(float64(cputime.Now()-start)/float64(b.N), "cpu-ns/op")
	})
}

// BenchmarkSchemeGradeBaseline is the straightforward grading loop with
// decimal.Cmp, measured beside BenchmarkSchemeGrade for the ratio.
func BenchmarkSchemeGradeBaseline(b *testing.B) {
	s := DefaultScheme()
	v := decimal.RequireFromString("89.99")
	max := decimal.NewFromInt(100)
	b.ReportAllocs()
	for b.Loop() {
		if v.Sign() < 0 || v.Cmp(max) > 0 {
			b.Fatal("out of range")
		}
		for _, band := range s.Bands {
			if v.Cmp(band.Min) >= 0 {
				sinkBand = band
				break
			}
		}
	}
}
