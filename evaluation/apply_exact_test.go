package evaluation

import (
	"encoding/json"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// genFigure returns a figure of the kinds results application meets and
// the kinds that leave the int64 kernel: amounts in yuan to the fen and
// beyond it (up to 12 places), zeros of several exponents ("0", "0.00",
// "0E+2"), figures near MaxFen (10^13 yuan) on either side, 19 to 30
// digit coefficients (more than an int64 holds), and large exponents.
func genFigure(rng *rand.Rand) decimal.Decimal {
	switch rng.Intn(12) {
	case 0:
		return decimal.New(0, int32(rng.Intn(7)-4))
	case 1: // around MaxFen yuan: RoundFen takes some, not others
		return decimal.New(exact.MaxFen+rng.Int63n(2000)-1000, -2)
	case 2: // more digits than an int64 holds
		var b strings.Builder
		if rng.Intn(3) == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(byte('1' + rng.Intn(9)))
		for range 18 + rng.Intn(12) {
			b.WriteByte(byte('0' + rng.Intn(10)))
		}
		return decimal.RequireFromString(b.String()).Shift(-int32(rng.Intn(14)))
	case 3: // 18 digits: fits, but sums and alignments overflow
		return decimal.New(rng.Int63n(9e17)+1e17, int32(rng.Intn(8)-6))
	case 4: // a large exponent
		return decimal.New(rng.Int63n(1000)+1, int32(rng.Intn(20)))
	}
	c := rng.Int63n(1e12)
	if rng.Intn(6) == 0 {
		c = -c
	}
	return decimal.New(c, int32(-rng.Intn(13)+rng.Intn(3)))
}

// sameDecimal requires got to be want: the same value, text and exponent.
func sameDecimal(t *testing.T, want, got decimal.Decimal, what string) {
	t.Helper()
	require.Equal(t, want.String(), got.String(), what)
	require.Equal(t, want.Exponent(), got.Exponent(), "%s: exponent", what)
	require.True(t, want.Equal(got), what)
}

// TestApplyArithmeticEqualsDecimal holds results application's arithmetic
// on the exact kernel (apply_exact.go) to the plain decimal expressions it
// replaces, over generated figures: the execution rate (Ratio.Round(10),
// zero for a zero budget), differences, sums, rounding to the fen, the
// comparison, a rule's amount rounded from its parts (fenParts), the
// carry-over cut's caps (Min, Max with decimal.Zero) and
// its floor (growth × floor rounded to the fen). Each must give the same
// decimal, exponent included; the department sums the same value and text.
// The figures include coefficients beyond an int64 and sums that overflow
// one, and the test counts that both the fast path and the fallback ran.
func TestApplyArithmeticEqualsDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	fast, slow := 0, 0
	count := func(ok bool) {
		if ok {
			fast++
		} else {
			slow++
		}
	}
	floors := []decimal.Decimal{decimal.RequireFromString("0.3"), decimal.RequireFromString("0.333"), decimal.New(1, 0), decimal.RequireFromString("0.12345678901234567891")}
	for i := range 50_000 {
		a, b := genFigure(rng), genFigure(rng)
		what := "#" + strconv.Itoa(i) + " a=" + a.String() + " b=" + b.String()

		var want decimal.Decimal // ProjectEnv.ExecutionRate in decimals: zero for a zero budget
		if !b.IsZero() {
			want = a.DivRound(b, 10)
		}
		sameDecimal(t, want, performance.Ratio{Num: a, Den: b}.Round(ratePlaces), "rate "+what)
		sameDecimal(t, a.Sub(b), exact.SubDecimal(a, b), "sub "+what)
		sameDecimal(t, a.Sub(b), performance.Execution{AdjustedBudget: a, Executed: b}.Unspent(performance.BaseAdjusted), "unspent "+what)
		sameDecimal(t, a.Add(b), exact.AddDecimal(a, b), "add "+what)
		sameDecimal(t, a.Round(2), exact.RoundDecimal(a, 2), "round "+what)
		require.Equal(t, a.Cmp(b), exact.CmpDecimal(a, b), "cmp "+what)
		sameDecimal(t, decimal.Max(decimal.Min(a, b), decimal.Zero), capCut(a, b), "cap "+what)
		fl := floors[rng.Intn(len(floors))]
		require.Equal(t, a.LessThan(b.Mul(fl).Round(2)), belowFloor(a, b, fl), "floor %s × %s", what, fl)

		// a rule's amount as its parts: any int64 coefficient, 18 places to 6 digits up
		c, e := rng.Int63()>>uint(rng.Intn(64)), int32(rng.Intn(25)-18)
		if rng.Intn(2) == 0 {
			c = -c
		}
		if got, ok := fenParts(c, e); ok {
			sameDecimal(t, decimal.New(c, e).Round(2), got, "fen parts "+strconv.FormatInt(c, 10)+"e"+strconv.Itoa(int(e)))
		}

		x, okA := exact.Parts(a)
		y, okB := exact.Parts(b)
		_, okS := exact.Sub(x, y)
		count(okA && okB && okS)
		_, okR := exact.RoundFen(a)
		count(okR)
	}
	for i := range 10_000 {
		var s sums
		s.adj = &Adjustment{}
		var req, amt, rec decimal.Decimal // the decimal additions Apply made
		for range rng.Intn(8) {
			c := Consequence{Requested: genFigure(rng), Amount: genFigure(rng), Recovered: genFigure(rng)}
			s.addProject(&c)
			req, amt, rec = req.Add(c.Requested), amt.Add(c.Amount), rec.Add(c.Recovered)
		}
		s.value()
		for _, p := range [...][2]decimal.Decimal{{req, s.adj.Requested}, {amt, s.adj.Amount}, {rec, s.adj.Recovered}} {
			require.Equal(t, p[0].String(), p[1].String(), "sum #%d", i)
			require.True(t, p[0].Equal(p[1]), "sum #%d", i)
		}
	}
	assert.Greater(t, fast, 25_000, "most figures take the int64 path")
	assert.Greater(t, slow, 2_500, "the decimal fallback is exercised")
}

// TestApplyFiredListsApart checks the Fired lists Apply cuts from one
// array: each holds its project's rules only, appending to one never
// changes the next, and a project no rule fired for still encodes as [].
func TestApplyFiredListsApart(t *testing.T) {
	set, err := rules.ParseSet([]byte(`{"id": "t", "version": "1", "rules": [
		{"id": "R1", "when": "Score >= 90", "outputs": [{"name": "block_similar", "type": "bool", "expr": "false"}]},
		{"id": "R2", "when": "Score >= 80", "outputs": [{"name": "block_similar", "type": "bool", "expr": "false"}]}]}`))
	require.NoError(t, err)
	prog, err := CompileApplyPolicy(&ApplyPolicy{Projects: set})
	require.NoError(t, err)
	org, err := performance.NewOrg([]performance.Node{{ID: "d", Name: "教育局", Kind: performance.NodeDepartment}, {ID: "u", Name: "一中", Parent: "d", Kind: performance.NodeUnit}})
	require.NoError(t, err)
	ps := []ProjectOutcome{
		{ProjectID: "A", UnitID: "u", Score: decimal.NewFromInt(95)},
		{ProjectID: "B", UnitID: "u", Score: decimal.NewFromInt(85)},
		{ProjectID: "C", UnitID: "u", Score: decimal.NewFromInt(10)},
	}
	ny, err := prog.Apply(ps, nil, org, time.Time{})
	require.NoError(t, err)
	require.Len(t, ny.Projects, 3)
	assert.Equal(t, []string{"R1", "R2"}, ny.Projects[0].Fired)
	assert.Equal(t, []string{"R2"}, ny.Projects[1].Fired)
	_ = append(ny.Projects[0].Fired, "X")
	assert.Equal(t, []string{"R2"}, ny.Projects[1].Fired, "appending to A's list copies it")
	js, err := json.Marshal(ny.Projects[2].Fired)
	require.NoError(t, err)
	assert.Equal(t, "[]", string(js))
}
