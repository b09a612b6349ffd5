package evaluation_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// FuzzParseFramework: any bytes either give a valid framework, which then
// scores a full sheet at exactly 100, or an error; never a panic.
func FuzzParseFramework(f *testing.F) {
	for _, fw := range []*evaluation.Framework{evaluation.KeyFramework(), evaluation.LoanFramework(), evaluation.PARTFramework()} {
		data, err := json.Marshal(fw)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"id":"x","criteria":[{"id":"a","weight":"100"}],"places":2,"scheme":{"name":"n","bands":[{"label":"A","grade":"优","min":"0"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := evaluation.ParseFramework(data)
		if err != nil {
			var ps performance.Problems
			_ = errors.As(err, &ps)
			return
		}
		if fw.Places < 0 || fw.Places > performance.MaxPlaces {
			t.Fatalf("a valid framework has places %d, outside 0 to %d", fw.Places, performance.MaxPlaces)
		}
		sc, err := fw.Score([]evaluation.Sheet{xpFullSheet(fw, "a", nil)}, nil)
		if err != nil {
			t.Fatalf("a full sheet of a valid framework does not score: %v", err)
		}
		if !sc.Total.Equal(xpDec("100")) {
			t.Fatalf("full marks total %s, want 100", sc.Total)
		}
	})
}
