package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, wrapped by *Error; test with errors.Is.
var (
	// ErrInvalid marks a structural problem in a rule set or policy.
	ErrInvalid = errors.New("rules: invalid rule set")
	// ErrSyntax marks an expression that does not parse.
	ErrSyntax = errors.New("rules: syntax error")
	// ErrUnknownName marks an identifier or function that does not exist.
	ErrUnknownName = errors.New("rules: unknown name")
	// ErrType marks an expression whose type does not fit (a non-boolean
	// condition, an output of the wrong type, operands that do not combine).
	ErrType = errors.New("rules: type error")
	// ErrInexact marks an expression that mixes exact numbers (money) with
	// floating point, where exactness would be lost.
	ErrInexact = errors.New("rules: exactness would be lost")
	// ErrUnsupported marks a construct the engine does not evaluate.
	ErrUnsupported = errors.New("rules: unsupported construct")
	// ErrNondeterministic marks a call such as now() whose value is not a
	// function of the environment; the evaluation date is an input.
	ErrNondeterministic = errors.New("rules: non-deterministic function")
	// ErrLimit marks an expression beyond Limits.MaxExprLength or MaxNodes,
	// a numeric literal beyond the bounds of [Limits] (40 digits, exponent
	// within ±100), and at evaluation time an exact number whose exponent
	// leaves ±1000.
	ErrLimit = errors.New("rules: limit exceeded")
	// ErrMemoryBudget marks an evaluation that exceeded Limits.MemoryBudget.
	ErrMemoryBudget = errors.New("rules: memory budget exceeded")
	// ErrDivisionByZero marks a division by zero at evaluation time.
	ErrDivisionByZero = errors.New("rules: division by zero")
	// ErrMissingValue marks a nil pointer on the path to a field at
	// evaluation time, or a nil environment.
	ErrMissingValue = errors.New("rules: missing value")
	// ErrRuntime marks any other evaluation failure, such as a host
	// function returning an error.
	ErrRuntime = errors.New("rules: evaluation error")
	// ErrNotUnique marks more than one rule firing under HitUnique.
	ErrNotUnique = errors.New("rules: more than one rule fired under hit policy unique")
	// ErrNotInForce marks a policy with no version in force on a date.
	ErrNotInForce = errors.New("rules: no version in force")
)

// Error is one problem in one rule (规则错误): a compile error, a structural
// problem, or a runtime error of one evaluation. Compile returns every
// problem at once as errors.Join of *Error values; use errors.As to get at
// them and errors.Is with the sentinels to branch.
type Error struct {
	// RuleID is the rule's id; empty for a set-level problem.
	RuleID string
	// Field is "when", an output name, or for structural problems a JSON
	// path such as "rules[3].outputs[0].type".
	Field string
	// Line and Column locate the problem in the expression, or for
	// malformed JSON (Field empty) in the document, both 1-indexed, the
	// column counted in characters (runes); 0 when not positional.
	Line, Column int
	// Snippet is the expression's line with a caret under Column.
	Snippet string
	// Suggestion is the nearest known name for an unknown one, or "".
	Suggestion string
	// Err is the underlying error; it wraps one of the sentinels.
	Err error
}

// Error returns the rule, field, position and message, followed by the
// caret snippet.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("rules: ")
	if e.RuleID != "" {
		fmt.Fprintf(&b, "rule %s: ", e.RuleID)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		if e.Line > 0 {
			fmt.Fprintf(&b, " (%d:%d)", e.Line, e.Column)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	}
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "rules: "))
	}
	if e.Snippet != "" {
		b.WriteString("\n")
		b.WriteString(e.Snippet)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// position fills Line, Column and Snippet for a rune offset into src.
func (e *Error) position(src string, offset int) {
	line, col, start := 1, 1, 0
	i := 0
	for bi, r := range src {
		if i == offset {
			break
		}
		if r == '\n' {
			line++
			col = 1
			start = bi + 1
		} else {
			col++
		}
		i++
	}
	end := strings.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += start
	}
	e.Line, e.Column = line, col
	text := strings.ReplaceAll(src[start:end], "\t", " ")
	e.Snippet = " | " + text + "\n | " + strings.Repeat(".", col-1) + "^"
}

// suggest returns the candidate nearest to name by edit distance, or "".
func suggest(name string, candidates []string) string {
	best, bestD := "", 0
	lname := strings.ToLower(name)
	for _, c := range candidates {
		d := editDistance(lname, strings.ToLower(c))
		if best == "" || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	limit := len([]rune(name))/2 + 1
	if best == "" || bestD > limit {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func joinErrs(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// MarshalJSON encodes e with its position and message, for reports.
func (e *Error) MarshalJSON() ([]byte, error) {
	msg := ""
	if e.Err != nil {
		msg = strings.TrimPrefix(e.Err.Error(), "rules: ")
	}
	return json.Marshal(struct {
		RuleID     string `json:"rule_id,omitempty"`
		Field      string `json:"field,omitempty"`
		Line       int    `json:"line,omitempty"`
		Column     int    `json:"column,omitempty"`
		Snippet    string `json:"snippet,omitempty"`
		Suggestion string `json:"suggestion,omitempty"`
		Message    string `json:"message"`
	}{e.RuleID, e.Field, e.Line, e.Column, e.Snippet, e.Suggestion, msg})
}
