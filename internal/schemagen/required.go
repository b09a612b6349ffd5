package schemagen

import (
	"reflect"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/rules"
)

// requiredFields returns the members of struct type t without which its
// parser rejects a file. The strict decoders only reject unknown members,
// so a member is required only where a Validate (or the parser itself)
// reports its absence; a required string member must not be empty either
// (minLength 1). The schema test removes members of the bundled files and
// checks that the parser rejects every copy the schema rejects.
func requiredFields(t reflect.Type) []string {
	switch t {
	case reflect.TypeFor[rules.Set]():
		// rules.Set.Validate: "rule set id is empty".
		return []string{"id"}
	case reflect.TypeFor[rules.Rule]():
		// "rule id is empty", "condition is empty (write true for always)".
		return []string{"id", "when"}
	case reflect.TypeFor[rules.Output]():
		// "output name is not an identifier", "has no type", "has an
		// empty expression".
		return []string{"name", "type", "expr"}
	case reflect.TypeFor[monitoring.Trigger]():
		// monitoring.Policy.Validate: "the trigger has no ID".
		return []string{"id"}
	case reflect.TypeFor[evaluation.KeyEvaluation]():
		// evaluation.ParseKeyReport: "project id empty or duplicate".
		return []string{"project_id"}
	case reflect.TypeFor[exante.Policy]():
		// exante.ParsePolicy validates the rule set, whose id is required.
		return []string{"rules"}
	case reflect.TypeFor[history.Policy]():
		// history.ParsePolicy: id "empty".
		return []string{"id"}
	}
	if isCase(t) {
		// ruletest.ReadCases: "cases[i].name: empty", for every environment.
		return []string{"name"}
	}
	return nil
}

// isCase reports whether t is a ruletest.Case of some environment.
func isCase(t reflect.Type) bool {
	return t.PkgPath() == "github.com/jixiao-go/jixiao/rules/ruletest" && strings.HasPrefix(t.Name(), "Case[")
}

// constraints returns the checks t's parser makes on the values of its
// members beyond their Go types, by member name, to be merged into the
// members' schemas.
func constraints(t reflect.Type) map[string]Schema {
	// rules.Set.Validate: ids and conditions must not be blank
	// (strings.TrimSpace), output names must be identifiers, the hit policy
	// known and effective dates "YYYY-MM-DD".
	nonBlank := Schema{"pattern": `\S`}
	dateOrEmpty := Schema{"pattern": `^$|` + datePattern}
	switch t {
	case reflect.TypeFor[rules.Set]():
		return map[string]Schema{"id": nonBlank,
			"hit_policy": {"enum": []any{"", string(rules.HitCollect), string(rules.HitFirst), string(rules.HitUnique), "全部命中", "首条命中", "唯一命中"}}}
	case reflect.TypeFor[rules.Rule]():
		return map[string]Schema{"id": nonBlank, "when": nonBlank, "effective_from": dateOrEmpty, "effective_to": dateOrEmpty}
	case reflect.TypeFor[rules.Output]():
		return map[string]Schema{"name": {"pattern": `^[A-Za-z_][A-Za-z0-9_]*$`}, "expr": nonBlank}
	}
	if isCase(t) {
		// ruletest.ReadCases: as_of "is not YYYY-MM-DD".
		return map[string]Schema{"as_of": dateOrEmpty}
	}
	return nil
}
