package performance

import (
	"fmt"
	"reflect"

	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/strictjson"
)

// portfolio is a host's container type: strict decoding follows it through
// pointers, slices, maps and the Org's own decoding.
type portfolio struct {
	Org      *Org              `json:"org"`
	Projects []Project         `json:"projects"`
	Schemes  map[string]Scheme `json:"schemes"`
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestDecodeJSONStrictReportsEveryUnknownFieldWithPath(t *testing.T) {
	data := readTestdata(t, "project_typos.json")
	var p portfolio
	err := DecodeJSON(data, &p)
	require.ErrorIs(t, err, ErrInvalid)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	var paths []string
	for _, q := range ps {
		assert.Equal(t, CodeUnknownField, q.Code)
		paths = append(paths, q.Path)
	}
	// In input order. "Name" and "AMOUNT" match case-insensitively, as in
	// encoding/json, and are not reported.
	assert.Equal(t, []string{
		"org[1].parnet",
		"projects[0].nmae",
		"projects[2].cost_lines[0].amout",
		"projects[2].cost_lines[1].price",
		"schemes.national.bands[0].lable",
		`schemes["市本级"].extra`,
		"comment",
	}, paths)
	assert.Equal(t, `unknown field "projects[2].cost_lines[0].amout"`, ps[2].Message.EN)
	assert.Equal(t, `未知字段 "projects[2].cost_lines[0].amout"`, ps[2].Message.ZH)
	// Nothing was decoded.
	assert.Equal(t, portfolio{}, p)
}

func TestDecodeJSONLenient(t *testing.T) {
	data := readTestdata(t, "project_typos.json")
	var p portfolio
	require.NoError(t, decodeJSON(data, &p, lenient))
	require.Len(t, p.Projects, 3)
	assert.Equal(t, "乙", p.Projects[1].Name)
	assert.True(t, p.Projects[1].Amount.Equal(num("2")))
	assert.True(t, p.Projects[2].CostLines[1].Amount.Equal(num("4")))
	assert.True(t, p.Projects[2].CostLines[0].Amount.IsZero(), "the misspelt amout is dropped in lenient mode")
	require.NotNil(t, p.Org)
	assert.Equal(t, 2, p.Org.Len())
}

func TestDecodeJSONStrictValidInput(t *testing.T) {
	var p Project
	require.NoError(t, DecodeJSON(readTestdata(t, "project_valid.json"), &p))
	want := validProject()
	assert.Equal(t, want.ID, p.ID)
	assert.Equal(t, want.Period, p.Period)
	require.Len(t, p.CostLines, 3)
	assert.True(t, p.CostLines[2].UnitPrice.Equal(num("80000.01")))
	assert.NoError(t, p.Validate())
}

func TestDecodeJSONErrors(t *testing.T) {
	var p Project
	err := DecodeJSON([]byte(`{"id": "P1",`), &p)
	var syn *json.SyntaxError
	assert.ErrorAs(t, err, &syn)
	assert.Contains(t, err.Error(), "performance: decode json: ")

	err = DecodeJSON([]byte(`{"fiscal_year": "2021"}`), &p)
	var typ *json.UnmarshalTypeError
	assert.ErrorAs(t, err, &typ)

	// A bad decimal is decimal's own error, wrapped.
	err = DecodeJSON([]byte(`{"amount": "12,5"}`), &p)
	assert.Error(t, err)

	// A non-pointer target is encoding/json's InvalidUnmarshalError.
	var inv *json.InvalidUnmarshalError
	assert.ErrorAs(t, DecodeJSON([]byte(`{}`), p), &inv)

	// An invalid tree inside is reported by the Org's own check.
	var pf portfolio
	err = DecodeJSON([]byte(`{"org": [{"id": "u", "name": "单位", "kind": "unit"}]}`), &pf)
	assert.ErrorIs(t, err, ErrInvalid)
}

type embeddedBase struct {
	ID   string `json:"id"`
	Note string `json:"note"`
}

type withEmbedded struct {
	embeddedBase
	Note   string `json:"note"` // shadows embeddedBase.Note
	Secret string `json:"-"`
	Count  int    `json:"count,string"`
	Any    any    `json:"any"`
	plain  string
}

func TestDecodeJSONFieldRules(t *testing.T) {
	var v withEmbedded
	require.NoError(t, DecodeJSON([]byte(`{"id":"x","note":"n","count":"3","any":{"whatever":[1]}}`), &v))
	assert.Equal(t, "x", v.ID)
	assert.Equal(t, "n", v.Note)
	assert.Equal(t, 3, v.Count)
	assert.Empty(t, v.plain)

	err := DecodeJSON([]byte(`{"Secret":"s","plain":"p","-":1}`), &v)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	// json:"-" fields and unexported fields cannot be set from JSON.
	assert.Equal(t, []string{"Secret", "plain", "-"}, []string{ps[0].Path, ps[1].Path, ps[2].Path})

	// At the top of an array the path starts with the index.
	err = DecodeJSON([]byte(`[1, {"id": "y", "bogus": 1}]`), &[]withEmbedded{})
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, "[1].bogus", ps[0].Path)

	// Values that are not objects where objects are expected are left to
	// encoding/json's type errors.
	err = DecodeJSON([]byte(`[1, {"id": "y"}]`), &[]withEmbedded{})
	var typ *json.UnmarshalTypeError
	assert.ErrorAs(t, err, &typ)
}

// Every type of the package round-trips through JSON with decimals as
// strings and snake_case names.
func TestJSONRoundTrips(t *testing.T) {
	t.Run("project", func(t *testing.T) {
		data := readTestdata(t, "project_valid.json")
		var p Project
		require.NoError(t, DecodeJSON(data, &p))
		out, err := json.Marshal(&p)
		require.NoError(t, err)
		// The file is written by hand in the canonical form: the output equals it.
		assert.JSONEq(t, string(data), string(out))
	})
	t.Run("problems", func(t *testing.T) {
		ps := Problems{{Code: CodeNoCostLines, Path: "cost_lines", Message: Text{ZH: "无明细测算", EN: "no cost lines"}}}
		out, err := json.Marshal(ps)
		require.NoError(t, err)
		assert.Equal(t, `[{"code":"no_cost_lines","path":"cost_lines","message":{"zh":"无明细测算","en":"no cost lines"}}]`, string(out))
		var back Problems
		require.NoError(t, DecodeJSON(out, &back))
		assert.Equal(t, ps, back)
	})
	t.Run("execution and ratio", func(t *testing.T) {
		e := Execution{InitialBudget: num("100.50"), AdjustedBudget: num("120"), Executed: num("60.25")}
		out, err := json.Marshal(e)
		require.NoError(t, err)
		assert.Equal(t, `{"initial_budget":"100.5","adjusted_budget":"120","executed":"60.25"}`, string(out))
		var back Execution
		require.NoError(t, DecodeJSON(out, &back))
		assert.True(t, back.Executed.Equal(e.Executed))

		r, err := e.Rate(BaseAdjusted)
		require.NoError(t, err)
		out, err = json.Marshal(r)
		require.NoError(t, err)
		assert.Equal(t, `{"num":"60.25","den":"120"}`, string(out))
	})
	t.Run("standard, node, total", func(t *testing.T) {
		s := ExpenditureStandard{ID: "train-1", Name: "培训费（一类）", Unit: "人·天", Cap: num("450")}
		out, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, `{"id":"train-1","name":"培训费（一类）","unit":"人·天","cap":"450"}`, string(out))

		tot := Total{Node: Node{ID: "city", Name: "市本级", Kind: NodeRegion}, Depth: 1, Amount: num("0.10")}
		out, err = json.Marshal(tot)
		require.NoError(t, err)
		assert.Equal(t, `{"node":{"id":"city","name":"市本级","kind":"region"},"depth":1,"amount":"0.1"}`, string(out))
	})
	t.Run("grade and month", func(t *testing.T) {
		type row struct {
			Grade Grade `json:"grade"`
			Month Month `json:"month"`
		}
		out, err := json.Marshal(row{Grade: Good, Month: Month{2021, time.August}})
		require.NoError(t, err)
		assert.Equal(t, `{"grade":"良","month":"2021-08"}`, string(out))
		var back row
		require.NoError(t, DecodeJSON([]byte(`{"grade":"良好","month":"2021-08"}`), &back))
		assert.Equal(t, row{Grade: Good, Month: Month{2021, time.August}}, back)
	})
}

// FuzzDecodeJSONStrict: strict decoding never panics, and whenever it
// succeeds lenient decoding succeeds too with the same result.
func FuzzDecodeJSONStrict(f *testing.F) {
	f.Add([]byte(`{"id":"P1","cost_lines":[{"amount":"1"}]}`))
	f.Add([]byte(`{"org":[{"id":"a","name":"甲","kind":"region"}],"schemes":{"x":{"bands":[]}}}`))
	f.Add([]byte(`{"projects":[{"cost_lines":[{"amout":1}]}]}`))
	f.Add([]byte(`[`))
	f.Add([]byte(`{"projects":[{"id":"P1","id":"P2"}]}`))
	f.Add([]byte("\xef\xbb\xbf{\"org\":[]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var strictV, lenientV portfolio
		errStrict := DecodeJSON(data, &strictV)
		errLenient := decodeJSON(data, &lenientV, lenient)
		if errStrict == nil {
			// Nothing strict accepts repeats a key: no last-wins.
			if dups, _ := strictjson.Duplicates(strictjson.TrimBOM(data)); len(dups) > 0 {
				t.Fatalf("strict accepted a repeated key at %s", dups[0].Path)
			}
			if errLenient != nil {
				t.Fatalf("strict accepted what lenient rejected: %v", errLenient)
			}
			a, _ := json.Marshal(strictV)
			b, _ := json.Marshal(lenientV)
			if string(a) != string(b) {
				t.Fatalf("strict and lenient differ:\n%s\n%s", a, b)
			}
		}
	})
}

// A member given twice is a problem at the path of the second one, not a
// silent last-wins; unknown members come first.
func TestDecodeJSONStrictDuplicates(t *testing.T) {
	data := []byte(`{"projects":[{"id":"P0"},{"id":"P1"},{"id":"P2"},{"id":"P001","name":"甲","id":"P002"}],
		"schemes":{"x":{"bands":[]},"x":{"bands":[]}},"bogus":1}`)
	var p portfolio
	err := DecodeJSON(data, &p)
	require.ErrorIs(t, err, ErrInvalid)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, q := range ps {
		got = append(got, q.Code+" "+q.Path)
	}
	assert.Equal(t, []string{"unknown_field bogus", "duplicate_field projects[3].id", "duplicate_field schemes.x"}, got)
	assert.Equal(t, `duplicate field "projects[3].id"`, ps[1].Message.EN)
	assert.Equal(t, `重复字段 "projects[3].id"`, ps[1].Message.ZH)
	assert.Equal(t, portfolio{}, p, "nothing decoded")

	// Lenient decoding keeps encoding/json's last-wins.
	require.NoError(t, decodeJSON(data, &p, lenient))
	assert.Equal(t, "P002", p.Projects[3].ID)
}

// A UTF-8 byte order mark, as Windows editors write it, is skipped.
func TestDecodeJSONBOM(t *testing.T) {
	var p Project
	require.NoError(t, DecodeJSON([]byte("\xef\xbb\xbf{\"id\": \"P1\"}"), &p))
	assert.Equal(t, "P1", p.ID)
}

// Malformed input and values that do not decode say line and column, the
// column in characters.
func TestDecodeJSONPositions(t *testing.T) {
	tests := []struct {
		name, in   string
		line, col  int
		path, text string
	}{
		// Line 2 is `  "名称": x`: the x is character 9 (byte 13).
		{"syntax", "{\n  \"名称\": x}", 2, 9, "", "invalid character 'x' looking for beginning of value"},
		// The input ends after line 1's 12 characters.
		{"end", `{"id": "P1",`, 1, 13, "", "unexpected end of JSON input"},
		// Line 3 is `  "amount": "12,5"`: the value starts at character 13.
		{"decimal", "{\n  \"name\": \"项目\",\n  \"amount\": \"12,5\"\n}", 3, 13, "amount", ""},
		// `{"cost_lines": [{}, {"amount": 7, "quantity": ` is 46 characters: true is the 47th.
		{"type", `{"cost_lines": [{}, {"amount": 7, "quantity": true}]}`, 1, 47, "cost_lines[1].quantity", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Project
			err := DecodeJSON([]byte(tt.in), &p)
			var je *JSONError
			require.ErrorAs(t, err, &je)
			assert.Equal(t, []int{tt.line, tt.col}, []int{je.Line, je.Column})
			assert.Equal(t, tt.path, je.Path)
			if tt.text != "" {
				assert.Equal(t, tt.text, je.Err.Error())
			}
		})
	}
	// The syntax error is still encoding/json's.
	var syn *json.SyntaxError
	assert.ErrorAs(t, DecodeJSON([]byte(`{"id": "P1",`), new(Project)), &syn)
}

// BenchmarkDecodeJSON compares strict decoding of a portfolio of 200
// projects with 5 cost lines each with encoding/json alone.
func BenchmarkDecodeJSON(b *testing.B) {
	var p portfolio
	for i := range 200 {
		pr := validProject()
		pr.ID = "P" + strconv.Itoa(i)
		for len(pr.CostLines) < 5 {
			pr.CostLines = append(pr.CostLines, pr.CostLines[0])
		}
		p.Projects = append(p.Projects, *pr)
	}
	data, err := json.Marshal(p)
	require.NoError(b, err)
	b.Run("strict", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v portfolio
			if err := DecodeJSON(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v portfolio
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestDecodeDecimalFastFormsAsUnmarshalJSON checks the one pass's decimal
// forms against decimal's own UnmarshalJSON, value and representation
// (reflect.DeepEqual sees the coefficient and the exponent).
func TestDecodeDecimalFastFormsAsUnmarshalJSON(t *testing.T) {
	forms := []string{
		`"9.5"`, `9.5`, `"10"`, `0`, `"-0"`, `"-0.50"`, `"00.5"`, `"123456789012345678"`,
		`"-12345678901234567"`, `"-123456789012345678"`, `"1234567890123456789"`, `"1.000000000000000000"`,
		`".5"`, `"5."`, `"+1"`, `"1e3"`, `"1.5E-2"`, `null`, `"null"`, `""`, `"1.2.3"`, `"-"`, `"--1"`, `"1-"`,
	}
	var dc decimalCache
	for range 2 { // the second round from the cache
		for _, f := range forms {
			var want decimal.Decimal
			wantErr := want.UnmarshalJSON([]byte(f))
			var got decimal.Decimal
			gotErr := dc.decode([]byte(f), reflect.ValueOf(&got).Elem())
			assert.Equal(t, wantErr == nil, gotErr == nil, "%s: error %v, want %v", f, gotErr, wantErr)
			assert.True(t, reflect.DeepEqual(want, got), "%s: got %#v, want %#v", f, got, want)
		}
	}
}

// TestDecodeJSONOnePassAsScanned checks that the one pass gives what the
// scanned way gives, on the package's test documents in both modes and on
// generated experts' sheets: the same value, or the same error.
func TestDecodeJSONOnePassAsScanned(t *testing.T) {
	docs := map[string]func() any{
		"project_valid.json": func() any { return new(Project) },
		"project_typos.json": func() any { return new(portfolio) },
	}
	for name, newV := range docs {
		data := readTestdata(t, name)
		for _, mode := range []decodeMode{strict, lenient} {
			got, want := newV(), newV()
			gotErr := decodeJSON(data, got, mode)
			wantErr := decodeJSONScanned(strictjson.TrimBOM(data), want, mode)
			assert.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(gotErr), name)
			assert.True(t, reflect.DeepEqual(want, got), "%s mode=%v: the values differ", name, mode)
		}
	}
	data := expertsJSON(300)
	var got, want []benchSheets
	require.NoError(t, DecodeJSON(data, &got))
	require.NoError(t, decodeJSONScanned(data, &want, strict))
	require.Len(t, got, 300)
	assert.True(t, reflect.DeepEqual(want, got), "experts' sheets differ")
}
