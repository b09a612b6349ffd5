package rules

import (
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSharedSkippedTable fills a program's table of shared skipped lists
// with distinct patterns and checks that each pattern is shared while the
// table has room (more patterns than the old 32 slots: the reference
// workload has 79) wherever the patterns' hashes fall, that a pattern met
// again gets the same list, and that the table holds at most
// skipShareSlots/2 patterns and skipShareEntries rules.
func TestSharedSkippedTable(t *testing.T) {
	ids := make([]string, skipShareMax)
	for i := range ids {
		ids[i] = "R" + strconv.Itoa(i) // one string per rule, as a compiled set holds
	}
	// pattern k: rules 0..9 skipped, rule i disabled when bit i of k is
	// set and its condition false otherwise (distinct for k < 1024)
	pattern := func(k int) []Skipped {
		s := make([]Skipped, 10)
		for i := range s {
			s[i] = Skipped{RuleID: ids[i], Reason: ReasonConditionFalse}
			if k&(1<<i) != 0 {
				s[i].Reason = ReasonDisabled
			}
		}
		return s
	}
	p := programOf(ids)
	const n = 100
	lists := make([][]Skipped, n)
	for k := range n {
		lists[k] = share(p, pattern(k))
	}
	shared := 0
	for k := range n {
		if lists[k] == nil {
			continue
		}
		shared++
		assert.Equal(t, pattern(k), lists[k], "pattern %d", k)
		again := share(p, pattern(k))
		require.NotNil(t, again, "pattern %d shared once, not again", k)
		assert.Same(t, &lists[k][0], &again[0], "pattern %d: the same list", k)
	}
	// 100 patterns, fewer than the 128 a table holds: all fit
	assert.Equal(t, n, shared, "patterns shared")
	assert.Equal(t, int64(n*10), p.skips.entries.Load(), "rules held: 100 lists of 10")
	for k := n; k < 200; k++ {
		share(p, pattern(k))
	}
	assert.Equal(t, int64(skipShareSlots/2), p.skips.patterns.Load(), "patterns held after 200 met")
	assert.Nil(t, share(p, pattern(300)), "a pattern met when the table is full")

	// an error or an explanation makes a list per-evaluation: not shared
	withErr := pattern(1)
	withErr[3].Err = &Error{RuleID: ids[3]}
	assert.Nil(t, share(p, withErr))

	// the budget: 128-rule lists until skipShareEntries is reached
	q := programOf(ids)
	long := func(k int) []Skipped {
		s := make([]Skipped, skipShareMax)
		for i := range s {
			s[i] = Skipped{RuleID: ids[i], Reason: Reason(1 + (k>>i)&1)}
		}
		return s
	}
	got := 0
	for k := range 64 {
		if share(q, long(k)) != nil {
			got++
		}
	}
	assert.LessOrEqual(t, q.skips.entries.Load(), int64(skipShareEntries), "rules held")
	assert.Equal(t, skipShareEntries/skipShareMax, got, "128-rule lists shared: 4096 / 128")
}

// programOf returns a program whose rules have the ids, in order.
func programOf(ids []string) *program {
	p := &program{}
	for i, id := range ids {
		p.rules = append(p.rules, &crule{p: p, index: i, id: id})
	}
	return p
}

// share shares the skipped list s as Eval records it: each rule by its
// position in p, and a rule with a runtime error as skipped for
// ReasonError.
func share(p *program, s []Skipped) []Skipped {
	recs := make([]skipRec, len(s))
	for i, sk := range s {
		pos := slices.IndexFunc(p.rules, func(r *crule) bool { return r.id == sk.RuleID })
		recs[i] = skipRec{pos: int32(pos), reason: sk.Reason}
		if sk.Err != nil {
			recs[i].reason = ReasonError
		}
	}
	return p.sharedSkipped(recs)
}

// TestEvalHashesSkippedAsShared checks that the hash Eval makes of its
// skipped rules while it records them (evalState.skip) is the hash
// sharedSkipped makes of the same records afterwards, and that a record
// with a runtime error makes the list unshareable: a hash that differed
// would find no shared list (each result then allocating its own), one
// shareable by mistake would share a list pointing to one evaluation's
// error.
func TestEvalHashesSkippedAsShared(t *testing.T) {
	type env struct{ Q int }
	s := &Set{ID: "h", Rules: []Rule{
		{ID: "A", When: "Q > 1"}, {ID: "B", When: "Q > 5"},
		{ID: "C", When: "Q > 0", Outputs: []Output{{Name: "x", Type: TypeNumber, Expr: "div(10, Q - 3, 2)"}}},
		{ID: "D", When: "Q > 8"},
	}}
	p, err := Compile[env](s)
	require.NoError(t, err)
	for q := range 10 {
		_, err := p.Eval(&env{Q: q}, EvalOptions{})
		require.NoError(t, err)
		f := p.p.spare.Load()
		require.NotNil(t, f, "the spare frame")
		h, ok := skipHashSeed, true
		for _, r := range f.skipRecs {
			h, ok = skipHashStep(h, r), ok && r.shareable()
		}
		require.Equal(t, h, f.skipHash, "Q=%d: hash", q)
		require.Equal(t, ok, f.skipShareable, "Q=%d: shareable", q)
		require.Equal(t, q == 3, !f.skipShareable, "Q=%d: only the division by zero is unshareable", q)
		if ok && len(f.skipRecs) > 0 {
			require.NotNil(t, p.p.sharedSkipped(f.skipRecs), "Q=%d: shared", q)
		}
	}
}

// sharedSkipped is what Eval's copy-out looks up, from the records alone:
// the shared list of the skipped rules recs, nil when they are not
// shareable or the table has no room for them (the hash made afterwards,
// as the tests' oracle for the one Eval makes as it goes).
func (p *program) sharedSkipped(recs []skipRec) []Skipped {
	h := skipHashSeed
	for _, r := range recs {
		if !r.shareable() {
			return nil
		}
		h = skipHashStep(h, r)
	}
	return p.sharedSkippedHashed(recs, h)
}
