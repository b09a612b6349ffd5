package exante

import (
	"testing"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
)

// The String, Name and MarshalText of the integer enums read their one
// name table by index: row i must hold the value i.
func TestTablesInValueOrder(t *testing.T) {
	inOrder(t, verdictTable)
	inOrder(t, reductionTable)
}

func inOrder[T ~uint8](t *testing.T, tab enum.Table[T]) {
	t.Helper()
	for i, r := range tab {
		assert.Equal(t, i, int(r.V), "%T row %d (%s)", r.V, i, r.Code)
	}
}

// TestEnumTexts pins every text the integer enums write, in and just past
// their range, as they were when each enum kept a names array beside its
// parse table (issue 15 made the table the one source): String, Name in
// Chinese and English, and MarshalText's text or error.
func TestEnumTexts(t *testing.T) {
	type named interface {
		String() string
		Name(performance.Lang) string
		MarshalText() ([]byte, error)
	}
	of := func(typ string, i int) named {
		switch typ {
		case "Verdict":
			return Verdict(i)
		case "ReductionKind":
			return ReductionKind(i)
		}
		t.Fatalf("unknown type %s", typ)
		return nil
	}
	for _, tt := range []struct {
		typ                     string
		i                       int
		str, zh, en, text, terr string
	}{
		{"Verdict", 0, "", "未评估", "not assessed", "", ""},
		{"Verdict", 1, "support", "予以支持", "support", "support", ""},
		{"Verdict", 2, "support_after_adjustment", "调整完善后予以支持", "support_after_adjustment", "support_after_adjustment", ""},
		{"Verdict", 3, "reject", "不予支持", "reject", "reject", ""},
		{"Verdict", 4, "Verdict(4)", "Verdict(4)", "Verdict(4)", "", "exante: unknown verdict 4"},
		{"Verdict", 5, "Verdict(5)", "Verdict(5)", "Verdict(5)", "", "exante: unknown verdict 5"},
		{"ReductionKind", 0, "policy", "政策性核减", "policy", "policy", ""},
		{"ReductionKind", 1, "standard", "超支出标准", "standard", "standard", ""},
		{"ReductionKind", 2, "unsupported", "测算依据不足", "unsupported", "unsupported", ""},
		{"ReductionKind", 3, "duplicate", "重复申报", "duplicate", "duplicate", ""},
		{"ReductionKind", 4, "rejected", "评估不予支持", "rejected", "rejected", ""},
		{"ReductionKind", 5, "not_fundable", "不具备安排条件", "not_fundable", "not_fundable", ""},
		{"ReductionKind", 6, "ReductionKind(6)", "ReductionKind(6)", "ReductionKind(6)", "", "exante: unknown reduction kind 6"},
		{"ReductionKind", 7, "ReductionKind(7)", "ReductionKind(7)", "ReductionKind(7)", "", "exante: unknown reduction kind 7"},
	} {
		v := of(tt.typ, tt.i)
		assert.Equal(t, tt.str, v.String(), "%s(%d).String", tt.typ, tt.i)
		assert.Equal(t, tt.zh, v.Name(performance.LangZH), "%s(%d).Name(zh)", tt.typ, tt.i)
		assert.Equal(t, tt.en, v.Name(performance.LangEN), "%s(%d).Name(en)", tt.typ, tt.i)
		b, err := v.MarshalText()
		assert.Equal(t, tt.text, string(b), "%s(%d).MarshalText", tt.typ, tt.i)
		if tt.terr == "" {
			assert.NoError(t, err, "%s(%d).MarshalText", tt.typ, tt.i)
		} else {
			assert.EqualError(t, err, tt.terr, "%s(%d).MarshalText", tt.typ, tt.i)
		}
	}
}
