package main

import (
	"errors"
	"os"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/rules"
)

// yearKeys are top-level keys only a whole-year policy (package policy) has.
var yearKeys = []string{"exante", "monitoring", "apply", "scheme", "goals", "framework", "fields",
	"standards_file", "effective_from", "effective_to"}

// isYearPolicy reports whether a JSON object's top-level keys are a
// whole-year policy's.
func isYearPolicy(keys map[string]strictjson.Kind) bool {
	for _, k := range yearKeys {
		if hasKey(keys, k) {
			return true
		}
	}
	return false
}

// hasKey reports whether a document's top-level keys (strictjson.TopKeys)
// include k, whatever its value, null included.
func hasKey(keys map[string]strictjson.Kind, k string) bool {
	_, ok := keys[k]
	return ok
}

// loadYearPolicy reads name as a whole-year policy when it is one: nil and
// no error when the file is some other kind (a stage's own policy).
func loadYearPolicy(name string) (*policy.Policy, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if keys, ok := strictjson.TopKeys(strictjson.TrimBOM(data)); !ok || !isYearPolicy(keys) {
		return nil, nil
	}
	p, err := policy.Load(name)
	if err != nil {
		return nil, &policyError{file: name, err: err}
	}
	return p, nil
}

// compileYear compiles a whole-year policy for one stage's run.
func compileYear(name string, p *policy.Policy, org *performance.Org, standards []performance.ExpenditureStandard) (*policy.Program, error) {
	if p.Standards != nil || p.StandardsFile != "" {
		standards = nil // the policy's own
	}
	pr, err := p.Compile(org, standards)
	if err != nil {
		return nil, &policyError{file: name, err: err}
	}
	return pr, nil
}

// A policyError is everything wrong with a whole-year policy file, each
// problem with the file, the stage and, for rules, the rule id, line and
// column.
type policyError struct {
	file string
	err  error
}

func (e *policyError) Error() string { return strings.Join(e.lines(performance.LangEN), "\n") }

func (e *policyError) Unwrap() error { return e.err }

// lines lists the problems: "file: stage: problem", the problem as
// fileError prints it.
func (e *policyError) lines(l performance.Lang) []string {
	var out []string
	var walk func(err error)
	walk = func(err error) {
		var pe *policy.Error
		switch {
		case errors.As(err, &pe) && err == error(pe):
			out = append(out, (&fileError{file: e.file + ": " + pe.Stage, err: pe.Err}).lines(l)...)
		case isJoined(err):
			for _, c := range err.(interface{ Unwrap() []error }).Unwrap() {
				walk(c)
			}
		default:
			out = append(out, (&fileError{file: e.file, err: err}).lines(l)...)
		}
	}
	walk(e.err)
	return out
}

func isJoined(err error) bool {
	_, ok := err.(interface{ Unwrap() []error })
	return ok
}

// hostOptions are the rules options of a whole-year policy's host field
// declarations, which a stage compiled on its own needs for its rules to
// read the fields (Project.Host, Budget.Host): none without declarations.
func hostOptions(yp *policy.Policy) []rules.Option {
	if yp == nil || len(yp.Fields) == 0 {
		return nil
	}
	return []rules.Option{rules.WithFields(yp.Fields...)}
}

// exAntePolicyOf reads an ex-ante policy file, or the ex-ante part of a
// whole-year policy with the standards it carries (nil when it carries
// none) and the options of its host fields.
func exAntePolicyOf(name string, data []byte) (*exante.Policy, []performance.ExpenditureStandard, []rules.Option, error) {
	yp, err := loadYearPolicy(name)
	if err != nil {
		return nil, nil, nil, err
	}
	if yp == nil {
		p, err := exante.ParsePolicy(data)
		if err != nil {
			return nil, nil, nil, &fileError{file: name, err: err}
		}
		return p, nil, nil, nil
	}
	if yp.ExAnte == nil {
		return nil, nil, nil, &fileError{file: name, err: errors.New("the policy has no exante stage")}
	}
	return yp.ExAnte, yp.Standards, hostOptions(yp), nil
}

// monitoringPolicyOf reads a monitoring policy file, or the monitoring part
// of a whole-year policy with its rule set (nil when it has none) and the
// options of its host fields.
func monitoringPolicyOf(name string, data []byte) (*monitoring.Policy, *rules.Set, []rules.Option, error) {
	yp, err := loadYearPolicy(name)
	if err != nil {
		return nil, nil, nil, err
	}
	if yp == nil {
		p, err := monitoringPolicy(data)
		if err != nil {
			return nil, nil, nil, &fileError{file: name, err: err}
		}
		return p, nil, nil, nil
	}
	m := yp.Monitoring
	if m == nil {
		return nil, nil, nil, &fileError{file: name, err: errors.New("the policy has no monitoring stage")}
	}
	p := m.Policy
	if p == nil {
		p = monitoring.DefaultPolicy()
	}
	return p, m.Rules, hostOptions(yp), nil
}

// stageError is a problem of one stage of the whole-year policy file.
func stageError(file, stage string, err error) error {
	return &policyError{file: file, err: &policy.Error{Stage: stage, Err: err}}
}

// loadYearPolicyIf is loadYearPolicy for an optional flag: nil for "".
func loadYearPolicyIf(name string) (*policy.Policy, error) {
	if name == "" {
		return nil, nil
	}
	return loadYearPolicy(name)
}
