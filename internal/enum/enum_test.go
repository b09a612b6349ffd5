package enum

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/lang"
)

func TestTable(t *testing.T) {
	tab := Table[int]{
		{V: 0, Code: "", Zh: "未评定"},
		{V: 1, Code: "green", Zh: "绿灯", Aliases: []string{"绿"}},
		{V: 2, Code: "red", Zh: "红灯"},
	}
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true}, {" GREEN ", 1, true}, {"绿灯", 1, true}, {"绿", 1, true}, {"红灯", 2, true},
		{"未评定", 0, true}, {"blue", 0, false}, {"绿 灯", 0, false},
	} {
		got, ok := tab.Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if got, want := tab.Want(), "want green or red; 未评定, 绿灯 or 红灯"; got != want {
		t.Errorf("Want() = %q; want %q", got, want)
	}
	if got, want := (Table[int]{{V: 1, Code: "a"}}).Want(), "want a"; got != want {
		t.Errorf("Want() = %q; want %q", got, want)
	}
	if got := List(nil); got != "" {
		t.Errorf("List(nil) = %q", got)
	}
}

func TestErrorf(t *testing.T) {
	sentinel := errors.New("x: unknown name")
	err := Errorf(sentinel, "x: unknown colour %q (%s)", "紫", "want red")
	if got, want := err.Error(), `x: unknown colour "紫" (want red)`; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(%v, sentinel) = false", err)
	}
}

// By index, a table gives String and Name: the code, the Chinese name, the
// English name (the code when En is empty), and typ(i) outside the table.
func TestTableByIndex(t *testing.T) {
	tab := Table[int]{
		{V: 0, Code: "", Zh: "未评估", En: "not assessed"},
		{V: 1, Code: "support", Zh: "予以支持"},
	}
	for _, tt := range []struct {
		i           int
		str, zh, en string
	}{
		{0, "", "未评估", "not assessed"},
		{1, "support", "予以支持", "support"},
		{2, "Verdict(2)", "Verdict(2)", "Verdict(2)"},
		{-1, "Verdict(-1)", "Verdict(-1)", "Verdict(-1)"},
	} {
		if got := tab.String(tt.i, "Verdict"); got != tt.str {
			t.Errorf("String(%d) = %q; want %q", tt.i, got, tt.str)
		}
		if got := tab.Name(tt.i, lang.ZH, "Verdict"); got != tt.zh {
			t.Errorf("Name(%d, zh) = %q; want %q", tt.i, got, tt.zh)
		}
		if got := tab.Name(tt.i, lang.EN, "Verdict"); got != tt.en {
			t.Errorf("Name(%d, en) = %q; want %q", tt.i, got, tt.en)
		}
	}
	if r, ok := tab.Row(1); !ok || r.Code != "support" {
		t.Errorf("Row(1) = %+v, %v", r, ok)
	}
	if _, ok := tab.Row(2); ok {
		t.Error("Row(2) answered")
	}
	// En is written, never parsed by Parse (ParseEn: TestParseEn).
	if _, ok := tab.Parse("not assessed"); ok {
		t.Error(`Parse("not assessed") matched the English name`)
	}
}

// ParseEn matches what Parse matches and, in the same row, the English
// name in any case; a row without En is matched by its code as before.
func TestParseEn(t *testing.T) {
	tab := Table[int]{
		{V: 0, Code: "", Zh: "未指定", En: "unspecified"},
		{V: 1, Code: "economic_benefit", Zh: "经济效益指标", En: "economic benefit", Aliases: []string{"经济效益"}},
		{V: 2, Code: "quality", Zh: "质量指标"},
	}
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"economic benefit", 1, true}, {" Economic Benefit ", 1, true}, {"ECONOMIC_BENEFIT", 1, true},
		{"经济效益", 1, true}, {"Unspecified", 0, true}, {"QUALITY", 2, true}, {"", 0, true},
		{"economic  benefit", 0, false}, {"quality standard", 0, false},
	} {
		got, ok := tab.ParseEn(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseEn(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := tab.Parse("economic benefit"); ok {
		t.Error(`Parse("economic benefit") matched the English name`)
	}
}

// TestDecodeTable checks DecodeTable against Decode over one parser: the
// same value for every spelling the table knows (also in other case and
// padded), the parser's own error and *p unchanged for one it does not,
// and no allocation for a match (Decode allocates its string, which the
// parser's error keeps).
func TestDecodeTable(t *testing.T) {
	tab := Table[uint8]{
		{V: 1, Code: "green", Zh: "绿灯", En: "Go", Aliases: []string{"绿"}},
		{V: 2, Code: "economic_benefit", Zh: "经济效益指标", En: "economic benefit"},
	}
	sentinel := errors.New("unknown")
	parse := func(s string) (uint8, error) {
		if v, ok := tab.ParseEn(s); ok {
			return v, nil
		}
		return 0, Errorf(sentinel, "enum: unknown %q", s)
	}
	for _, in := range []string{"green", " GREEN ", "绿灯", "绿", "go", "Economic Benefit", "经济效益指标", "", "blue", "绿 灯"} {
		var got, want uint8 = 9, 9
		gotErr := DecodeTable(&got, tab, true, parse, []byte(in))
		wantErr := Decode(&want, parse, []byte(in))
		if got != want || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("%q: DecodeTable %d, %v; Decode %d, %v", in, got, gotErr, want, wantErr)
		}
		if gotErr != nil && !errors.Is(gotErr, sentinel) {
			t.Errorf("%q: %v is not the parser's error", in, gotErr)
		}
	}
	b := []byte("economic_benefit")
	var v uint8
	if n := testing.AllocsPerRun(100, func() { _ = DecodeTable(&v, tab, true, parse, b) }); n != 0 {
		t.Errorf("DecodeTable of a code: %v allocations, want 0", n)
	}
}

// Texts lists what Parse matches as written: the empty code (which matches
// ""), but neither an empty Chinese name nor En without en.
func TestTexts(t *testing.T) {
	tab := Table[int]{
		{V: 0, Code: "", Zh: "", En: "none"},
		{V: 1, Code: "green", Zh: "绿灯", En: "Go", Aliases: []string{"绿", "青"}},
		{V: 2, Code: "red"},
	}
	assert.Equal(t, []string{"", "green", "绿灯", "绿", "青", "red"}, tab.Texts(false))
	assert.Equal(t, []string{"", "none", "green", "绿灯", "Go", "绿", "青", "red"}, tab.Texts(true))
	for _, en := range []bool{false, true} {
		for _, s := range tab.Texts(en) {
			_, ok := tab.parse(s, en)
			assert.True(t, ok, "Texts(%v) lists %q, which the lookup does not match", en, s)
		}
	}
}

// TestSpellings checks Spellings.Decode against Decode over a parser that
// trims, folds the code's case and reads the empty string by a rule of its
// own: the same value or the same error for the texts held, for other
// spellings of them and for unknown ones, *p unchanged on error, and no
// allocation for a text held, however long (the 46-byte one is past the
// 32 bytes a string conversion may keep on the stack).
func TestSpellings(t *testing.T) {
	long := "按(1－超出部分÷指标值)×分值计分" // 46 bytes: 13 of 3 bytes, 7 of 1
	require.Len(t, long, 46)
	sentinel := errors.New("unknown")
	parse := func(s string) (uint8, error) {
		switch t := strings.TrimSpace(s); {
		case t == "":
			return 3, nil
		case strings.EqualFold(t, "green"), t == "绿灯":
			return 1, nil
		case t == long:
			return 2, nil
		}
		return 0, Errorf(sentinel, "enum: unknown %q", s)
	}
	sp := MustSpellings(parse, "", "green", "绿灯", long)
	for _, in := range []string{"", "green", "绿灯", long, " ", "GREEN", " 绿灯 ", long + " ", "blue", "绿 灯", "\xff"} {
		var got, want uint8 = 9, 9
		gotErr := sp.Decode(&got, []byte(in))
		wantErr := Decode(&want, parse, []byte(in))
		if got != want || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("%q: Spellings.Decode %d, %v; Decode %d, %v", in, got, gotErr, want, wantErr)
		}
	}
	var v uint8
	for _, in := range []string{"", "green", "绿灯", long} {
		b := []byte(in)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = sp.Decode(&v, b) }), "Decode(%q)", in)
	}
	assert.PanicsWithValue(t, `enum: spelling "blue": enum: unknown "blue"`, func() { MustSpellings(parse, "green", "blue") })
}
