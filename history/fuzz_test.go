package history_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/history"
)

// FuzzRead: any input yields records or line errors wrapping ErrRecord
// (ErrRead only for gzip input, which can fail to decompress: a strings
// reader never fails), never a panic, and every record read writes back and
// reads again to the same key.
func FuzzRead(f *testing.F) {
	f.Add(`{"round":1,"project":{"id":"A","fiscal_year":2022,"amount":"1"},"execution":{"initial":"1","monthly":["1"]}}` + "\n")
	f.Add("{}\n\nnot json\n")
	f.Add(`{"decisions":{"policy":{"id":"x","hash":"y"},"grade":{"grade":"优"}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		for r, err := range history.Read(strings.NewReader(s)) {
			if err != nil {
				var le *history.LineError
				gz := strings.HasPrefix(s, "\x1f\x8b")
				if !errors.As(err, &le) || !errors.Is(err, history.ErrRecord) && !(gz && errors.Is(err, history.ErrRead)) {
					t.Fatalf("error %v is not a line error wrapping ErrRecord", err)
				}
				continue
			}
			var b strings.Builder
			w := history.NewWriter(&b)
			if err := w.Write(r); err != nil {
				continue // values that do not encode (such as invalid months) are the caller's
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			for again, err := range history.Read(strings.NewReader(b.String())) {
				if err != nil {
					t.Fatalf("record %q does not read back: %v", b.String(), err)
				}
				if again.Key() != r.Key() {
					t.Fatalf("key %v read back as %v", r.Key(), again.Key())
				}
			}
		}
	})
}

// FuzzReadCSV: any pair of CSV inputs yields records or errors, never a
// panic.
func FuzzReadCSV(f *testing.F) {
	f.Add("fiscal_year,project_id,unit_id,amount\n2022,A,u,1\n", "fiscal_year,project_id,amount\n2022,A,1\n")
	f.Add("fiscal_year,project_id,unit_id,amount,goals\n2022,A,u,x,{\n", "")
	f.Fuzz(func(t *testing.T, recs, lines string) {
		for range history.ReadCSV(strings.NewReader(recs), strings.NewReader(lines)) {
		}
	})
}
