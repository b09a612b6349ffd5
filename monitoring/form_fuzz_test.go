package monitoring_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// FuzzReadForms checks that nothing is lost: every record after the
// header is either a form line or rejected (one or more errors on its
// line), never both, never neither.
func FuzzReadForms(f *testing.F) {
	f.Add("project_id,as_of,indicator,actual,projected,likelihood,cause,executed\nP1,2021-06-30,i1,1,2,certain,funding,10\nP1,2021-06-30,i2,x,,maybe,,11\n")
	f.Add("项目编号,截至日期,指标\n\"P1,2021-06-30,i1\nP2,2021-06-30,i2\n")
	f.Add("project_id,as_of,indicator\nP1,2021-06-30\n,,\n")
	f.Fuzz(func(t *testing.T, in string) {
		forms, bad, err := monitoring.ReadForms(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, monitoring.ErrHeader) {
				var pe *monitoring.RowError
				if !errors.As(err, &pe) {
					t.Fatalf("unexpected error %v", err)
				}
			}
			return
		}
		sr := scan.NewReader(strings.NewReader(in))
		if _, _, err := sr.Read(); err != nil {
			t.Fatalf("header read by ReadForms, not by scan: %v", err)
		}
		records := 0
		for {
			_, _, err := sr.Read()
			if err == io.EOF {
				break
			}
			var re *scan.RowError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("read: %v", err)
			}
			records++
		}
		lines := 0
		for _, fm := range forms {
			lines += len(fm.Indicators)
		}
		rejected := map[int]bool{}
		for _, pe := range bad {
			rejected[pe.Line] = true
		}
		if lines+len(rejected) != records {
			t.Fatalf("%d records, %d lines kept + %d rejected", records, lines, len(rejected))
		}
	})
}

// FuzzParseForms checks that ParseForms never panics and that every
// problem of a value has a path into the array.
func FuzzParseForms(f *testing.F) {
	f.Add(`[{"project_id":"P1","as_of":"2021-06-30T00:00:00Z","executed":1,"indicators":[{"indicator":"i1","actual":"x","likelihood":"maybe"}]}]`)
	f.Add(`[{"project_id":"","as_of":true}]`)
	f.Add(`[{"indicators":[{"cause":"其它","projected":"1e999999999"}]}]`)
	f.Fuzz(func(t *testing.T, in string) {
		_, err := monitoring.ParseForms([]byte(in))
		var ps performance.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				if p.Path != "" && !strings.HasPrefix(p.Path, "[") {
					t.Fatalf("problem path %q", p.Path)
				}
			}
		}
	})
}
