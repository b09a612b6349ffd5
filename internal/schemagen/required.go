package schemagen

import (
	"reflect"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/rules"
)

// required lists, per struct type, the members without which the type's
// parser rejects a file: the strict decoders only reject unknown members,
// so a member is required only where a Validate (or the parser itself)
// reports its absence. Such members are strings that must not be blank;
// the schema says so with minLength and a non-space pattern as well. The
// schema test removes each of them from a bundled file and checks that
// both the schema and the Go parser reject the copy. A required string
// member must not be empty either (minLength 1).
var required = map[reflect.Type][]string{
	// rules.Set.Validate: "rule set id is empty", "rule id is empty",
	// "condition is empty", output name/type/expr empty.
	reflect.TypeFor[rules.Set]():    {"id"},
	reflect.TypeFor[rules.Rule]():   {"id", "when"},
	reflect.TypeFor[rules.Output](): {"name", "type", "expr"},
	// monitoring.Policy.Validate: "the trigger has no ID".
	reflect.TypeFor[monitoring.Trigger](): {"id"},
	// evaluation.ParseKeyReport: "project id empty or duplicate".
	reflect.TypeFor[evaluation.KeyEvaluation](): {"project_id"},
	// ParseExAntePolicy validates the rule set, whose id is required.
	reflect.TypeFor[evaluation.ExAntePolicy](): {"rules"},
	// history.ParsePolicy: id "empty".
	reflect.TypeFor[history.Policy](): {"id"},
}

// nonBlank and identifier are the stricter checks of rules.Set.Validate:
// ids and conditions must not be blank (strings.TrimSpace), output names
// must be identifiers.
var (
	nonBlank   = Schema{"pattern": `\S`}
	identifier = Schema{"pattern": `^[A-Za-z_][A-Za-z0-9_]*$`}
)

// constraints are checks a parser makes on a member's value beyond its Go
// type, merged into the member's schema.
var constraints = map[reflect.Type]map[string]Schema{
	reflect.TypeFor[rules.Set](): {"id": nonBlank, "hit_policy": {"enum": []any{"", "collect", "first", "unique"}}},
	reflect.TypeFor[rules.Rule](): {"id": nonBlank, "when": nonBlank,
		"effective_from": {"pattern": `^$|` + datePattern}, "effective_to": {"pattern": `^$|` + datePattern}},
	reflect.TypeFor[rules.Output](): {"name": identifier, "expr": nonBlank},
}

// requiredFields returns the required members of struct type t, if any.
func requiredFields(t reflect.Type) []string {
	if r, ok := required[t]; ok {
		return r
	}
	// ruletest.ReadCases: "cases[i].name: empty", for every environment.
	if t.PkgPath() == "github.com/jixiao-go/jixiao/rules/ruletest" && len(t.Name()) > 5 && t.Name()[:5] == "Case[" {
		return []string{"name"}
	}
	return nil
}
