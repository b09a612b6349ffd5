package performance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/cputime"
)

// benchSheets is the shape of the command's experts.json (a CSV
// portfolio's experts' scoring sheets): per project, five experts scoring
// the eleven default items, as tools/gen/scale writes it.
type benchSheets struct {
	ProjectID string `json:"project_id"`
	Round     int    `json:"round,omitempty"`
	Experts   []struct {
		ID     string `json:"id"`
		Scores []struct {
			Item  string          `json:"item"`
			Score decimal.Decimal `json:"score"`
		} `json:"scores"`
	} `json:"experts"`
}

// expertsJSON writes n projects' sheets as tools/gen/scale does
// (≈1.67 kB a project).
func expertsJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	items := []string{"N1", "N2", "F1", "F2", "C1", "C2", "E1", "E2", "B1", "B2", "B3"}
	for p := range n {
		if p > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"project_id":"XM2021-%06d","round":1,"experts":[`, p)
		for e := range 5 {
			if e > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"ZJ%02d","scores":[`, (p+e*7)%40)
			for i, it := range items {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"item":%q,"score":"%d.5"}`, it, (p+i+e)%10)
			}
			b.WriteString("]}")
		}
		b.WriteString("]}")
	}
	b.WriteString("\n]\n")
	return b.Bytes()
}

// BenchmarkDecodeJSONExperts decodes 10,000 projects' experts' sheets
// (16.7 MB), strictly, against the scanned way (a walk for problems, then
// encoding/json) and encoding/json's Unmarshal of the same bytes measured
// in the same run. cpu-ns/op is the process's CPU time per
// decoding (the machine is shared).
func BenchmarkDecodeJSONExperts(b *testing.B) {
	data := expertsJSON(10000)
	run := func(b *testing.B, decode func() error) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		start := cputime.Now()
		for b.Loop() {
			if err := decode(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cputime.Now()-start)/float64(b.N), "cpu-ns/op")
	}
	b.Run("strict", func(b *testing.B) {
		run(b, func() error { var v []benchSheets; return DecodeJSON(data, &v) })
	})
	b.Run("strict-scanned", func(b *testing.B) {
		// The way DecodeJSON took before the one pass, and takes now for
		// a document with a problem.
		run(b, func() error { var v []benchSheets; return decodeJSONScanned(data, &v, strict) })
	})
	b.Run("lenient", func(b *testing.B) {
		run(b, func() error { var v []benchSheets; return decodeJSON(data, &v, lenient) })
	})
	b.Run("encoding-json", func(b *testing.B) {
		run(b, func() error { var v []benchSheets; return json.Unmarshal(data, &v) })
	})
	b.Run("valid", func(b *testing.B) {
		run(b, func() error { json.Valid(data); return nil })
	})
}
