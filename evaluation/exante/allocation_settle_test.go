package exante

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
)

// settleRounds is the definition settle is held to (and the algorithm it
// replaced): split what the fixed recipients leave among the free ones in
// proportion to their scores; fix at b every free one whose share passes
// b; repeat until a round fixes none. It returns which recipients are
// fixed and whether the bound was unmet or every free score was zero.
func settleRounds(total *big.Rat, s []*big.Rat, in []bool, fixed []*big.Rat, b *big.Rat, over bool) (zero, unmet bool) {
	for {
		rest, weight := new(big.Rat).Set(total), new(big.Rat)
		nfree := 0
		for i := range s {
			if in[i] && fixed[i] != nil {
				rest.Sub(rest, fixed[i])
			} else if in[i] {
				weight.Add(weight, s[i])
				nfree++
			}
		}
		if nfree > 0 && weight.Sign() == 0 {
			return true, false
		}
		changed, free := false, false
		for i := range s {
			if !in[i] || fixed[i] != nil {
				continue
			}
			share := new(big.Rat).Mul(rest, s[i])
			share.Quo(share, weight)
			if c := share.Cmp(b); over && c > 0 || !over && c < 0 {
				fixed[i] = b
				changed = true
			} else {
				free = true
			}
		}
		if !changed {
			return false, false
		}
		if !free {
			return false, restAfter(total, fixed, in).Sign() != 0
		}
	}
}

func restAfter(total *big.Rat, fixed []*big.Rat, in []bool) *big.Rat {
	r := new(big.Rat).Set(total)
	for i, f := range fixed {
		if in[i] && f != nil {
			r.Sub(r, f)
		}
	}
	return r
}

// TestSettleMatchesRounds checks settle's one pass against the rounds of
// settleRounds on 3,000 random cases of up to 40 recipients: scores 0–9
// (ties and zeros included), some shut out by the rank gate, caps settled
// and then floors, bounds from below the mean to above the largest share
// (unmeetable ones included). The same recipients must be fixed, with the
// same outcome.
func TestSettleMatchesRounds(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for c := range 3000 {
		n := 1 + r.IntN(40)
		s := make([]*big.Rat, n)
		in := make([]bool, n)
		for i := range n {
			s[i] = big.NewRat(int64(r.IntN(10)), 1)
			in[i] = r.IntN(8) != 0
		}
		total := big.NewRat(int64(100+r.IntN(10000)), 1)
		cap := big.NewRat(int64(1+r.IntN(2000)), 1)
		floor := big.NewRat(int64(r.IntN(400)), 1)
		fixedA, fixedB := make([]*big.Rat, n), make([]*big.Rat, n)
		for _, step := range []struct {
			b    *big.Rat
			over bool
		}{{cap, true}, {floor, false}} {
			_, err := settle(context.Background(), total, s, in, fixedA, step.b, step.over)
			zero, unmet := settleRounds(total, s, in, fixedB, step.b, step.over)
			for i := range n {
				if (fixedA[i] == nil) != (fixedB[i] == nil) {
					t.Fatalf("case %d (over=%v, b=%s, total=%s): recipient %d fixed %v by settle, %v by rounds; scores %v in %v",
						c, step.over, step.b, total, i, fixedA[i] != nil, fixedB[i] != nil, s, in)
				}
			}
			if gotZero := errors.Is(err, ErrAllocation); gotZero != zero {
				t.Fatalf("case %d: zero-score error %v, rounds %v", c, err, zero)
			}
			if gotUnmet := errors.Is(err, errUnmet); gotUnmet != unmet {
				t.Fatalf("case %d: unmet %v, rounds %v", c, err, unmet)
			}
			if err != nil {
				break
			}
		}
	}
}

// BenchmarkSettleCascade is the worst case of the rounds: scores 1, 2, 4,
// … so that each round capped one more recipient (n rounds of n); settle
// sorts once and passes once.
func BenchmarkSettleCascade(b *testing.B) {
	const n = 2000
	s := make([]*big.Rat, n)
	in := make([]bool, n)
	for i := range n {
		s[i] = new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(i%60)))
		in[i] = true
	}
	total := big.NewRat(1_000_000_000, 1)
	cap := big.NewRat(600_000, 1)
	for b.Loop() {
		fixed := make([]*big.Rat, n)
		if _, err := settle(context.Background(), total, s, in, fixed, cap, true); err != nil {
			b.Fatal(err)
		}
	}
}
