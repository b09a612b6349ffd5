package goals

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

func FuzzParseActual(f *testing.F) {
	for _, s := range []string{"96.5%", "120人", "85万元", "2022年11月30日", "2022-11-30", "达成", "部分达成", "≥95%", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseActual(s)
		if err != nil {
			var pe *TargetError
			if !errors.As(err, &pe) || pe.Input != s {
				t.Fatalf("ParseActual(%q): error %v is not a *ParseError with the input", s, err)
			}
			return
		}
		reported := 0
		if a.Value.Valid {
			reported++
		}
		if !a.Date.IsZero() {
			reported++
		}
		if a.Rating != RatingNone {
			reported++
		}
		if reported != 1 {
			t.Fatalf("ParseActual(%q) = %+v: want exactly one of value, date, rating", s, a)
		}
	})
}

func FuzzParseLibrary(f *testing.F) {
	if data, err := os.ReadFile("testdata/library.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"version":"1","definitions":[{"id":"a","industry":"通用","level1":"output","level2":"quantity","name":"x","unit":"人","weight":"5"}]}`))
	f.Add([]byte(`{"definitions":[{"id":"a","target":"≥abc"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLibrary(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		l2, err := ParseLibrary(out)
		if err != nil {
			t.Fatalf("re-import of %s: %v", out, err)
		}
		out2, _ := json.Marshal(l2)
		if string(out) != string(out2) {
			t.Fatalf("export not stable:\n%s\n%s", out, out2)
		}
	})
}

// FuzzFormScore decodes arbitrary JSON as a form and scores it under a few
// configurations: whatever the input, scoring returns a result or an error
// and never panics, and a returned total never exceeds the form's weights.
func FuzzFormScore(f *testing.F) {
	f.Add([]byte(`{"tree":{"total":"90","indicators":[
	  {"level1":"产出","level2":"数量","name":"培训人数","target":"≥100人","weight":"50"},
	  {"level1":"效益","level2":"社会效益","name":"就业能力","target":"明显提升","weight":"30"},
	  {"level1":"满意度","level2":"服务对象满意度","name":"满意度","target":"≥90%","weight":"10"}]},
	  "execution":{"initial_budget":"800000","adjusted_budget":"1000000","executed":"913700"},
	  "actuals":[{"value":"95","unit":"人"},{"rating":"partly_achieved","point":"70"},{"value":"92","unit":"%"}]}`), uint8(0))
	f.Add([]byte(`{"tree":{"indicators":[{"level1":"output","level2":"timeliness","name":"t","target":"2022年12月31日前","weight":"90","scoring":"DaysLate <= 0 ? Weight : 0"}]},
	  "execution":{"adjusted_budget":"1","executed":"2"},"actuals":[{"date":"2023-01-02"}]}`), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		var form Form
		if err := json.Unmarshal(data, &form); err != nil {
			return
		}
		cfg := Config{Indicator: Rounding(mode % 3), Total: Rounding(mode / 3 % 3), TooLow: decimal.NewFromInt(2)}
		r, err := form.Score(cfg)
		if r == nil {
			if err == nil {
				t.Fatal("no result and no error")
			}
			return
		}
		if r.Total().GreaterThan(form.Weights.Sum()) {
			t.Fatalf("total %s above the form's %s", r.Total(), form.Weights.Sum())
		}
		_ = r.Explain(performance.LangZH)
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	})
}
