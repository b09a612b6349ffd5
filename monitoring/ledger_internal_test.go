package monitoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
	"unsafe"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestToFen(t *testing.T) {
	tests := []struct {
		in   string
		fen  int64
		fast bool
	}{
		{"0", 0, true},
		{"1", 100, true},
		{"1234.5", 123450, true},
		{"1234.50", 123450, true},
		{"-0.01", -1, true},
		{"0.010", 1, true},                 // exponent −3, divisible
		{"0.001", 0, false},                // sub-fen: decimal fallback
		{"1e3", 100000, true},              // positive exponent
		{"92233720368547758.07", 0, false}, // 19 digits: beyond the fast path
		{"922337203685477.58", 0, false},   // above exact.MaxFen: the exact decimal path since the kernel (issue 15)
		{"10000000000000", 1e15, true},     // exact.MaxFen itself: 10^13 yuan is 10^15 fen
		{"-10000000000000.01", 0, false},   // one fen beyond −MaxFen
	}
	for _, tt := range tests {
		f, ok := exact.Fen(decimal.RequireFromString(tt.in))
		assert.Equal(t, tt.fast, ok, tt.in)
		if ok {
			assert.Equal(t, tt.fen, f, tt.in)
		}
	}
}

// TestAccountExact proves the int64 fen path equal to plain decimal addition:
// random amounts mixing whole-fen, sub-fen, negative and huge values (which
// overflow int64 fen and spill into decimals).
func TestAccountExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 200 {
		var a account
		var want [12]decimal.Decimal
		for range 300 {
			m := rng.IntN(12)
			var d decimal.Decimal
			switch rng.IntN(6) {
			case 0:
				d = decimal.New(rng.Int64N(1e9)-1e8, -2)
			case 1:
				d = decimal.New(rng.Int64N(1e6), -int32(rng.IntN(6))) // sub-fen at times
			case 2:
				d = decimal.New(math.MaxInt64/3-rng.Int64N(1000), -2) // overflows when summed
			case 3:
				d = decimal.New(-(math.MaxInt64/3)+rng.Int64N(1000), -2)
			case 4:
				d = decimal.New(exact.MaxFen-rng.Int64N(3), -2) // at or just inside the kernel's fen bound
			default:
				d = decimal.New(rng.Int64N(1000), int32(rng.IntN(4)))
			}
			a.add(m, d)
			want[m] = want[m].Add(d)
		}
		for n := 0; n <= 12; n++ {
			w := decimal.Zero
			for m := range n {
				w = w.Add(want[m])
			}
			got := a.through(n)
			require.True(t, got.Equal(w), "trial %d through %d: got %s want %s", trial, n, got, w)
		}
	}
}

// TestAccountMergeExact merges accounts near int64 overflow and with
// decimal parts and compares with plain decimal sums.
func TestAccountMergeExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 100 {
		var a, b account
		var want [12]decimal.Decimal
		for range 50 {
			m := rng.IntN(12)
			d := decimal.New(math.MaxInt64/4-rng.Int64N(1e6), -2)
			if rng.IntN(3) == 0 {
				d = decimal.New(rng.Int64N(1e6), -5)
			}
			if rng.IntN(2) == 0 {
				a.add(m, d)
			} else {
				b.add(m, d)
			}
			want[m] = want[m].Add(d)
		}
		a.merge(&b)
		for m := range 12 {
			got := a.through(m + 1).Sub(a.through(m))
			require.True(t, got.Equal(want[m]), "trial %d month %d: got %s want %s", trial, m, got, want[m])
		}
	}
}

func TestLedgerMergeEqualsSingle(t *testing.T) {
	asOf := time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)
	one, _ := NewLedger(2021, asOf)
	parts := [2]*Ledger{}
	parts[0], _ = NewLedger(2021, asOf)
	parts[1], _ = NewLedger(2021, asOf)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		r := Record{ProjectID: string(rune('A' + rng.IntN(20))), Date: time.Date(2021, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
			Amount: decimal.New(rng.Int64N(1e7), -int32(rng.IntN(4))), Classification: []string{"", "30201", "31002"}[rng.IntN(3)]}
		require.NoError(t, one.Add(r))
		require.NoError(t, parts[i%2].Add(r))
	}
	require.NoError(t, parts[0].Merge(parts[1]))
	for _, id := range one.Projects() {
		for m := time.January; m <= time.December; m++ {
			a, b := one.ExecutedThrough(id, m), parts[0].ExecutedThrough(id, m)
			require.True(t, a.Equal(b), "%s %v: %s vs %s", id, m, a, b)
		}
	}
	assert.Equal(t, one.Projects(), parts[0].Projects())
	ca, cb := one.Classifications(), parts[0].Classifications()
	require.Len(t, cb, len(ca))
	for k, v := range ca {
		assert.True(t, v.Equal(cb[k]), k)
	}
	other, _ := NewLedger(2021, time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, one.Merge(other), ErrMismatch)
}

func TestIDSlotIsTwoCacheLines(t *testing.T) {
	assert.EqualValues(t, 128, unsafe.Sizeof(idSlot{}))
}

func TestIDTable(t *testing.T) {
	var tb idTable
	var ids []string
	want := map[string]int32{}
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range 20000 {
		id := fmt.Sprintf("P%d", rng.IntN(30000))
		if i%3 == 0 {
			id = "a-rather-long-project-code-" + id // beyond the 16 inline bytes
		}
		if _, ok := want[id]; ok {
			s := tb.find(id, ids)
			require.NotNil(t, s, id)
			require.Same(t, tb.at(int(want[id])), s, id)
			s.acc.fen[0]++ // counts the lookups of id
			continue
		}
		require.Nil(t, tb.find(id, ids), id)
		idx := int32(len(ids))
		tb.insert(id).acc.fen[0] = 1
		ids = append(ids, id)
		want[id] = idx
	}
	seen := map[string]int64{}
	rng = rand.New(rand.NewPCG(9, 9))
	for i := range 20000 {
		id := fmt.Sprintf("P%d", rng.IntN(30000))
		if i%3 == 0 {
			id = "a-rather-long-project-code-" + id
		}
		seen[id]++
	}
	for id, idx := range want {
		s := tb.find(id, ids)
		require.NotNil(t, s)
		require.Same(t, tb.at(int(idx)), s)
		require.Equal(t, seen[id], s.acc.fen[0], "the account stays with its ID through growth")
	}
	assert.Nil(t, tb.find("", ids))
	assert.Nil(t, tb.find("a-rather-long-project-code-P999999", ids))
}

// TestLedgerDateFastPath: a UTC date takes the day-number fast path, the same
// calendar date in another zone the time.Date path; both must agree on the
// month, the cut-off and the year. Leap year 2020: 29 February and 31
// December (day 366) are in the year; the cut-off day is included, the day
// after it is later; a time late in the day stays on its date.
func TestLedgerDateFastPath(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, asOf := range []time.Time{
		time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2020, 6, 30, 0, 0, 0, 0, cst), // a cut-off given in another zone
	} {
		fast, err := NewLedger(2020, asOf)
		require.NoError(t, err)
		slow, err := NewLedger(2020, asOf)
		require.NoError(t, err)
		rng := rand.New(rand.NewPCG(3, uint64(asOf.YearDay())))
		for i := range 3000 {
			d := time.Date(2019, 12, 25, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(380))
			clock := time.Duration(rng.IntN(86400)) * time.Second
			if i%10 == 0 {
				clock = 86400*time.Second - time.Nanosecond // last instant of the day
			}
			id := fmt.Sprintf("P%d", rng.IntN(50))
			amt := decimal.New(rng.Int64N(1e6), -2)
			y, m, dd := d.Date()
			_ = fast.Add(Record{ProjectID: id, Date: d.Add(clock), Amount: amt})
			_ = slow.Add(Record{ProjectID: id, Date: time.Date(y, m, dd, 0, 0, 0, 0, cst).Add(clock), Amount: amt})
		}
		fs, fl, fr := fast.Stats()
		ss, sl, sr := slow.Stats()
		require.Equal(t, [3]int64{ss, sl, sr}, [3]int64{fs, fl, fr}, "cut-off %s: summed, later, rejected", asOf)
		require.Positive(t, fr, "some dates are outside 2020")
		assert.Equal(t, slow.Problems(), fast.Problems())
		assert.Equal(t, slow.Projects(), fast.Projects())
		for _, id := range slow.Projects() {
			for m := time.January; m <= time.December; m++ {
				a, b := slow.ExecutedThrough(id, m), fast.ExecutedThrough(id, m)
				require.True(t, a.Equal(b), "%s %v: slow %s fast %s", id, m, a, b)
			}
		}
	}
}

// checkPlainAmount: when the fast amount parser accepts s, it gives what
// decimal.NewFromString gives, coefficient and exponent alike.
func checkPlainAmount(t *testing.T, s string) {
	got, ok := plainAmount(s)
	if !ok {
		return
	}
	want, err := decimal.NewFromString(s)
	require.NoError(t, err, "%q accepted by the fast path", s)
	require.True(t, got.Equal(want), "%q: fast %s, NewFromString %s", s, got, want)
	require.Equal(t, want.Exponent(), got.Exponent(), "%q exponent", s)
	require.Equal(t, want.String(), got.String(), "%q", s)
}

func TestPlainAmount(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want string // coefficient e exponent, worked out by hand
	}{
		{"1234.50", true, "123450e-2"},
		{"-0.01", true, "-1e-2"},
		{"0", true, "0e0"},
		{"-0", true, "0e0"},
		{"007", true, "7e0"},
		{"999999999999999999", true, "999999999999999999e0"}, // 18 digits
		{"1000000000000000000", false, ""},                   // 19: general path
		{"", false, ""},
		{"-", false, ""},
		{"5.", false, ""},
		{".5", false, ""},
		{"1.2.3", false, ""},
		{"+5", false, ""},
		{"1,000.00", false, ""},
		{"1e3", false, ""},
		{"12元", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, ok := plainAmount(tt.in)
			require.Equal(t, tt.ok, ok)
			if ok {
				assert.Equal(t, tt.want, fmt.Sprintf("%de%d", d.CoefficientInt64(), d.Exponent()))
			}
			checkPlainAmount(t, tt.in)
		})
	}
}

func FuzzPlainAmount(f *testing.F) {
	for _, s := range []string{"1234.50", "-0.01", "0", "007", "999999999999999999", "5.", "1e3", "-"} {
		f.Add(s)
	}
	f.Fuzz(checkPlainAmount)
}
