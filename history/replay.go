package history

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"sort"

	"github.com/jixiao-go/jixiao/performance"
)

// A Summary is one policy replayed over a history (政策回放): money totals per
// fiscal year, department and region, and how many records got each grade,
// alert level and next-year action.
type Summary struct {
	Policy  PolicyRef `json:"policy"`
	Records int       `json:"records"`
	// Total, Years, Departments and Regions hold the policy's figures in
	// the A columns of Delta (B and the deltas are zero).
	Total       Delta   `json:"total"`
	Years       []Delta `json:"years"`
	Departments []Delta `json:"departments"`
	Regions     []Delta `json:"regions"`
	// Grades, Alerts and Actions count records per label, in the label
	// order of the Report's matrices.
	Grades  []int `json:"grades"`
	Alerts  []int `json:"alerts"`
	Actions []int `json:"actions"`
	Errors  int   `json:"errors"`
}

// Replay runs one policy over a history, streaming like Diff, and sums what
// it decides. It is the baseline a Diff is measured against. Errors and
// cancellation are as for Diff: a read failure or a cancelled ctx returns
// a nil summary.
func Replay(ctx context.Context, p *Program, recs iter.Seq2[*Record, error], o StreamOptions) (*Summary, error) {
	workers := max(o.Workers, 1)
	o.Sample = -1
	accs := make([]*diffAcc, workers)
	pls := make([]*placement, workers)
	scs := make([]scratch, workers)
	for i := range accs {
		accs[i] = newDiffAcc(o)
		pls[i] = &placement{org: p.Org(), cache: map[string][2]performance.Node{}}
	}
	none := &Decisions{}
	read, fatal := stream(ctx, recs, o, func(w int, batch []*Record) {
		acc := accs[w]
		ds, err := p.decideShared(ctx, batch, decideOptions{scratch: &scs[w]})
		if ctx.Err() != nil {
			return // the run reports nothing
		}
		acc.errs.add(err)
		for i, r := range batch {
			acc.addOne(r, ds[i], none, pls[w])
		}
	})
	if fatal != nil {
		return nil, fatal
	}
	acc := accs[0]
	for _, o := range accs[1:] {
		acc.merge(o)
	}
	read.merge(&acc.errs)
	s := &Summary{Policy: p.Ref(), Records: acc.records, Total: acc.total.delta(), Errors: read.n,
		Years: sortedDeltas(acc.years), Departments: sortedDeltas(acc.depts), Regions: sortedDeltas(acc.regions),
		Grades: column(acc.grades), Alerts: column(acc.alerts), Actions: column(acc.actions)}
	s.Total.ID, s.Total.Name = "", "合计"
	return s, read.err()
}

// addOne counts a record decided by one policy: the totals and matrices
// only, without comparing.
func (acc *diffAcc) addOne(r *Record, a, none *Decisions, pl *placement) {
	acc.records++
	dept, region := pl.place(r.Project.UnitID)
	acc.addSums(r, dept, region, a, none)
	acc.grades.Counts[gradeIndex(gradeOf(a))][0]++
	acc.alerts.Counts[min(int(levelOf(a)), 3)][0]++
	acc.actions.Counts[min(int(actionOf(a.NextYear)), 5)][0]++
}

// addSums adds a record's money to its department's, region's and year's
// sums and the total.
func (acc *diffAcc) addSums(r *Record, dept, region performance.Node, a, b *Decisions) {
	for _, x := range [...]struct {
		m map[string]*deltaSum
		n performance.Node
	}{{acc.depts, dept}, {acc.regions, region}} {
		d := x.m[x.n.ID]
		if d == nil {
			d = &deltaSum{id: x.n.ID, name: x.n.Name}
			x.m[x.n.ID] = d
		}
		d.add(a, b)
	}
	y := acc.years[r.Project.FiscalYear]
	if y == nil {
		y = &deltaSum{id: itoa(r.Project.FiscalYear), name: itoa(r.Project.FiscalYear)}
		acc.years[r.Project.FiscalYear] = y
	}
	y.add(a, b)
	acc.total.add(a, b)
}

func column(m Matrix) []int {
	out := make([]int, len(m.Counts))
	for i := range m.Counts {
		out[i] = m.Counts[i][0]
	}
	return out
}

// A Verification is the result of replaying recorded decisions with the
// policies that recorded them (回放核验): how many records were reproduced
// exactly, and the first mismatches.
type Verification struct {
	Records int `json:"records"`
	// Verified records were decided again exactly as recorded.
	Verified int `json:"verified"`
	// Unrecorded records carry no decisions; UnknownPolicy records name a
	// policy hash none of the programs has.
	Unrecorded    int `json:"unrecorded"`
	UnknownPolicy int `json:"unknown_policy"`
	// Mismatched records were decided differently; Mismatches holds the
	// first of them (up to StreamOptions.Sample).
	Mismatched int        `json:"mismatched"`
	Mismatches []Mismatch `json:"mismatches,omitempty"`
	Errors     int        `json:"errors"`
}

// OK reports whether every record that carries decisions was reproduced.
func (v *Verification) OK() bool {
	return v.Mismatched == 0 && v.UnknownPolicy == 0 && v.Errors == 0
}

// A Mismatch is one record whose replayed decisions differ from the
// recorded ones, both as JSON.
type Mismatch struct {
	Key
	Recorded string `json:"recorded"`
	Replayed string `json:"replayed"`
}

// Verify replays every record that carries decisions with the program whose
// combined hash (PolicyRef.Hash) the record names, and checks that the
// decisions come out exactly as recorded: the same JSON encoding, so every
// amount, grade, level, action, rule-set hash and rule fired is equal. It is
// a regression guard for the engine and the stages: an upgrade that changes
// how a recorded policy decides shows up here. Verify runs in the calling
// goroutine, streaming; o.Batch and o.Sample (mismatches kept) apply. A
// read failure or a cancelled ctx returns a nil Verification, as for Diff:
// ctx is checked before each record read and each record decided.
func Verify(ctx context.Context, ps []*Program, recs iter.Seq2[*Record, error], o StreamOptions) (*Verification, error) {
	byHash := map[string]*Program{}
	for _, p := range ps {
		byHash[p.Ref().Hash] = p
	}
	v := &Verification{}
	errs := errList{max: o.maxErrors()}
	keep := o.sample()
	o.Workers = 1
	read, fatal := stream(ctx, recs, o, func(_ int, batch []*Record) {
		groups := map[string][]int{}
		var order []string
		for i, r := range batch {
			v.Records++
			if r.Decisions == nil {
				v.Unrecorded++
				continue
			}
			h := r.Decisions.Policy.Hash
			if byHash[h] == nil {
				v.UnknownPolicy++
				continue
			}
			if groups[h] == nil {
				order = append(order, h)
			}
			groups[h] = append(groups[h], i)
		}
		sort.Strings(order)
		for _, h := range order {
			idx := groups[h]
			sub := make([]*Record, len(idx))
			for j, i := range idx {
				sub[j] = batch[i]
			}
			ds, err := byHash[h].decideQuiet(ctx, sub)
			if ctx.Err() != nil {
				return // the run reports nothing
			}
			errs.add(err)
			for j, r := range sub {
				want, err1 := json.Marshal(r.Decisions)
				got, err2 := json.Marshal(ds[j])
				if err1 != nil || err2 != nil {
					errs.add(fmt.Errorf("history: %s %d: %w", r.Project.ID, r.Project.FiscalYear, firstErr(err1, err2)))
					continue
				}
				if bytes.Equal(want, got) {
					v.Verified++
					continue
				}
				v.Mismatched++
				if len(v.Mismatches) < keep {
					v.Mismatches = append(v.Mismatches, Mismatch{Key: r.Key(), Recorded: string(want), Replayed: string(got)})
				}
			}
		}
	})
	if fatal != nil {
		return nil, fatal
	}
	read.merge(&errs)
	v.Errors = read.n
	return v, read.err()
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
