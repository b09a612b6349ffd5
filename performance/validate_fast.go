package performance

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao-go/jixiao/internal/exact"
)

// This file is the fast path of [Project.Validate]: the same rule decided in
// int64 fen, without allocating, for the ordinary project. It answers only
// "valid"; whenever it cannot be sure (a problem, or figures too large or
// too finely divided for int64 fen) the decimal check decides and reports
// the problems. TestQuickValidIsSound holds it to that.

// ValidateFen is [Project.Validate] that also gives the cost lines'
// amounts in fen (分) to a caller that works in fen, such as ex-ante
// assessment's gates. It returns what Validate returns. ok reports that
// the fast check accepted p and fen had room for every cost line: fen[i]
// then holds line i's amount in fen, each at most 10^15 fen (ten trillion
// yuan, 十万亿元, the bound of the library's fen fast paths). When ok is
// false, fen's contents are unspecified and the caller takes the decimal
// path; a valid project may give ok = false (its figures are too large or
// too finely divided for the fast check). A nil fen asks only for
// validation.
func (p *Project) ValidateFen(fen []int64) (ok bool, err error) {
	if p.quickValid(fen) {
		return len(fen) >= len(p.CostLines), nil
	}
	return false, p.validate()
}

// quickValid reports true only for a project that [Project.validate]
// accepts, checking the same conditions in int64 fen without allocating; it
// reports false whenever it cannot be sure (large or finely divided
// figures). When fen has room for every line it receives their amounts in
// fen, valid when it reports true.
func (p *Project) quickValid(fen []int64) bool {
	if blank(p.ID) || blank(p.Name) || blank(p.UnitID) || blank(p.Basis) || blank(p.Content) || p.FiscalYear <= 0 {
		return false
	}
	start, end := p.Period.Start, p.Period.End
	if start.IsZero() || end.IsZero() || end.Before(start) || p.FiscalYear < start.Year || p.FiscalYear > end.Year {
		return false
	}
	total, ok1 := exact.Fen(p.TotalInvestment)
	invested, ok2 := exact.Fen(p.InvestedToDate)
	amount, ok3 := exact.Fen(p.Amount)
	if !ok1 || !ok2 || !ok3 || total < 0 || invested < 0 || amount < 0 || invested > total || invested+amount > total {
		return false
	}
	if len(p.CostLines) == 0 {
		return false
	}
	var sum int64
	for i := range p.CostLines {
		l := &p.CostLines[i]
		if blank(l.Item) {
			return false
		}
		a, ok := exact.Fen(l.Amount)
		if !ok || a < 0 || l.Quantity.Sign() < 0 || l.UnitPrice.Sign() < 0 {
			return false
		}
		if want, ok := exact.MulFen(l.Quantity, l.UnitPrice); !ok || want != a {
			return false
		}
		if sum += a; sum > exact.MaxFen {
			return false
		}
		if i < len(fen) {
			fen[i] = a
		}
	}
	return sum == amount
}

// blank is strings.TrimSpace(s) == "", the test of Validate, decided by the
// first rune when that is not white space (the usual case, and the cheap
// one: TrimSpace decodes every rune of a Chinese name).
func blank(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c < utf8.RuneSelf:
		if c != ' ' && (c < '\t' || c > '\r') {
			return false
		}
	case c >= 0xE4 || c >= 0xC3 && c <= 0xE0:
		// No white space starts so: Unicode's spaces above ASCII begin
		// with 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000–U+205F)
		// or 0xE3 (U+3000). Chinese text starts with 0xE4–0xE9.
		return false
	default:
		if r, _ := utf8.DecodeRuneInString(s); !unicode.IsSpace(r) {
			return false
		}
	}
	return strings.TrimSpace(s) == ""
}
