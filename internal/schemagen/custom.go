package schemagen

import (
	"reflect"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// decimalPattern is what decimal.NewFromString reads: an optional sign,
// digits with an optional point (or a point and digits), an optional
// exponent. Exact: no NaN, no infinity, no thousands separators.
const decimalPattern = `^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`

// datePattern is time.DateOnly, "2006-01-02".
const datePattern = `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`

// decimalSchema is a decimal.Decimal: decimal.Decimal.UnmarshalJSON reads a
// JSON string or a JSON number; the library writes strings.
func decimalSchema() Schema {
	return Schema{"type": []any{"string", "number"}, "pattern": decimalPattern}
}

// decimalString is a decimal the decoder reads only from a JSON string.
func decimalString() Schema {
	return Schema{"type": "string", "pattern": decimalPattern}
}

func dateString() Schema {
	return Schema{"type": "string", "pattern": datePattern}
}

// custom returns the hand-written fragment of a type that decodes itself
// from JSON (it has an UnmarshalJSON, so reflection over its fields would
// say nothing true). Each entry says which decoder it follows.
func (g *generator) custom(t reflect.Type) (Schema, bool) {
	switch t {
	case reflect.TypeFor[decimal.Decimal]():
		return decimalSchema(), true
	case reflect.TypeFor[decimal.NullDecimal]():
		// NullDecimal.UnmarshalJSON: null, or what Decimal reads.
		return nullable(decimalSchema()), true
	case reflect.TypeFor[time.Time]():
		// time.Time.UnmarshalJSON: an RFC 3339 timestamp.
		return Schema{"type": "string", "format": "date-time",
			"pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`}, true
	case reflect.TypeFor[performance.Org]():
		// Org.UnmarshalJSON: the array of its nodes, checked by NewOrg:
		// "node has no id", "node has no name", unknown kind, and a unit
		// without a parent. What a schema cannot say is left to NewOrg:
		// unique ids, parents present and of the right kind, no cycles.
		node := g.schema(reflect.TypeFor[performance.Node]())
		node["required"] = []any{"id", "name", "kind"}
		node["properties"] = Schema{
			"id":   Schema{"minLength": 1},
			"name": Schema{"pattern": `\S`},
			// ParseNodeKind: the codes and the Chinese names (not "",
			// which NewOrg rejects).
			"kind": Schema{"enum": []any{string(performance.NodeRegion), string(performance.NodeDepartment), string(performance.NodeUnit),
				"地区", "部门", "预算单位", "市本级", "县区", "单位", "部门本级", "下属单位"}},
		}
		node["if"] = Schema{"properties": Schema{"kind": Schema{"enum": []any{string(performance.NodeUnit), "预算单位", "单位", "部门本级", "下属单位"}}}}
		node["then"] = Schema{"required": []any{"parent"}, "properties": Schema{"parent": Schema{"minLength": 1}}}
		return Schema{"type": "array", "items": node}, true
	case reflect.TypeFor[performance.HostValues]():
		// HostValues.UnmarshalJSON: an object of scalars — numbers (read as
		// exact decimals), strings and bools; null members, objects and
		// arrays are errors. null for the whole object is nil.
		return nullable(Schema{"type": "object",
			"additionalProperties": Schema{"type": []any{"string", "number", "boolean"}}}), true
	case reflect.TypeFor[goals.Target]():
		// Target.UnmarshalJSON: a string read with goals.ParseTarget
		// ("≥100人"), or the object MarshalJSON writes (targetJSON), its
		// numbers as decimal strings and its deadline as a date.
		// NOTE: the object is decoded with plain encoding/json, so the Go
		// decoder ignores unknown members there; the schema rejects them.
		return Schema{"anyOf": []any{
			Schema{"type": "string", "minLength": 1},
			Schema{"type": "object", "additionalProperties": false, "properties": Schema{
				"op":       g.schema(reflect.TypeFor[goals.Operator]()),
				"value":    nullable(decimalString()),
				"upper":    nullable(decimalString()),
				"unit":     Schema{"type": "string"},
				"deadline": Schema{"anyOf": []any{dateString(), Schema{"const": ""}}},
				"implied":  Schema{"type": "boolean"},
				"text":     Schema{"type": "string"},
			}},
		}}, true
	case reflect.TypeFor[goals.Actual]():
		// Actual.UnmarshalJSON: the object MarshalJSON writes (actualJSON).
		// NOTE: decoded with plain encoding/json, so the Go decoder ignores
		// unknown members; the schema rejects them.
		return Schema{"type": "object", "additionalProperties": false, "properties": Schema{
			"value":  nullable(decimalSchema()),
			"unit":   Schema{"type": "string"},
			"date":   Schema{"anyOf": []any{dateString(), Schema{"const": ""}}},
			"rating": g.schema(reflect.TypeFor[goals.Rating]()),
			"point":  nullable(decimalSchema()),
		}}, true
	}
	return nil, false
}

// format returns the schema of a text type with a fixed syntax rather than
// a set of names.
func format(t reflect.Type) (Schema, bool) {
	switch t {
	case reflect.TypeFor[performance.Month]():
		// ParseMonth: "YYYY-MM"; "" is the zero Month.
		return Schema{"type": "string", "pattern": `^([0-9]{4}-(0[1-9]|1[0-2]))?$`}, true
	}
	return nil, false
}
