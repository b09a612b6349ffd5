package goals

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/performance"
)

// describeTarget writes a decoded target field by field, decimals with
// their exponents (10 and 10.0 are different texts), for comparing with a
// table.
func describeTarget(t Target) string {
	d := ""
	if !t.Deadline.IsZero() {
		d = t.Deadline.Format("2006-01-02")
	}
	return fmt.Sprintf("%s %s(e%d) %s(e%d) unit=%q deadline=%s implied=%t text=%q",
		t.Op.Code(), t.Value, t.Value.Exponent(), t.Upper, t.Upper.Exponent(), t.Unit, d, t.Implied, t.Text)
}

// TestTargetUnmarshalJSONTable pins which texts a target decodes from and
// the exact error of each it refuses, both through the method itself and
// inside a document read by performance.DecodeJSON (which adds the path).
// The rows were taken from the decoder before its one-pass rewrite, and
// checked by hand: "95.50" keeps its two places (9550e-2, shown 95.5),
// "007.0" is 70e-1, "1e3" is 1e3 (shown 1000), "2023年10月" lasts to
// 2023-10-31, keys match case-insensitively as encoding/json matches them,
// and a repeated key inside a document is the outer decoder's problem.
func TestTargetUnmarshalJSONTable(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the decoded target, or the method's error
		// nested is DecodeJSON's result for {"target": in} (the path
		// added to an error); "" when it is want.
		nested string
	}{
		{name: "object", in: `{"op":"ge","value":"100","unit":"人","text":"≥100人"}`,
			want: "ge 100(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"≥100人\""},
		{name: "fraction", in: `{"op":"ge","value":"95.50","unit":"%"}`,
			want: "ge 95.5(e-2) 0(e0) unit=\"%\" deadline= implied=false text=\"\""},
		{name: "negative", in: `{"op":"gt","value":"-0.5","unit":"℃"}`,
			want: "gt -0.5(e-1) 0(e0) unit=\"℃\" deadline= implied=false text=\"\""},
		{name: "leading zeros", in: `{"op":"ge","value":"007.0","unit":"项"}`,
			want: "ge 7(e-1) 0(e0) unit=\"项\" deadline= implied=false text=\"\""},
		{name: "exponent form", in: `{"op":"le","value":"1e3","unit":"元"}`,
			want: "le 1000(e3) 0(e0) unit=\"元\" deadline= implied=false text=\"\""},
		{name: "range", in: `{"op":"range","value":"80","upper":"90","unit":"%","text":"80%~90%"}`,
			want: "range 80(e0) 90(e0) unit=\"%\" deadline= implied=false text=\"80%~90%\""},
		{name: "deadline", in: `{"op":"le","deadline":"2022-12-31","implied":true,"text":"2022年12月31日"}`,
			want: "le 0(e0) 0(e0) unit=\"\" deadline=2022-12-31 implied=true text=\"2022年12月31日\""},
		{name: "qualitative", in: `{"op":"qualitative","text":"明显提升"}`,
			want: "qualitative 0(e0) 0(e0) unit=\"\" deadline= implied=false text=\"明显提升\""},
		{name: "empty object", in: `{}`,
			want: "ge 0(e0) 0(e0) unit=\"\" deadline= implied=false text=\"\""},
		{name: "spaces", in: " { \"op\" : \"eq\" ,\t\"value\" : \"3\" ,\r\n \"unit\" : \"次\" } ",
			want: "eq 3(e0) 0(e0) unit=\"次\" deadline= implied=false text=\"\""},
		{name: "out of order", in: `{"text":"≤5天","unit":"天","value":"5","op":"le"}`,
			want: "le 5(e0) 0(e0) unit=\"天\" deadline= implied=false text=\"≤5天\""},
		{name: "implied false", in: `{"op":"ge","value":"0","implied":false}`,
			want: "ge 0(e0) 0(e0) unit=\"\" deadline= implied=false text=\"\""},
		{name: "symbol op", in: `{"op":"≥","value":"1","unit":"个"}`,
			want: "ge 1(e0) 0(e0) unit=\"个\" deadline= implied=false text=\"\""},
		{name: "chinese op", in: `{"op":"不高于","value":"2","unit":"天"}`,
			want: "le 2(e0) 0(e0) unit=\"天\" deadline= implied=false text=\"\""},
		{name: "keys in other case", in: `{"OP":"ge","Value":"7","unit":"人"}`,
			want: "ge 7(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "escaped unit", in: `{"op":"ge","value":"1","unit":"\u4eba"}`,
			want: "ge 1(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "escaped text", in: `{"op":"ge","value":"1","unit":"人","text":"\u22651\"人\""}`,
			want: "ge 1(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"≥1\\\"人\\\"\""},
		{name: "escaped value", in: `{"op":"ge","value":"\u0031","unit":"人"}`,
			want: "ge 1(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "null value", in: `{"op":"ge","value":null,"unit":"人"}`,
			want: "ge 0(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "null op", in: `{"op":null,"value":"1","unit":"人"}`,
			want: "ge 1(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "null whole", in: `null`,
			want: "ge 0(e0) 0(e0) unit=\"\" deadline= implied=false text=\"\""},
		{name: "string", in: `"≥100人"`,
			want: "ge 100(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"≥100人\""},
		{name: "string escaped", in: `"\u2265100人"`,
			want: "ge 100(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"≥100人\""},
		{name: "string spaced", in: ` "≥100人" `,
			want: "ge 100(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"≥100人\""},
		{name: "string deadline", in: `"2023年10月"`,
			want: "le 0(e0) 0(e0) unit=\"\" deadline=2023-10-31 implied=true text=\"2023年10月\""},
		{name: "string qualitative", in: `"及时"`,
			want: "qualitative 0(e0) 0(e0) unit=\"\" deadline= implied=false text=\"及时\""},
		{name: "unknown member", in: `{"op":"ge","valeu":"100","unit":"人"}`,
			want:   "goals: target: 1 problem\nvaleu: unknown field \"valeu\" (unknown_field)",
			nested: "performance: decode json: 1:11: target: goals: target: 1 problem\nvaleu: unknown field \"valeu\" (unknown_field)"},
		{name: "repeated member", in: `{"op":"ge","op":"le","value":"1","unit":"人"}`,
			want:   "goals: target: 1 problem\nop: duplicate field \"op\" (duplicate_field)",
			nested: "1 problem\ntarget.op: duplicate field \"target.op\" (duplicate_field)"},
		{name: "unknown operator", in: `{"op":"gte","value":"1","unit":"人"}`,
			want:   "goals: target: performance: decode json: 1:7: op: goals: unknown kind: operator \"gte\" (want ge, le, eq, gt, lt, range or qualitative; ≥, ≤, =, > or <; 不低于, 不高于, 等于, 高于, 低于, 区间 or 定性)",
			nested: "performance: decode json: 1:11: target: goals: target: performance: decode json: 1:7: op: goals: unknown kind: operator \"gte\" (want ge, le, eq, gt, lt, range or qualitative; ≥, ≤, =, > or <; 不低于, 不高于, 等于, 高于, 低于, 区间 or 定性)"},
		{name: "empty operator", in: `{"op":"","value":"1","unit":"人"}`,
			want:   "goals: target: performance: decode json: 1:7: op: goals: unknown kind: operator \"\" (want ge, le, eq, gt, lt, range or qualitative; ≥, ≤, =, > or <; 不低于, 不高于, 等于, 高于, 低于, 区间 or 定性)",
			nested: "performance: decode json: 1:11: target: goals: target: performance: decode json: 1:7: op: goals: unknown kind: operator \"\" (want ge, le, eq, gt, lt, range or qualitative; ≥, ≤, =, > or <; 不低于, 不高于, 等于, 高于, 低于, 区间 or 定性)"},
		{name: "bad value", in: `{"op":"ge","value":"abc","unit":"人"}`,
			want:   "goals: target value \"abc\": performance: can't convert abc to decimal",
			nested: "performance: decode json: 1:11: target: goals: target value \"abc\": performance: can't convert abc to decimal"},
		{name: "number value", in: `{"op":"ge","value":100,"unit":"人"}`,
			want:   "goals: target: performance: decode json: 1:20: value: json: cannot unmarshal number into Go value of type string",
			nested: "performance: decode json: 1:11: target: goals: target: performance: decode json: 1:20: value: json: cannot unmarshal number into Go value of type string"},
		{name: "empty value", in: `{"op":"ge","value":"","unit":"人"}`,
			want:   "goals: target value \"\": performance: can't convert  to decimal",
			nested: "performance: decode json: 1:11: target: goals: target value \"\": performance: can't convert  to decimal"},
		{name: "spaced value", in: `{"op":"ge","value":" 1","unit":"人"}`,
			want:   "goals: target value \" 1\": performance: can't convert  1 to decimal",
			nested: "performance: decode json: 1:11: target: goals: target value \" 1\": performance: can't convert  1 to decimal"},
		{name: "plus value", in: `{"op":"ge","value":"+1","unit":"人"}`,
			want: "ge 1(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "dot value", in: `{"op":"ge","value":"1.","unit":"人"}`,
			want: "ge 1(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "huge exponent", in: `{"op":"ge","value":"1e999","unit":"人"}`,
			want:   "goals: target value \"1e999\": performance: exponent 999 outside -30 to 30",
			nested: "performance: decode json: 1:11: target: goals: target value \"1e999\": performance: exponent 999 outside -30 to 30"},
		{name: "many digits", in: `{"op":"ge","value":"123456789012345678901234567890","unit":"人"}`,
			want: "ge 123456789012345678901234567890(e0) 0(e0) unit=\"人\" deadline= implied=false text=\"\""},
		{name: "bad upper", in: `{"op":"range","value":"1","upper":"x","unit":"人"}`,
			want:   "goals: target upper bound \"x\": performance: can't convert x to decimal",
			nested: "performance: decode json: 1:11: target: goals: target upper bound \"x\": performance: can't convert x to decimal"},
		{name: "bad deadline", in: `{"op":"le","deadline":"2022-13-01"}`,
			want:   "goals: target deadline \"2022-13-01\": parsing time \"2022-13-01\": month out of range",
			nested: "performance: decode json: 1:11: target: goals: target deadline \"2022-13-01\": parsing time \"2022-13-01\": month out of range"},
		{name: "implied string", in: `{"op":"ge","value":"1","implied":"yes"}`,
			want:   "goals: target: performance: decode json: 1:34: implied: json: cannot unmarshal string into Go value of type bool",
			nested: "performance: decode json: 1:11: target: goals: target: performance: decode json: 1:34: implied: json: cannot unmarshal string into Go value of type bool"},
		{name: "unit number", in: `{"op":"ge","value":"1","unit":5}`,
			want:   "goals: target: performance: decode json: 1:31: unit: json: cannot unmarshal number into Go value of type string",
			nested: "performance: decode json: 1:11: target: goals: target: performance: decode json: 1:31: unit: json: cannot unmarshal number into Go value of type string"},
		{name: "array", in: `["ge","1"]`,
			want:   "goals: target: performance: decode json: 1:1: json: cannot unmarshal array into Go value of type goals.targetJSON",
			nested: "performance: decode json: 1:11: target: goals: target: performance: decode json: 1:1: json: cannot unmarshal array into Go value of type goals.targetJSON"},
		{name: "number", in: `5`,
			want:   "goals: target: performance: decode json: 1:1: json: cannot unmarshal number into Go value of type goals.targetJSON",
			nested: "performance: decode json: 1:11: target: goals: target: performance: decode json: 1:1: json: cannot unmarshal number into Go value of type goals.targetJSON"},
		{name: "string bad", in: `"≥abc"`,
			want:   "goals: target \"≥abc\": at byte 3: goals: invalid target",
			nested: "performance: decode json: 1:11: target: goals: target \"≥abc\": at byte 3: goals: invalid target"},
		{name: "string empty", in: `""`,
			want:   "goals: target \"\": at byte 0: goals: empty target",
			nested: "performance: decode json: 1:11: target: goals: target \"\": at byte 0: goals: empty target"},
		{name: "unclosed", in: `{"op":"ge"`,
			want:   "goals: target: performance: decode json: 1:11: unexpected end of JSON input",
			nested: "performance: decode json: 1:22: unexpected end of JSON input"},
		{name: "trailing", in: `{"op":"ge","value":"1","unit":"人"} x`,
			want:   "goals: target: performance: decode json: 1:36: invalid character 'x' after top-level value",
			nested: "performance: decode json: 1:46: invalid character 'x' after object key:value pair"},
		{name: "trailing comma", in: `{"op":"ge",}`,
			want:   "goals: target: performance: decode json: 1:12: invalid character '}' looking for beginning of object key string",
			nested: "performance: decode json: 1:22: invalid character '}' looking for beginning of object key string"},
		{name: "invalid utf8 text", in: "{\"op\":\"qualitative\",\"text\":\"a\xffb\"}",
			want: "qualitative 0(e0) 0(e0) unit=\"\" deadline= implied=false text=\"a�b\""},
		{name: "raw tab in text", in: "{\"op\":\"qualitative\",\"text\":\"a\tb\"}",
			want:   "goals: target: performance: decode json: 1:30: invalid character '\\t' in string literal",
			nested: "performance: decode json: 1:40: invalid character '\\t' in string literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Target
			if err := got.UnmarshalJSON([]byte(tt.in)); err != nil {
				assert.Equal(t, tt.want, err.Error(), "UnmarshalJSON(%s)", tt.in)
			} else {
				assert.Equal(t, tt.want, describeTarget(got), "UnmarshalJSON(%s)", tt.in)
			}
			var doc struct {
				Target Target `json:"target"`
			}
			want := tt.nested
			if want == "" {
				want = tt.want
			}
			if err := performance.DecodeJSON([]byte(`{"target":`+tt.in+`}`), &doc); err != nil {
				assert.Equal(t, want, err.Error(), "DecodeJSON of %s", tt.in)
			} else {
				assert.Equal(t, want, describeTarget(doc.Target), "DecodeJSON of %s", tt.in)
			}
		})
	}
}

// FuzzTargetOnePass checks that the one pass (UnmarshalStrictJSON, through
// the strict decoder) gives the value the long way gives from the same
// text whenever it accepts it: an object decoded by performance.DecodeJSON
// into targetJSON, or a string read with ParseTarget. Refusing is always
// allowed (the long way then decides); accepting what the long way refuses,
// or decoding to another value, is the failure.
func FuzzTargetOnePass(f *testing.F) {
	for _, s := range []string{
		`{"op":"ge","value":"100","unit":"人","text":"≥100人"}`,
		`{"op":"range","value":"80","upper":"90.50","unit":"%"}`,
		`{"op":"le","deadline":"2022-12-31","implied":true,"text":"2022年12月31日"}`,
		`{"OP":"≥","Value":"7","UNIT":"\u4eba","implied":null,"text":null}`,
		`{"op":null,"value":null,"upper":null,"deadline":null}`,
		`{"op":"ge","value":"1e3","text":"a\ufffdb\"c"}`,
		`{"op":"ge","value":"","unit":"x"}`,
		`{"op":"gte"}`,
		`{"op":"ge","op":"le"}`,
		`{"op":"ge","Op":"le"}`,
		`{"op":"ge","valeu":"1"}`,
		`{"implied":"yes"}`,
		`"≥100人"`, `"2023年10月"`, `""`, `null`, `{}`, `[]`, `5`, ` { } `,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var one Target
		if targetDecoder.Decode([]byte(in), &one) != nil {
			return
		}
		var long Target
		if err := long.unmarshalLong([]byte(in)); err != nil {
			t.Fatalf("one pass accepted %q as %s; the long way refuses it: %v", in, describeTarget(one), err)
		}
		if got, want := describeTarget(one), describeTarget(long); got != want {
			t.Fatalf("%q: one pass %s, long way %s", in, got, want)
		}
	})
}
