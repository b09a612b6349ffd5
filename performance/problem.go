package performance

import (
	"errors"
	"github.com/jixiao-go/jixiao/internal/lang"
	"strconv"
	"strings"
)

// Lang selects the language of messages that reach finance staff (语言):
// problems, reports, reasons and the rules engine's explanations. The zero
// value is Chinese, the language of the documents the library reads. It is
// the module's one language type; rules.Explanation.Text takes it too.
type Lang = lang.Lang

const (
	// LangZH selects Chinese (中文). It is the zero value.
	LangZH = lang.ZH
	// LangEN selects English.
	LangEN = lang.EN
)

// ParseLang reads "zh" or "en" (case-insensitive; also "zh-CN", "中文",
// "english"). The empty string gives LangZH.
func ParseLang(s string) (Lang, error) { return lang.Parse(s) }

// Text is a message in Chinese and in English. Codes stay stable English
// identifiers; Text is what a person reads.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the message in the given language, falling back to the other
// language when that one is empty.
func (t Text) In(l Lang) string {
	if l == LangEN && t.EN != "" || t.ZH == "" {
		return t.EN
	}
	return t.ZH
}

// A Problem is one validation finding (校验问题): a stable machine-readable
// code, the path of the offending field in the JSON form of the input
// (for example "cost_lines[3].amount") and a message for finance staff.
//
// Problem implements error; its Error method gives the English message.
type Problem struct {
	Code    string `json:"code"`
	Path    string `json:"path"`
	Message Text   `json:"message"`

	cause error // what the problem wraps, if anything (a *LimitError)
}

// Unwrap returns the error the problem was made from, such as the
// [*LimitError] of [LimitError.Problem], or nil.
func (p *Problem) Unwrap() error { return p.cause }

// Error returns "path: message (code)" in English.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message.In(LangEN))
	b.WriteString(" (")
	b.WriteString(p.Code)
	b.WriteString(")")
	return b.String()
}

// Problems is every finding of one validation, reported at once. A nil or
// empty Problems means the input is valid; Validate methods return nil rather
// than an empty Problems so that err != nil keeps its usual meaning.
//
// Problems unwraps to its members, so errors.As(err, &p) with p a *Problem
// finds the first one, and errors.Is(err, ErrInvalid) holds for any
// non-empty Problems.
type Problems []*Problem

// ErrInvalid is matched by errors.Is for every non-empty [Problems].
var ErrInvalid = errors.New("performance: invalid input")

// Error lists the problems in English, one per line after a count.
func (ps Problems) Error() string {
	return ps.Text().EN
}

// Text lists the problems in both languages, one per line after a heading.
func (ps Problems) Text() Text {
	var zh, en strings.Builder
	zh.WriteString("校验发现 ")
	zh.WriteString(strconv.Itoa(len(ps)))
	zh.WriteString(" 个问题")
	en.WriteString(strconv.Itoa(len(ps)))
	if len(ps) == 1 {
		en.WriteString(" problem")
	} else {
		en.WriteString(" problems")
	}
	for _, p := range ps {
		zh.WriteString("\n")
		en.WriteString("\n")
		if p.Path != "" {
			zh.WriteString(p.Path + ": ")
			en.WriteString(p.Path + ": ")
		}
		zh.WriteString(p.Message.In(LangZH) + " (" + p.Code + ")")
		en.WriteString(p.Message.In(LangEN) + " (" + p.Code + ")")
	}
	return Text{ZH: zh.String(), EN: en.String()}
}

// Is reports whether target is [ErrInvalid].
func (ps Problems) Is(target error) bool { return target == ErrInvalid && len(ps) > 0 }

// Unwrap returns the problems as errors.
func (ps Problems) Unwrap() []error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errs
}

// Codes returns the problems' codes in order, a convenience for tests and
// for services that map codes to their own messages.
func (ps Problems) Codes() []string {
	codes := make([]string, len(ps))
	for i, p := range ps {
		codes[i] = p.Code
	}
	return codes
}

// Add appends a problem; it is a helper for validators building a list.
func (ps *Problems) Add(code, path, zh, en string) {
	*ps = append(*ps, &Problem{Code: code, Path: path, Message: Text{ZH: zh, EN: en}})
}

// Prefix returns a copy of ps with prefix prepended to every path, joined by a
// dot (or directly before an index such as "[2]"). It lets a container
// validate its members with their own Validate and report full paths.
func (ps Problems) Prefix(prefix string) Problems {
	if prefix == "" {
		return ps
	}
	out := make(Problems, len(ps))
	for i, p := range ps {
		q := *p
		switch {
		case q.Path == "":
			q.Path = prefix
		case strings.HasPrefix(q.Path, "["):
			q.Path = prefix + q.Path
		default:
			q.Path = prefix + "." + q.Path
		}
		if le, ok := q.cause.(*LimitError); ok {
			c := *le
			c.Path = q.Path
			q.cause = &c
		}
		out[i] = &q
	}
	return out
}

// ProblemsOf returns the problems err carries: the [Problems] it is or wraps
// (found with errors.As), or else err itself as one problem with code
// "invalid", an empty path and err's text in both languages. It lets a
// container report its members' errors as problems under their paths:
// ProblemsOf(err).Prefix("goals"). A nil err has no problems.
func ProblemsOf(err error) Problems {
	if err == nil {
		return nil
	}
	var got Problems
	if errors.As(err, &got) {
		return got
	}
	var ps Problems
	ps.Add("invalid", "", err.Error(), err.Error())
	return ps
}

// Err returns ps as an error, or nil when there are no problems.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
