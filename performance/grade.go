package performance

import (
	"errors"
	"fmt"

	"github.com/jixiao-go/jixiao/internal/enum"
)

// Grade is one of the four national performance grades (绩效等级) of
// 财预〔2020〕10号: 优 (excellent), 良 (good), 中 (fair) and 差 (poor).
//
// The zero value, GradeNone, means "not graded" (未评级). Grades marshal to
// text and JSON as the Chinese character; GradeNone marshals as the empty
// string. Schemes with other labels (优秀/良好/一般, a 低 grade, PART's
// ratings) are expressed with [Scheme] bands, each of which may map onto a
// Grade.
type Grade uint8

const (
	// GradeNone means not graded (未评级). It is the zero value.
	GradeNone Grade = iota
	// Excellent is 优.
	Excellent
	// Good is 良.
	Good
	// Fair is 中.
	Fair
	// Poor is 差.
	Poor
)

// Grades lists the four national grades from best to worst, for iterating in
// report order. It returns a fresh slice.
func Grades() []Grade { return []Grade{Excellent, Good, Fair, Poor} }

// String returns the Chinese character (优, 良, 中, 差), or "" for GradeNone.
func (g Grade) String() string {
	if g.Valid() {
		return gradeTable[g].Zh
	}
	return fmt.Sprintf("Grade(%d)", uint8(g))
}

// Name returns the grade's name in the given language: "优" or "excellent"
// (未评级 or "none" for GradeNone).
func (g Grade) Name(l Lang) string {
	switch {
	case !g.Valid():
		return g.String()
	case l != LangEN && g == GradeNone:
		return "未评级"
	}
	return gradeTable[g].Name(l)
}

// Valid reports whether g is GradeNone or one of the four grades.
func (g Grade) Valid() bool { return int(g) < len(gradeTable) }

// ErrUnknownGrade is returned (wrapped) by [ParseGrade] for unrecognised text.
var ErrUnknownGrade = errors.New("performance: unknown grade")

// ParseGrade reads a grade written in Chinese (优, 良, 中, 差), in the city
// variants (优秀, 良好, 一般, 较差), or in English (excellent, good, fair,
// poor, in any case). Surrounding spaces are ignored. The empty string
// parses to GradeNone. Anything else is an error wrapping [ErrUnknownGrade]
// that names the allowed values.
func ParseGrade(s string) (Grade, error) {
	if g, ok := gradeTable.Parse(s); ok {
		return g, nil
	}
	return GradeNone, fmt.Errorf("%w %q (%s)", ErrUnknownGrade, s, gradeTable.Want())
}

// gradeTable reads and names grades: the English names are the codes here,
// since a Grade is written as its character (String gives Zh). GradeNone
// has no Chinese name to parse: its 未评级 is Name's alone.
var gradeTable = enum.Table[Grade]{
	{V: GradeNone, Code: "", En: "none"},
	{V: Excellent, Code: "excellent", Zh: "优", Aliases: []string{"优秀"}},
	{V: Good, Code: "good", Zh: "良", Aliases: []string{"良好"}},
	{V: Fair, Code: "fair", Zh: "中", Aliases: []string{"一般"}},
	{V: Poor, Code: "poor", Zh: "差", Aliases: []string{"较差"}},
}

// MarshalText encodes the grade as its Chinese character.
func (g Grade) MarshalText() ([]byte, error) {
	if !g.Valid() {
		return nil, fmt.Errorf("performance: invalid grade %d", uint8(g))
	}
	return []byte(g.String()), nil
}

// UnmarshalText decodes any form [ParseGrade] accepts.
func (g *Grade) UnmarshalText(b []byte) error {
	return enum.DecodeTable(g, gradeTable, false, ParseGrade, b)
}
