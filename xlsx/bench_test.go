package xlsx

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// benchForms is the benchmark's 10,000 self-evaluation forms, as ten
// workbooks of 1,000 sheets (DefaultMaxSheets) and as one JSON file of the
// same self-evaluations, as `jixiao evaluate` reads them.
const benchForms, benchPerBook = 10000, 1000

func benchData(b *testing.B) (books [][]byte, js []byte) {
	forms := manyForms(benchForms)
	for i := 0; i < benchForms; i += benchPerBook {
		var buf bytes.Buffer
		require.NoError(b, WriteSelfForms(&buf, forms[i:i+benchPerBook]))
		books = append(books, buf.Bytes())
	}
	var file struct {
		SelfEvaluations []evaluation.SelfEvaluation `json:"self_evaluations"`
	}
	for _, f := range forms {
		file.SelfEvaluations = append(file.SelfEvaluations, f.Evaluation)
	}
	js, err := json.Marshal(file)
	require.NoError(b, err)
	return books, js
}

// BenchmarkRead10000 reads the same 10,000 forms from XLSX (ReadSelfForms)
// and from JSON (performance.DecodeJSON, the strict decoder the command
// uses), in one run.
func BenchmarkRead10000(b *testing.B) {
	books, js := benchData(b)
	size := 0
	for _, bk := range books {
		size += len(bk)
	}
	b.Run("xlsx", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			n := 0
			for _, bk := range books {
				fs, err := ReadSelfForms(bytes.NewReader(bk), Limits{})
				if err != nil {
					b.Fatal(err)
				}
				n += len(fs)
			}
			if n != benchForms {
				b.Fatalf("read %d forms", n)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(js)))
		for b.Loop() {
			var file struct {
				SelfEvaluations []evaluation.SelfEvaluation `json:"self_evaluations"`
			}
			if err := performance.DecodeJSON(js, &file); err != nil {
				b.Fatal(err)
			}
			if len(file.SelfEvaluations) != benchForms {
				b.Fatalf("read %d forms", len(file.SelfEvaluations))
			}
		}
	})
}
