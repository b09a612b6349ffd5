package goals

import (
	"math/rand"
	"testing"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastEqualsDecimal scores actual a against an indicator on both paths and
// fails if the fast path, when it answers, differs from the decimal path.
func fastEqualsDecimal(t testing.TB, op Operator, w, lo, hi, a decimal.Decimal, cfg Config) (fastAnswered bool) {
	in := &Indicator{Weight: w, Target: Target{Op: op, Value: lo, Upper: hi, Unit: "个"}}
	s := &Scorer{cfg: cfg}
	places := cfg.Indicator.Places()
	it := s.prepare(in, places)
	var fast, slow Score
	slow.Indicator, fast.Indicator = in, in
	s.quantDecimal(&it, in, a, &slow, places)
	av, ok := exact.FromDecimal(a)
	if !it.fast || !ok || !s.quantFast(&it, av, &fast, places) {
		return false
	}
	if fast.Rule != slow.Rule || fast.Met != slow.Met || fast.TooLow != slow.TooLow || fast.units != slow.units {
		t.Fatalf("%s w=%s lo=%s hi=%s a=%s cfg=%+v: fast {%s met=%v low=%v %d} decimal {%s met=%v low=%v %d}",
			op, w, lo, hi, a, cfg, fast.Rule, fast.Met, fast.TooLow, fast.units, slow.Rule, slow.Met, slow.TooLow, slow.units)
	}
	return true
}

// randDec returns a random decimal with up to digits digits and an exponent
// in [-maxPlaces, 2], sometimes negative.
func randDec(rng *rand.Rand, digits int, maxPlaces int, neg bool) decimal.Decimal {
	var c int64 = 1
	n := 1 + rng.Intn(digits)
	for i := 0; i < n; i++ {
		c = c*10 + rng.Int63n(10)
	}
	c = c % 1_000_000_000_000_000_000
	if neg && rng.Intn(8) == 0 {
		c = -c
	}
	if rng.Intn(10) == 0 {
		c = 0
	}
	return decimal.New(c, int32(rng.Intn(maxPlaces+3)-maxPlaces))
}

func TestFastPathEqualsDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(20260127))
	ops := []Operator{AtLeast, AtMost, Equal, Above, Below, Range}
	roundings := []Rounding{RoundHundredths, RoundNone, RoundWhole}
	answered := 0
	const n = 200_000
	for i := 0; i < n; i++ {
		cfg := Config{Indicator: roundings[rng.Intn(3)]}
		if rng.Intn(3) == 0 {
			cfg.Tolerance = randDec(rng, 3, 2, false)
		}
		if rng.Intn(3) == 0 {
			cfg.TooLow = decimal.New(10+rng.Int63n(40), -1) // 1.0 … 4.9
		}
		places := cfg.Indicator.Places()
		w := randDec(rng, 4, 2, false).Abs().Round(places)
		if w.IsZero() {
			w = decimal.NewFromInt(10)
		}
		lo := randDec(rng, 12, 6, true)
		hi := lo.Add(randDec(rng, 12, 6, false).Abs())
		var a decimal.Decimal
		switch rng.Intn(4) {
		case 0: // near the target
			a = lo.Add(decimal.New(rng.Int63n(21)-10, -int32(rng.Intn(4))))
		case 1: // the target itself
			a = lo
		default:
			a = randDec(rng, 15, 8, true)
		}
		if fastEqualsDecimal(t, ops[rng.Intn(len(ops))], w, lo, hi, a, cfg) {
			answered++
		}
	}
	// The fast path must carry the bulk of realistic inputs, or it is not a
	// fast path.
	assert.Greater(t, answered, n*9/10, "fast path answered %d of %d", answered, n)
}

func FuzzFastPathEqualsDecimal(f *testing.F) {
	f.Add(int64(10), int64(100), int8(0), int64(95), int8(0), int64(0), int64(0), uint8(0), uint8(0))
	f.Add(int64(1500), int64(95), int8(0), int64(9050), int8(-2), int64(2), int64(15), uint8(2), uint8(1))
	f.Add(int64(5), int64(900000), int8(0), int64(95), int8(4), int64(0), int64(20), uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, w, tc int64, te int8, ac int64, ae int8, tol, factor int64, op, rounding uint8) {
		cfg := Config{Indicator: Rounding(rounding % 3)}
		if tol > 0 {
			cfg.Tolerance = decimal.New(tol%1000, -1)
		}
		if factor >= 10 {
			cfg.TooLow = decimal.New(factor%100+10, -1)
		}
		if w <= 0 {
			return
		}
		wd := decimal.New(w%1_000_000, 0)
		lo := decimal.New(tc, int32(te%20))
		hi := lo.Add(decimal.New(tc%1000, int32(te%20)).Abs())
		a := decimal.New(ac, int32(ae%20))
		ops := []Operator{AtLeast, AtMost, Equal, Above, Below, Range}
		fastEqualsDecimal(t, ops[int(op)%len(ops)], wd, lo, hi, a, cfg)
	})
}

func TestBandAndExecutionFastEqualsDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(99))
	for i := 0; i < 20_000; i++ {
		cfg := Config{Indicator: []Rounding{RoundHundredths, RoundNone, RoundWhole}[rng.Intn(3)]}
		places := cfg.Indicator.Places()
		w := decimal.New(1+rng.Int63n(5000), -int32(rng.Intn(3))).Round(places)
		if !w.IsPositive() {
			continue
		}
		// Qualitative: weight × point ÷ 100 on both paths.
		point := decimal.New(rng.Int63n(10001), -2) // 0.00 … 100.00
		rating := NotAchieved
		switch {
		case point.GreaterThanOrEqual(decimal.NewFromInt(80)):
			rating = Achieved
		case point.GreaterThanOrEqual(decimal.NewFromInt(60)):
			rating = PartlyAchieved
		}
		in := &Indicator{Weight: w, Target: Target{Op: Qualitative, Text: "明显提升"}}
		s := &Scorer{cfg: cfg}
		it := s.prepare(in, places)
		fast := Score{Indicator: in, Actual: Rated(rating, point), Rounding: cfg.Indicator}
		slow := fast
		s.scoreBand(&it, &fast.Actual, &fast, places)
		it.fast = false
		s.scoreBand(&it, &slow.Actual, &slow, places)
		require.Equal(t, slow.units, fast.units, "band w=%s point=%s", w, point)
		want := w.Mul(point).DivRound(decimal.NewFromInt(100), places)
		require.True(t, fast.Value().Equal(want), "band w=%s point=%s: got %s want %s", w, point, fast.Value(), want)

		// Execution: weight × executed ÷ budget, held to [0, weight].
		budget := decimal.New(1+rng.Int63n(1e12), -2)
		executed := decimal.New(rng.Int63n(12e11), -2)
		es, err := ScoreExecution(w, performanceExecution(budget, executed), cfg)
		require.NoError(t, err)
		want = w.Mul(executed).DivRound(budget, places)
		if want.GreaterThan(w) {
			want = w
		}
		require.True(t, es.Value().Equal(want), "execution %s × %s ÷ %s: got %s want %s", w, executed, budget, es.Value(), want)
	}
}

func performanceExecution(budget, executed decimal.Decimal) performance.Execution {
	return performance.Execution{AdjustedBudget: budget, Executed: executed}
}

// executionFastEqualsDecimal scores the execution item on both paths and
// fails if the fast path, when it answers, differs from the decimal path in
// any field (the rate compared as exact decimals).
func executionFastEqualsDecimal(t testing.TB, w decimal.Decimal, e performance.Execution, cfg Config) (fastAnswered bool) {
	fast, ok := scoreExecutionFast(w, e, cfg)
	slow, err := scoreExecutionDecimal(w, e, cfg)
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("w=%s %+v cfg=%+v: fast path scored %d, decimal path failed: %v", w, e, cfg, fast.units, err)
	}
	if fast.units != slow.units || fast.Capped != slow.Capped || fast.Base != slow.Base || fast.Rounding != slow.Rounding ||
		!fast.Weight.Equal(slow.Weight) || !fast.Rate.Num.Equal(slow.Rate.Num) || !fast.Rate.Den.Equal(slow.Rate.Den) {
		t.Fatalf("w=%s %+v cfg=%+v: fast {%d capped=%v rate=%s/%s} decimal {%d capped=%v rate=%s/%s}", w, e, cfg,
			fast.units, fast.Capped, fast.Rate.Num, fast.Rate.Den, slow.units, slow.Capped, slow.Rate.Num, slow.Rate.Den)
	}
	return true
}

// The int64 path of ScoreExecution must give exactly what the decimal path
// gives, including the capped flag at and around 100%, negative and zero
// figures, and both budget bases; and it must answer realistic inputs.
func TestExecutionFastEqualsDecimal(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	const n = 100_000
	answered := 0
	for i := 0; i < n; i++ {
		cfg := Config{Indicator: []Rounding{RoundHundredths, RoundNone, RoundWhole}[rng.Intn(3)],
			Base: performance.BudgetBase(rng.Intn(2))}
		w := randDec(rng, 4, 3, true)
		e := performance.Execution{AdjustedBudget: randDec(rng, 14, 4, true), InitialBudget: randDec(rng, 14, 4, true)}
		b := e.Budget(cfg.Base)
		switch rng.Intn(4) {
		case 0: // exactly the budget: rate 100%, not capped
			e.Executed = b
		case 1: // the budget at other places: 100% again
			e.Executed = b.Round(6)
		default:
			e.Executed = randDec(rng, 14, 4, true)
		}
		if executionFastEqualsDecimal(t, w, e, cfg) {
			answered++
		}
	}
	assert.Greater(t, answered, n/4, "fast path answered %d of %d random cases", answered, n)

	// Realistic forms — budgets and amounts in yuan to the fen up to ten
	// billion, weights of up to two places, at or above the rounding's
	// places — must all take the fast path, or it is not a fast path.
	for i := 0; i < 20_000; i++ {
		cfg := Config{Indicator: []Rounding{RoundHundredths, RoundNone}[rng.Intn(2)], Base: performance.BudgetBase(rng.Intn(2))}
		w := decimal.New(1+rng.Int63n(3000), -int32(rng.Intn(3)))
		b := decimal.New(1+rng.Int63n(1e12), -int32(rng.Intn(3)))
		e := performance.Execution{AdjustedBudget: b, InitialBudget: b, Executed: decimal.New(rng.Int63n(12e11), -int32(rng.Intn(3)))}
		if rng.Intn(5) == 0 {
			e.Executed = b
		}
		require.True(t, executionFastEqualsDecimal(t, w, e, cfg), "fast path declined w=%s %+v cfg=%+v", w, e, cfg)
	}

	// Hand-worked: 10 × 913,700 ÷ 1,000,000 = 9.137 → 9.14 (two places);
	// 10 × 1,200,000 ÷ 1,000,000 > 10 → held at 10, capped.
	e := performance.Execution{AdjustedBudget: decimal.NewFromInt(1_000_000), Executed: decimal.NewFromInt(913_700)}
	es, err := ScoreExecution(decimal.NewFromInt(10), e, Config{})
	require.NoError(t, err)
	assert.True(t, es.Value().Equal(decimal.RequireFromString("9.14")), "got %s want 9.14", es.Value())
	assert.False(t, es.Capped)
	e.Executed = decimal.NewFromInt(1_200_000)
	es, err = ScoreExecution(decimal.NewFromInt(10), e, Config{})
	require.NoError(t, err)
	assert.True(t, es.Value().Equal(decimal.NewFromInt(10)), "got %s want 10", es.Value())
	assert.True(t, es.Capped)
}

func FuzzExecutionFastEqualsDecimal(f *testing.F) {
	f.Add(int64(10), int8(0), int64(100000000), int8(-2), int64(91370000), int8(-2), uint8(0), uint8(0))
	f.Add(int64(25), int8(-1), int64(5), int8(3), int64(5000), int8(0), uint8(1), uint8(2))
	f.Add(int64(1), int8(0), int64(-7), int8(0), int64(-7), int8(0), uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, wc int64, we int8, bc int64, be int8, xc int64, xe int8, base, rounding uint8) {
		cfg := Config{Indicator: Rounding(rounding % 3), Base: performance.BudgetBase(base % 2)}
		w := decimal.New(wc, int32(we%20))
		b := decimal.New(bc, int32(be%20))
		e := performance.Execution{AdjustedBudget: b, InitialBudget: b, Executed: decimal.New(xc, int32(xe%20))}
		executionFastEqualsDecimal(t, w, e, cfg)
	})
}

// ScoreExecution allocates nothing on the fast path.
func TestScoreExecutionAllocatesNothing(t *testing.T) {
	e := performance.Execution{AdjustedBudget: decimal.New(912345678, -2), Executed: decimal.New(812345678, -2)}
	w := decimal.NewFromInt(10)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := ScoreExecution(w, e, Config{}); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "ScoreExecution allocated %.1f times per call", allocs)
}
