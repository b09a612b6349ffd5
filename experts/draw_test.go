package experts_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// library is a small expert library for project P1 of unit U1 in
// department D1. E01–E05 each break one recusal rule; E06–E12 are
// eligible.
func library() *experts.Library {
	ex := func(id string, fields ...string) experts.Expert {
		return experts.Expert{ID: id, Name: "专家" + id, Fields: fields, Status: experts.StatusActive}
	}
	l := &experts.Library{Experts: []experts.Expert{
		ex("E01", "finance"), ex("E02", "finance"), ex("E03", "cost"), ex("E04", "cost"), ex("E05", "finance"),
		ex("E06", "finance"), ex("E07", "finance", "cost"), ex("E08", "cost"), ex("E09", "education"),
		ex("E10", "education"), ex("E11", "finance"), ex("E12", "health"),
	}}
	l.Experts[0].Employer = "U1"
	l.Experts[1].Conflicts = []experts.Conflict{{UnitID: "D1", Relation: "曾任职"}}
	l.Experts[2].History = []experts.Service{{PanelID: "X1", ProjectID: "P1", Stage: experts.StageExAnte, Date: "2021-03-01"}}
	l.Experts[3].Status, l.Experts[3].StatusReason, l.Experts[3].StatusDate = experts.StatusSuspended, "履职评价不合格", "2021-01-10"
	l.Experts[4].History = []experts.Service{
		{PanelID: "X2", ProjectID: "P7", Stage: experts.StageExAnte, Date: "2021-02-01"},
		{PanelID: "X3", ProjectID: "P8", Stage: experts.StageExAnte, Date: "2021-04-01"},
		{PanelID: "X0", ProjectID: "P9", Stage: experts.StageExAnte, Date: "2020-11-01"},
	}
	return l
}

func request(seed uint64) experts.Request {
	return experts.Request{PanelID: "G1", Stage: experts.StageKeyEvaluation, ProjectID: "P1", UnitID: "U1", DepartmentID: "D1",
		Date: "2021-09-01", Count: 3, YearlyLimit: 2, ForbidEarlierStage: true, Seed: seed}
}

func TestDrawRecusals(t *testing.T) {
	p, err := experts.Draw(library(), request(1))
	require.NoError(t, err)
	var got []string
	for _, e := range p.Exclusions {
		got = append(got, e.ExpertID+":"+e.Reason)
	}
	// One per rule, in expert ID order: E01 works for U1, E02 declared a
	// relation to D1, E03 sat on P1's ex-ante panel (an earlier stage than
	// key evaluation), E04 is suspended, E05 sat on two panels in 2021
	// (the 2020 one does not count) with a limit of 2.
	assert.Equal(t, []string{"E01:employer", "E02:conflict", "E03:earlier_stage", "E04:status", "E05:yearly_limit"}, got)
	for _, id := range p.IDs() {
		assert.NotContains(t, []string{"E01", "E02", "E03", "E04", "E05"}, id)
	}
	assert.Len(t, p.Members, 3)
	assert.Equal(t, experts.DrawAlgorithm, p.Algorithm)

	// Without ForbidEarlierStage and without a limit, E03 and E05 are eligible.
	r := request(1)
	r.ForbidEarlierStage, r.YearlyLimit = false, 0
	p, err = experts.Draw(library(), r)
	require.NoError(t, err)
	got = nil
	for _, e := range p.Exclusions {
		got = append(got, e.ExpertID+":"+e.Reason)
	}
	assert.Equal(t, []string{"E01:employer", "E02:conflict", "E04:status"}, got)
	// A later stage's panel does not recuse for a later stage: drawing
	// the ex-ante panel, E03's own ex-ante service is not earlier.
	r = request(1)
	r.Stage = experts.StageExAnte
	p, err = experts.Draw(library(), r)
	require.NoError(t, err)
	assert.False(t, slices.ContainsFunc(p.Exclusions, func(e experts.Exclusion) bool { return e.ExpertID == "E03" }))
}

func TestDrawReproducible(t *testing.T) {
	a, err := experts.Draw(library(), request(42))
	require.NoError(t, err)
	b, err := experts.Draw(library(), request(42))
	require.NoError(t, err)
	assert.Equal(t, a, b, "same seed, same library: same panel")

	// Library order does not matter: candidates are taken in ID order.
	rev := library()
	slices.Reverse(rev.Experts)
	c, err := experts.Draw(rev, request(42))
	require.NoError(t, err)
	assert.Equal(t, a.IDs(), c.IDs())

	// Different seeds give different panels: 7 eligible experts, 3 seats
	// in draw order, 210 ordered panels; of 20 seeds at least 15 differ.
	distinct := map[string]bool{}
	for s := range uint64(20) {
		p, err := experts.Draw(library(), request(s))
		require.NoError(t, err)
		distinct[fmt.Sprint(p.IDs())] = true
	}
	assert.GreaterOrEqual(t, len(distinct), 15, "distinct panels over 20 seeds")
	d, err := experts.Draw(library(), request(43))
	require.NoError(t, err)
	assert.NotEqual(t, a.IDs(), d.IDs())
}

// TestDrawPinned pins one draw, so that a change of the algorithm or of
// the generator's stream (which ChaCha8's specification rules out across
// Go versions) shows: this is the recorded panel of seed 20210901, not a
// figure worked by hand.
func TestDrawPinned(t *testing.T) {
	p, err := experts.Draw(library(), request(20210901))
	require.NoError(t, err)
	assert.Equal(t, []string{"E06", "E11", "E09"}, p.IDs())
}

func TestDrawFieldMix(t *testing.T) {
	// finance 2 and cost 2: the eligible finance experts are E06, E07,
	// E11; cost E07, E08 (E03 and E04 are recused). E07 has both, so cost
	// can only be met by E07 and E08, and finance then by E06 and E11:
	// every draw must find that one assignment.
	r := request(0)
	r.Count, r.Fields = 5, []experts.FieldNeed{{Field: "finance", Count: 2}, {Field: "cost", Count: 2}}
	lib := library()
	fieldsOf := map[string][]string{}
	for _, e := range lib.Experts {
		fieldsOf[e.ID] = e.Fields
	}
	for s := range uint64(200) {
		r.Seed = s
		p, err := experts.Draw(lib, r)
		require.NoError(t, err, "seed %d", s)
		count := map[string]int{}
		for _, m := range p.Members {
			if m.Field != "" {
				assert.Contains(t, fieldsOf[m.ExpertID], m.Field, "seed %d: %s seated for a field they lack", s, m.ExpertID)
			}
			count[m.Field]++
		}
		assert.Equal(t, map[string]int{"finance": 2, "cost": 2, "": 1}, count, "seed %d", s)
		ids := p.IDs()
		slices.Sort(ids)
		assert.Subset(t, ids, []string{"E06", "E07", "E08", "E11"}, "seed %d", s)
	}
}

func TestDrawUnsatisfiable(t *testing.T) {
	// Three cost experts: only E07 and E08 are eligible.
	r := request(1)
	r.Fields = []experts.FieldNeed{{Field: "cost", Count: 3}}
	_, err := experts.Draw(library(), r)
	var ue *experts.UnsatisfiableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, experts.UnsatisfiableError{Constraint: "field", Field: "cost", Need: 3, Available: 2}, *ue)
	assert.ErrorIs(t, err, experts.ErrUnsatisfiable)

	// Eight experts: seven are eligible.
	r = request(1)
	r.Count = 8
	_, err = experts.Draw(library(), r)
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, experts.UnsatisfiableError{Constraint: "count", Need: 8, Available: 7}, *ue)
	assert.EqualError(t, err, "experts: cannot satisfy count: need 8, eligible 7")
}

func TestDrawBadRequest(t *testing.T) {
	r := experts.Request{Stage: "audit", Date: "2021/09/01", Count: 2, YearlyLimit: -1,
		Fields: []experts.FieldNeed{{Field: "astrology", Count: 1}, {Field: "finance", Count: 0}, {Field: "cost", Count: 3}}}
	_, err := experts.Draw(library(), r)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	var paths []string
	for _, p := range ps {
		paths = append(paths, p.Path+":"+p.Code)
	}
	assert.Equal(t, []string{"stage:unknown_stage", "project_id:no_project", "date:bad_date", "yearly_limit:bad_yearly_limit",
		"fields[0].field:unknown_field", "fields[1].count:bad_count", "fields:fields_exceed_count"}, paths)
}

func TestReplace(t *testing.T) {
	r := request(5)
	r.Fields = []experts.FieldNeed{{Field: "cost", Count: 1}}
	lib := library()
	p, err := experts.Draw(lib, r)
	require.NoError(t, err)
	at := slices.IndexFunc(p.Members, func(m experts.Member) bool { return m.Field == "cost" })
	require.GreaterOrEqual(t, at, 0)
	gone := p.Members[at].ExpertID
	q, err := experts.Replace(lib, p, gone, "出差无法参加", "2021-08-30")
	require.NoError(t, err)
	assert.Len(t, p.Declines, 0, "the panel given is not changed")
	require.Len(t, q.Declines, 1)
	d := q.Declines[0]
	assert.Equal(t, gone, d.ExpertID)
	assert.Equal(t, "出差无法参加", d.Reason)
	nu := q.Members[at]
	assert.Equal(t, d.ReplacedBy, nu.ExpertID)
	assert.Equal(t, gone, nu.Replaces)
	assert.Equal(t, "cost", nu.Field, "a field slot is refilled from the same field")
	// The only eligible cost experts are E07 and E08: the replacement is
	// the other one.
	assert.ElementsMatch(t, []string{"E07", "E08"}, []string{gone, nu.ExpertID})
	assert.True(t, slices.ContainsFunc(q.Exclusions, func(e experts.Exclusion) bool {
		return e.ExpertID == gone && e.Reason == experts.ExcludeDeclined
	}))
	// Replayed, the same decline gives the same panel.
	q2, err := experts.Replace(lib, p, gone, "出差无法参加", "2021-08-30")
	require.NoError(t, err)
	assert.Equal(t, q, q2)
	// No cost expert is left when the replacement declines too.
	_, err = experts.Replace(lib, q, nu.ExpertID, "回避", "2021-08-31")
	var ue *experts.UnsatisfiableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "replacement", ue.Constraint)
	assert.Equal(t, "cost", ue.Field)
	// Bad calls: every problem at once.
	_, err = experts.Replace(lib, p, "E99", "", "x")
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"not_on_panel", "decline_no_reason", "bad_date"}, ps.Codes())
}

func TestRecordFeedsYearlyLimit(t *testing.T) {
	lib := library()
	r := request(9)
	r.YearlyLimit = 1
	r.ForbidEarlierStage = false
	p, err := experts.Draw(lib, r)
	require.NoError(t, err)
	next := experts.Record(lib, p)
	assert.Equal(t, library(), lib, "Record does not change its library")
	r2 := r
	r2.PanelID, r2.ProjectID, r2.Seed = "G2", "P2", 10
	q, err := experts.Draw(next, r2)
	require.NoError(t, err)
	for _, id := range p.IDs() {
		assert.False(t, q.Has(id), "%s served once in 2021 and is at the limit of 1", id)
		assert.True(t, slices.ContainsFunc(q.Exclusions, func(e experts.Exclusion) bool {
			return e.ExpertID == id && e.Reason == experts.ExcludeYearlyLimit
		}))
	}
}

// TestDrawFairness draws 10,000 panels of 5 from 20 eligible experts with
// seeds 0–9,999. Each expert should sit on a panel with probability
// p = 5/20 = 0.25, so the count of each is binomial(10,000, 0.25): mean
// 2,500, standard deviation √(10,000 · 0.25 · 0.75) = 43.30. The bound is
// 5σ = 216.5: a fair draw leaves it with probability 5.7e-7 per expert,
// about 1.1e-5 for any of the 20, while a bias of one expert by 10% of
// the rate (250 draws) breaks it. The seeds are fixed, so the test is
// deterministic; the bound says it does not pass by luck of the seeds.
func TestDrawFairness(t *testing.T) {
	lib := &experts.Library{}
	for i := range 20 {
		lib.Experts = append(lib.Experts, experts.Expert{ID: fmt.Sprintf("X%02d", i), Fields: []string{"finance"}, Status: experts.StatusActive})
	}
	const n, k = 10_000, 5
	count := map[string]int{}
	firsts := map[string]int{}
	for s := range uint64(n) {
		p, err := experts.Draw(lib, experts.Request{Stage: experts.StageExAnte, ProjectID: "P", Date: "2021-01-01", Count: k, Seed: s})
		require.NoError(t, err)
		for _, id := range p.IDs() {
			count[id]++
		}
		firsts[p.Members[0].ExpertID]++
	}
	mean := float64(n) * k / 20
	sigma := math.Sqrt(float64(n) * 0.25 * 0.75)
	for _, e := range lib.Experts {
		assert.InDelta(t, mean, float64(count[e.ID]), 5*sigma, "%s chosen %d times", e.ID, count[e.ID])
	}
	// The first seat alone: p = 1/20, mean 500, σ = √(10,000·0.05·0.95) = 21.79.
	sigma1 := math.Sqrt(float64(n) * 0.05 * 0.95)
	for _, e := range lib.Experts {
		assert.InDelta(t, 500, float64(firsts[e.ID]), 5*sigma1, "%s first %d times", e.ID, firsts[e.ID])
	}
}

func TestLibraryValidate(t *testing.T) {
	l := &experts.Library{
		Fields: []experts.Field{{Code: "finance"}, {Code: "finance"}},
		Experts: []experts.Expert{
			{ID: "A", Fields: []string{"finance"}, Status: experts.StatusActive},
			{ID: "A", Fields: []string{"cost"}, Status: "retired"},
			{ID: "", Status: experts.StatusRemoved, Conflicts: []experts.Conflict{{Relation: "x"}},
				History: []experts.Service{{Stage: "audit", Date: "2021-13-01"}}},
		},
	}
	var ps performance.Problems
	require.ErrorAs(t, l.Validate(), &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Path+":"+p.Code)
	}
	assert.Equal(t, []string{
		"fields[1].code:field_code_invalid",
		"experts[1].id:expert_id_invalid", "experts[1].fields[0]:unknown_field", "experts[1].status:bad_status",
		"experts[2].id:expert_id_invalid", "experts[2].fields:expert_no_field", "experts[2].status_reason:status_no_reason",
		"experts[2].status_date:bad_date", "experts[2].conflicts[0].unit_id:conflict_no_unit",
		"experts[2].history[0].project_id:service_no_project", "experts[2].history[0].stage:unknown_stage",
		"experts[2].history[0].date:bad_date",
	}, got)
}

func TestParseLibrary(t *testing.T) {
	_, err := experts.ParseLibrary([]byte(`{"experts":[{"id":"A","name":"甲","fields":["finance"],"status":"active","employr":"U1"}],"extra":1}`))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"experts[0].employr", "extra"}, []string{ps[0].Path, ps[1].Path})
	_, err = experts.ParseLibrary([]byte(`{"experts":[{"id":"A","fields":["finance"],"status":"paused"}]}`))
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, "experts[0].status", ps[0].Path)
	l, err := experts.ParseLibrary([]byte(`{"experts":[{"id":"A","name":"甲","fields":["finance"],"status":"active"}]}`))
	require.NoError(t, err)
	assert.Len(t, l.Experts, 1)
	_, err = experts.ParseLibrary([]byte(`{"experts":[`))
	var je *performance.JSONError
	assert.True(t, errors.As(err, &je))
}
