package performance_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// benchAmounts are typical printed amounts, with the plain ASCII number
// shopspring's parser would need for the same value (used as a baseline).
var benchAmounts = []struct {
	name, printed, plain string
}{
	{"wan", "17,702.19万元", "177021900"},
	{"scanned", "115 ,346.26 万元", "1153462600"},
	{"yi", "3.5亿元", "350000000"},
	{"fullwidth", "１２，３４５．６元", "12345.6"},
	{"bare", "3386.97", "3386.97"},
	{"long", "123,456,789,012,345,678,901.23亿元", "12345678901234567890123000000"},
}

func BenchmarkParseAmount(b *testing.B) {
	for _, bb := range benchAmounts {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := performance.ParseAmount(bb.printed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecimalNewFromString is the baseline: shopspring parsing the plain
// ASCII form of the same values, with no units, separators or full-width
// digits to handle.
func BenchmarkDecimalNewFromString(b *testing.B) {
	for _, bb := range benchAmounts {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decimal.NewFromString(bb.plain); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParsePercent(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := performance.ParsePercent("19.13o/o"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormatAmount(b *testing.B) {
	d := decimal.RequireFromString("177021900")
	b.ReportAllocs()
	for b.Loop() {
		_ = performance.FormatAmount(d, performance.Wan)
	}
}

// BenchmarkShareCheckSeed checks the seed's 56-project distribution,
// searching totals up to the default bound (the smallest fit is 66).
func BenchmarkShareCheckSeed(b *testing.B) {
	p := seedExPost(56)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (performance.ShareCheck{}).Check(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShareCheckTotals lists every total up to 10,000 for the seed's
// shares (151 fits, the multiples of 66).
func BenchmarkShareCheckTotals(b *testing.B) {
	p := seedExPost(0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (performance.ShareCheck{}).Totals(p); err != nil {
			b.Fatal(err)
		}
	}
}
