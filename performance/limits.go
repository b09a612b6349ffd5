package performance

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/intern"
)

// Limits on numbers taken from input. Each is an engineering bound, not a
// regulation: it is far above what a budget document prints, and low enough
// that no figure within it makes a later computation slow. Every parser of
// the Jixiao packages checks input against these same constants, so a policy
// that passes a check cannot make a later stage hang.
const (
	// MaxPlaces is the most decimal places (小数位数) a policy, framework,
	// scheme or published figure may ask results to be rounded to. Money is
	// kept to the fen (2 places); reports print rates and scores to at most
	// a few places; 10 is the working precision of goals scoring
	// (goals.WorkingPlaces) and of monitoring's rates. Rounding a decimal to
	// n places costs time and memory growing with n, which is why n from
	// input is bounded.
	MaxPlaces = 10

	// MaxExponent bounds the power of ten of a decimal read from input
	// (JSON, CSV, text): a value c × 10^e with |e| > MaxExponent is
	// rejected. 10^30 yuan is far beyond any budget and 30 decimals far below
	// any fen or rate a document prints; but "1e999999999" is a valid JSON
	// number, and adding 1 to it, or rounding it to the fen, would build a
	// number of a billion digits.
	MaxExponent = 30

	// MaxCount is the largest count of projects a distribution may hold and
	// the largest total a search over whole-number distributions
	// ([ShareCheck]) may be asked to try. A million projects is more than
	// any fiscal year of any region evaluates; the bound also keeps
	// MaxCount × 200 × 10^MaxPlaces within int64, which the share check's
	// exact integer arithmetic needs.
	MaxCount = 1_000_000

	// MaxSearchSteps bounds a search over whole-number distributions: a
	// [ShareCheck] tries each total up to its MaxTotal against every class,
	// MaxTotal × classes steps of a few integer operations each, and
	// refuses a search of more steps than this. 10^8 such steps take well
	// under a second; the default search (DefaultMaxTotal totals of the four
	// national grades) takes 40,000.
	MaxSearchSteps = 100_000_000
)

// ErrLimit is matched by errors.Is for every [*LimitError]: a number from
// input beyond one of the documented limits ([MaxPlaces], [MaxExponent],
// [MaxCount], [MaxSearchSteps]).
var ErrLimit = errors.New("performance: beyond a documented limit")

// CodeLimit is the code of the [Problem] a [*LimitError] becomes in
// [Problems].
const CodeLimit = "limit_exceeded"

// A LimitError reports a number from input outside the range a documented
// limit allows. Path is where the number was found (a JSON path such as
// "criteria.places", or a field name; empty when unknown). Name says what
// the number is: "places", "exponent", "count" or "search steps". It unwraps to [ErrLimit].
//
// Functions of the Jixiao packages return it as a *LimitError, either alone,
// wrapped, or inside [Problems] (through [LimitError.Problem]).
type LimitError struct {
	Path  string
	Name  string
	Value int64
	Min   int64
	Max   int64
}

// Error returns, for example, "performance: criteria.places: places
// 100000000 outside 0 to 10".
func (e *LimitError) Error() string {
	s := "performance: "
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.text().EN
}

func (e *LimitError) text() Text {
	zh := map[string]string{"places": "小数位数", "exponent": "指数", "count": "个数", "search steps": "搜索步数"}[e.Name]
	if zh == "" {
		zh = e.Name
	}
	v, lo, hi := strconv.FormatInt(e.Value, 10), strconv.FormatInt(e.Min, 10), strconv.FormatInt(e.Max, 10)
	return Text{
		ZH: zh + " " + v + " 超出允许范围 " + lo + " 至 " + hi,
		EN: e.Name + " " + v + " outside " + lo + " to " + hi,
	}
}

// Unwrap returns [ErrLimit].
func (e *LimitError) Unwrap() error { return ErrLimit }

// Problem returns e as a validation problem with code [CodeLimit], e's path
// and a message in both languages. The problem unwraps to e, so that
// errors.As finds the *LimitError in a [Problems] holding it.
func (e *LimitError) Problem() *Problem {
	return &Problem{Code: CodeLimit, Path: e.Path, Message: e.text(), cause: e}
}

// AddLimit appends the problem of err, a [*LimitError] (possibly wrapped)
// as [ValidatePlaces], [ValidateExponent] and [ValidateCount] return, so that
// validators collecting [Problems] report limits like any other problem. A
// nil err adds nothing; any other error is added with code [CodeLimit] and
// no path.
func (ps *Problems) AddLimit(err error) {
	var le *LimitError
	switch {
	case err == nil:
	case errors.As(err, &le):
		*ps = append(*ps, le.Problem())
	default:
		*ps = append(*ps, &Problem{Code: CodeLimit, Message: Text{ZH: err.Error(), EN: err.Error()}, cause: err})
	}
}

// ValidatePlaces checks a number of decimal places taken from input: it
// returns a [*LimitError] naming path unless 0 ≤ n ≤ [MaxPlaces]. Fields
// where a negative number has a meaning of its own (whole points) pass
// max(n, 0).
func ValidatePlaces(path string, n int64) error {
	if n < 0 || n > MaxPlaces {
		return &LimitError{Path: path, Name: "places", Value: n, Max: MaxPlaces}
	}
	return nil
}

// ValidateExponent checks a decimal taken from input: it returns a
// [*LimitError] naming path unless its exponent lies within ±[MaxExponent].
func ValidateExponent(path string, d decimal.Decimal) error {
	if e := int64(d.Exponent()); e < -MaxExponent || e > MaxExponent {
		return &LimitError{Path: path, Name: "exponent", Value: e, Min: -MaxExponent, Max: MaxExponent}
	}
	return nil
}

// ValidateCount checks a count taken from input (projects in a class, a
// stated total, a search bound): it returns a [*LimitError] naming path
// unless 0 ≤ n ≤ [MaxCount].
func ValidateCount(path string, n int64) error {
	if n < 0 || n > MaxCount {
		return &LimitError{Path: path, Name: "count", Value: n, Max: MaxCount}
	}
	return nil
}

// ParseDecimal reads a decimal as shopspring's decimal.NewFromString does
// ("12.5", "-3", "1.2e3"), and rejects one whose exponent is beyond
// ±[MaxExponent] with a [*LimitError] (Path empty). Syntax errors are
// returned as decimal reports them, wrapped with the prefix "performance: ".
func ParseDecimal(s string) (decimal.Decimal, error) {
	// The plain form ("-12.50", most texts) is read without the parser
	// (intern.Plain; a small whole number shared); its exponent is at most
	// 18 places: within MaxExponent.
	if d, ok := intern.Plain([]byte(s)); ok {
		return d, nil
	}
	return parseDecimalLong(s)
}

// parseDecimalLong is ParseDecimal the long way, for any text: the
// exponent checked from the text, then decimal.NewFromString.
func parseDecimalLong(s string) (decimal.Decimal, error) {
	if err := checkExponentText("", s); err != nil {
		return decimal.Decimal{}, err
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("performance: %w", err)
	}
	return d, nil
}

// checkExponentText returns a *LimitError naming path when s, a decimal as
// decimal.NewFromString reads it, would have an exponent beyond
// ±MaxExponent. It reads the exponent from the text (the written exponent
// less the digits after the point) without building the number, so that
// the check costs the same for "1e999999999" as for "1". Text that is not
// a decimal passes, for the decimal parser to reject.
func checkExponentText(path string, s string) error {
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
	}
	var e int64
	if exp != "" {
		v, err := strconv.ParseInt(exp, 10, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil // not a decimal
		}
		e = v // ParseInt saturates on overflow, which is beyond the limit too
	}
	if i := strings.IndexByte(mant, '.'); i >= 0 && e > -1<<62 {
		e -= int64(len(mant) - i - 1)
	}
	if e < -MaxExponent || e > MaxExponent {
		return &LimitError{Path: path, Name: "exponent", Value: e, Min: -MaxExponent, Max: MaxExponent}
	}
	return nil
}
