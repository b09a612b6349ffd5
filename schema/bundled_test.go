package schema_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/schemagen"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A kind is one schema with the bundled files it must accept, the bundled
// files it must reject, and the Go parser the library or the command reads
// such a file with.
type kind struct {
	schema string
	// valid are paths from the repository root; a .jsonl.gz file holds one
	// instance per line.
	valid []string
	// invalid are bundled files that the Go parser rejects for a structural
	// reason (an unknown or misspelt member), which the schema must see too.
	invalid []string
	// parse is the Go side: nil means performance.DecodeJSON in strict mode
	// into the schema's Go type, as the command's decodeStrict does.
	parse func([]byte) error
}

func strictInto[T any](check func(*T) error) func([]byte) error {
	return func(data []byte) error {
		var v T
		if err := performance.DecodeJSON(data, &v); err != nil {
			return err
		}
		if check != nil {
			return check(&v)
		}
		return nil
	}
}

func cases[E any](data []byte) error {
	_, err := ruletest.ReadCases[E](bytes.NewReader(data))
	return err
}

func ignore[T any](f func([]byte) (T, error)) func([]byte) error {
	return func(b []byte) error { _, err := f(b); return err }
}

var kinds = []kind{
	{schema: "exante-policy",
		valid:   []string{"testdata/exante/policy.json", "cmd/jixiao/testdata/exante_bad/policy_compile.json"},
		invalid: []string{"cmd/jixiao/testdata/exante_bad/policy_unknown_field.json"},
		parse:   ignore(exante.ParsePolicy)},
	{schema: "rule-set",
		valid: []string{"testdata/monitoring/rules.json", "monitoring/rules.json", "rules/ruletest/testdata/grants.rules.json",
			"cmd/jixiao/testdata/rules_monitoring_bad.json"},
		invalid: []string{"cmd/jixiao/testdata/rules_bad.json"},
		parse:   ignore(rules.ParseSet)},
	{schema: "portfolio", valid: []string{"testdata/exante/portfolio.json", "testdata/exante/handround.json", "cmd/jixiao/testdata/portfolio_csv/same.json"}},
	{schema: "check-portfolio",
		valid:   []string{"cmd/jixiao/testdata/portfolio.json", "cmd/jixiao/testdata/portfolio_bad.json"},
		invalid: []string{"cmd/jixiao/testdata/portfolio_unknown.json"}},
	{schema: "goals", valid: []string{"testdata/exante/goals.json", "testdata/monitoring/goals.json", "cmd/jixiao/testdata/portfolio_csv/goals.json"}},
	{schema: "standards", valid: []string{"testdata/exante/standards.json", "testdata/history/standards.json", "cmd/jixiao/testdata/portfolio_csv/standards.json"}},
	{schema: "org", valid: []string{"testdata/exante/org.json", "testdata/history/org.json", "testdata/monitoring/org.json"}},
	{schema: "monitoring-policy", valid: []string{"testdata/monitoring/policy.json", "monitoring/policy.json"},
		parse: ignore(monitoring.ParsePolicy)},
	{schema: "monitoring-portfolio", valid: []string{"cmd/jixiao/testdata/monitor/budgets.json"}},
	{schema: "budgets", valid: []string{"testdata/monitoring/budgets.json"}},
	{schema: "adjustments", valid: []string{"testdata/monitoring/adjustments.json"}},
	{schema: "goal-reports", valid: []string{"testdata/monitoring/goal_reports.json"}},
	{schema: "rectifications", valid: []string{"evaluation/testdata/rectifications.json"}},
	{schema: "policy-rules", valid: []string{"evaluation/publicpolicy.json"}, parse: ignore(evaluation.ParsePolicyRules)},
	{schema: "policy-proposals", valid: []string{"evaluation/exante/testdata/policy_proposals.json"}},
	{schema: "policy-evaluations", valid: []string{"evaluation/testdata/policy_evaluations.json"}},
	{schema: "completion-reports", valid: []string{"evaluation/testdata/completion_reports.json"}},
	{schema: "carry-overs", valid: []string{"testdata/monitoring/carry_overs.json"}},
	{schema: "monitoring-forms", valid: []string{"cmd/jixiao/testdata/monitor/forms.json"}, parse: ignore(monitoring.ParseForms)},
	{schema: "schedule", valid: []string{"testdata/monitoring/schedule_table.json"},
		parse: strictInto(func(s *monitoring.Schedule) error { return s.Validate() })},
	{schema: "self-evaluations", valid: []string{"cmd/jixiao/data/self2021.json"}},
	{schema: "key-report", valid: []string{"testdata/expost/key2020.json", "testdata/expost/deep2021.json"},
		parse: ignore(evaluation.ParseKeyReport)},
	{schema: "apply-policy",
		valid: []string{"testdata/expost/policy.json", "testdata/expost/policy_score.json",
			"cmd/jixiao/testdata/ruletest/apply-2022.json", "cmd/jixiao/testdata/apply_bad.json"},
		invalid: []string{"cmd/jixiao/testdata/apply_unknown_field.json"},
		parse:   ignore(evaluation.ParseApplyPolicy)},
	{schema: "apply-outcomes", valid: []string{"cmd/jixiao/testdata/apply/outcomes.json"}},
	{schema: "experts", valid: []string{"cmd/jixiao/testdata/portfolio_csv/experts.json"}},
	{schema: "expert-library", valid: []string{"testdata/experts/library.json"},
		invalid: []string{"testdata/experts/library_unknown_field.json"},
		parse:   ignore(experts.ParseLibrary)},
	{schema: "panel-request", valid: []string{"testdata/experts/request.json"}},
	{schema: "agencies", valid: []string{"testdata/experts/agencies.json"}, parse: ignore(experts.ParseAgencies)},
	{schema: "report-framework", valid: []string{"testdata/experts/framework.json"},
		parse: strictInto(func(f *experts.Framework) error { return f.Validate() })},
	{schema: "agency-reports", valid: []string{"testdata/experts/reports.json"}},
	{schema: "policy", valid: []string{"testdata/policy/2021.json", "testdata/history/policy_v1.json", "testdata/history/policy_v2.json"},
		parse: ignore(history.ParsePolicy)},
	{schema: "history-record", valid: []string{"testdata/history/records.jsonl.gz"}, parse: readRecord},
	{schema: "ruletest-monitoring", valid: []string{"testdata/history/cases/monitoring.json", "cmd/jixiao/testdata/ruletest/monitoring.cases.json"},
		parse: cases[monitoring.Env]},
	{schema: "ruletest-exante", valid: []string{"testdata/history/cases/exante_projects.json"}, parse: cases[exante.Env]},
	{schema: "ruletest-line", valid: []string{"testdata/history/cases/exante_lines.json"}, parse: cases[exante.CostLineEnv]},
	{schema: "ruletest-projects",
		valid:   []string{"testdata/history/cases/apply_projects.json", "testdata/history/cases/apply_score.json", "cmd/jixiao/testdata/ruletest/apply.cases.json"},
		invalid: []string{"cmd/jixiao/testdata/ruletest/bad.cases.json"},
		parse:   cases[evaluation.ProjectEnv]},
	{schema: "ruletest-departments", valid: []string{"testdata/history/cases/apply_departments.json"}, parse: cases[evaluation.DepartmentEnv]},
	{schema: "scheme", valid: []string{"performance/testdata/scheme_city_labels.json", "performance/testdata/scheme_district_fair70.json",
		"performance/testdata/scheme_low_grade.json", "performance/testdata/scheme_merged.json", "performance/testdata/scheme_national.json",
		"performance/testdata/scheme_part.json"},
		parse: strictInto(func(s *performance.Scheme) error { return s.Validate() })},
	{schema: "project", valid: []string{"performance/testdata/project_valid.json"},
		invalid: []string{"performance/testdata/project_typos.json"}},
	{schema: "goal-review-rules", valid: []string{"testdata/goallife/review_rules.json", "testdata/goallife/review_rules_pass.json"},
		parse: strictInto(func(r *goals.ReviewRules) error { return r.Validate() })},
	{schema: "goal-reviews", valid: []string{"testdata/goallife/reviews.json"}},
	{schema: "goal-versions", valid: []string{"testdata/goallife/versions.json"},
		parse: strictInto(func(vs *[]goals.Versions) error {
			var errs []error
			for i := range *vs {
				errs = append(errs, (*vs)[i].Validate())
			}
			return errors.Join(errs...)
		})},
	{schema: "goal-adjustment-rules", valid: []string{"testdata/goallife/adjustment_rules.json"},
		parse: strictInto(func(r *goals.AdjustmentRules) error { return r.Validate() })},
	{schema: "goal-adjustments", valid: []string{"testdata/goallife/adjustments.json"}},
	{schema: "department-forms", valid: []string{"testdata/expost/department_forms.json"},
		parse: ignore(goals.ParseDepartmentForms)},
	{schema: "department-evaluations", valid: []string{"testdata/expost/department_evaluations.json"},
		parse: strictInto(func(ds *[]evaluation.DepartmentEvaluation) error {
			var errs []error
			for i := range *ds {
				if _, err := (*ds)[i].Evaluate(nil, goals.Config{}); err != nil {
					errs = append(errs, err)
				}
			}
			return errors.Join(errs...)
		})},
	{schema: "period-goals", valid: []string{"testdata/goallife/period_goals.json"},
		parse: strictInto(func(ps *[]goals.PeriodGoals) error {
			var errs []error
			for i := range *ps {
				errs = append(errs, (*ps)[i].Check())
			}
			return errors.Join(errs...)
		})},
	{schema: "goals-library", valid: []string{"goals/testdata/library.json", "goals/core.json"}, parse: ignore(func(b []byte) (*goals.Library, error) { return goals.ParseLibrary(b) })},
	{schema: "audit", valid: []string{"cmd/jixiao/data/lhasa2021.json", "cmd/jixiao/testdata/rollup.json"},
		invalid: []string{"cmd/jixiao/testdata/bad.json"}},
}

// readRecord reads one JSON line as history.Read does.
func readRecord(line []byte) error {
	for _, err := range history.Read(bytes.NewReader(line)) {
		if err != nil {
			return err
		}
	}
	return nil
}

// parser returns the Go parser of k.
func parser(t *testing.T, k kind) func([]byte) error {
	if k.parse != nil {
		return k.parse
	}
	f := file(t, k.schema)
	return func(data []byte) error {
		return performance.DecodeJSON(data, reflect.New(f.Type).Interface())
	}
}

// decoder returns the strict decoding of k's files, without the parser's
// further checks: performance.DecodeJSON in strict mode into the schema's Go
// type. (The library's other strict decoders — rules.ParseSet's,
// encoding/json with DisallowUnknownFields in monitoring.ParsePolicy,
// history.Read and ruletest.ReadCases — reject the same members.)
func decoder(t *testing.T, k kind) func([]byte) error {
	f := file(t, k.schema)
	return func(data []byte) error {
		return performance.DecodeJSON(data, reflect.New(f.Type).Interface())
	}
}

func file(t *testing.T, name string) schemagen.File {
	for _, f := range schemagen.Files() {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no schema %q", name)
	return schemagen.File{}
}

// compile compiles the committed schema name with a loader that refuses
// every URL: the schemas must not need the network or any other file.
func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(name + ".schema.json")
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.UseLoader(noLoader{})
	id := schemagen.BaseID + name + ".schema.json"
	require.NoError(t, c.AddResource(id, doc))
	s, err := c.Compile(id)
	require.NoError(t, err, "%s does not compile", name)
	return s
}

type noLoader struct{}

func (noLoader) Load(url string) (any, error) { return nil, fmt.Errorf("no fetching: %s", url) }

// instances returns the JSON instances of a bundled file: the file, or each
// line of a JSON-lines file (gzip-compressed when it ends in .gz).
func instances(t *testing.T, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", path))
	require.NoError(t, err)
	if !strings.Contains(path, ".jsonl") {
		return [][]byte{data}
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(zr)
		require.NoError(t, err)
		data = b.Bytes()
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 {
			out = append(out, bytes.Clone(l))
		}
	}
	require.NoError(t, sc.Err())
	return out
}

func validate(s *jsonschema.Schema, data []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// locations lists the instance locations (JSON pointers) of every error
// of a validation failure, the leaves and the nodes above them.
func locations(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		out = append(out, pointer(e.InstanceLocation))
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}

func pointer(path []string) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// TestBundledFilesValidate checks that every bundled input file validates
// against its schema and is accepted by its Go parser, and that every
// bundled file with a misspelt member is rejected by both.
func TestBundledFilesValidate(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range kinds {
		t.Run(k.schema, func(t *testing.T) {
			seen[k.schema] = true
			s := compile(t, k.schema)
			parse := parser(t, k)
			require.NotEmpty(t, k.valid)
			for _, path := range k.valid {
				for i, inst := range instances(t, path) {
					require.NoError(t, parse(inst), "%s (instance %d): the Go parser rejects a bundled file", path, i)
					assert.NoError(t, validate(s, inst), "%s (instance %d)", path, i)
				}
			}
			for _, path := range k.invalid {
				inst := instances(t, path)[0]
				require.Error(t, parse(inst), "%s: the Go parser accepts it", path)
				assert.Error(t, validate(s, inst), "%s: the schema accepts what the parser rejects", path)
			}
		})
	}
	for _, f := range schemagen.Files() {
		assert.True(t, seen[f.Name], "schema %s has no bundled file in kinds", f.Name)
	}
}
