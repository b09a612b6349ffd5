package goals

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
)

func FuzzParseActual(f *testing.F) {
	for _, s := range []string{"96.5%", "120人", "85万元", "2022年11月30日", "2022-11-30", "达成", "部分达成", "≥95%", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseActual(s)
		if err != nil {
			var pe *ParseError
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
