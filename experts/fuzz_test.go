package experts_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
)

// FuzzDraw builds a library and a request from the fuzzer's bytes and
// checks the draw's properties: it never panics; it either fails with a
// request problem or an unsatisfiable constraint, or it seats exactly
// Count distinct experts, none of them excluded, each field slot held by
// an expert of that field, the field counts as asked; the same inputs
// give the same panel, and so does the library in reverse order; every
// expert of the library is either excluded with a reason or eligible.
func FuzzDraw(f *testing.F) {
	f.Add([]byte{3, 1, 2, 0, 5, 7, 9, 11, 13, 200, 1, 4}, uint64(1), uint8(3), uint8(1))
	f.Add([]byte{0, 0, 0, 0, 0, 0}, uint64(99), uint8(2), uint8(2))
	f.Add([]byte{255, 17, 34, 51, 68, 85, 102, 119}, uint64(7), uint8(6), uint8(0))
	fields := []string{"finance", "cost", "health"}
	f.Fuzz(func(t *testing.T, spec []byte, seed uint64, count, needs uint8) {
		if len(spec) > 400 {
			return
		}
		lib := &experts.Library{}
		for i, b := range spec {
			e := experts.Expert{ID: fmt.Sprintf("E%03d", i), Status: experts.StatusActive}
			for j, fc := range fields {
				if b>>j&1 == 1 {
					e.Fields = append(e.Fields, fc)
				}
			}
			if len(e.Fields) == 0 {
				e.Fields = []string{"finance"}
			}
			switch b >> 3 & 7 {
			case 1:
				e.Employer = "U1"
			case 2:
				e.Conflicts = []experts.Conflict{{UnitID: "D1", Relation: "x"}}
			case 3:
				e.Status, e.StatusReason, e.StatusDate = experts.StatusSuspended, "r", "2021-01-01"
			case 4:
				e.History = []experts.Service{{PanelID: "p", ProjectID: "P1", Stage: experts.StageExAnte, Date: "2021-02-01"}}
			}
			lib.Experts = append(lib.Experts, e)
		}
		r := experts.Request{Stage: experts.StageKeyEvaluation, ProjectID: "P1", UnitID: "U1", DepartmentID: "D1",
			Date: "2021-09-01", Count: int(count % 12), YearlyLimit: 1, ForbidEarlierStage: true, Seed: seed}
		for j := range int(needs % 4) {
			r.Fields = append(r.Fields, experts.FieldNeed{Field: fields[j], Count: 1 + int(needs>>(2+j))%2})
		}
		p, err := experts.Draw(lib, r)
		var ue *experts.UnsatisfiableError
		var ps performance.Problems
		switch {
		case errors.As(err, &ue), errors.As(err, &ps):
			return
		case err != nil:
			t.Fatalf("unexpected error %v", err)
		}
		excluded := map[string]bool{}
		for _, x := range p.Exclusions {
			excluded[x.ExpertID] = true
		}
		byID := map[string]experts.Expert{}
		for _, e := range lib.Experts {
			byID[e.ID] = e
		}
		ids := p.IDs()
		if len(ids) != r.Count {
			t.Fatalf("seated %d, want %d", len(ids), r.Count)
		}
		seen := map[string]bool{}
		got := map[string]int{}
		for _, m := range p.Members {
			if seen[m.ExpertID] || excluded[m.ExpertID] {
				t.Fatalf("%s seated twice or though excluded", m.ExpertID)
			}
			seen[m.ExpertID] = true
			if m.Field != "" && !slices.Contains(byID[m.ExpertID].Fields, m.Field) {
				t.Fatalf("%s holds a %s seat without the field", m.ExpertID, m.Field)
			}
			got[m.Field]++
		}
		for _, n := range r.Fields {
			if got[n.Field] != n.Count {
				t.Fatalf("field %s: %d seats, want %d", n.Field, got[n.Field], n.Count)
			}
		}
		q, err := experts.Draw(lib, r)
		if err != nil || !slices.Equal(q.IDs(), ids) {
			t.Fatalf("same seed, different panel: %v vs %v (%v)", q.IDs(), ids, err)
		}
		rev := &experts.Library{Experts: slices.Clone(lib.Experts)}
		slices.Reverse(rev.Experts)
		q, err = experts.Draw(rev, r)
		if err != nil || !slices.Equal(q.IDs(), ids) {
			t.Fatalf("library order changed the panel: %v vs %v (%v)", q.IDs(), ids, err)
		}
	})
}

// FuzzExpertsCSV reads any bytes as an expert list: it never panics, every
// error is a header error or row errors, and what it keeps writes back
// and reads again to the same experts with no error (nothing kept is
// unreadable, nothing is changed on the way).
func FuzzExpertsCSV(f *testing.F) {
	f.Add("id,name,fields,status\nE1,甲,finance,active\nE2,乙,cost;health,active\n")
	f.Add("id,name,fields,status,conflicts\nE1,\"a,b\",finance,active,U1:x;U2:y\nE1,c,cost,active,\n")
	f.Add("id,name,fields,status\n\"E1,x,finance,active\nE3,y,finance,suspended\n")
	f.Fuzz(func(t *testing.T, in string) {
		lib, err := experts.ReadExpertsCSV("f.csv", strings.NewReader(in), nil)
		if errors.Is(err, experts.ErrHeader) {
			return
		}
		if lib == nil {
			t.Fatalf("no library and not a header error: %v", err)
		}
		var buf strings.Builder
		if err := experts.WriteExpertsCSV(&buf, lib); err != nil {
			t.Fatal(err)
		}
		back, err := experts.ReadExpertsCSV("g.csv", strings.NewReader(buf.String()), nil)
		if err != nil {
			t.Fatalf("what was kept does not read back: %v\n%s", err, buf.String())
		}
		if len(back.Experts) != len(lib.Experts) {
			t.Fatalf("kept %d, read back %d", len(lib.Experts), len(back.Experts))
		}
		for i := range lib.Experts {
			a, b := lib.Experts[i], back.Experts[i]
			if a.ID != b.ID || a.Name != b.Name || !slices.Equal(a.Fields, b.Fields) || !slices.Equal(a.Conflicts, b.Conflicts) || a.Status != b.Status {
				t.Fatalf("expert %d changed: %+v vs %+v", i, a, b)
			}
		}
	})
}
