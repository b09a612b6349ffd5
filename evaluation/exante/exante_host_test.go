package exante

import (
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAssessHostRules: a bureau's own rule over its own data decides inside
// the ex-ante assessment — "a unit graded 差 last year gets no new
// projects" rejects the project in full, and a host function scales a
// line cut — with no editing of the Assessment afterwards.
func TestAssessHostRules(t *testing.T) {
	pol := exPolicy()
	pol.Rules.Rules = pol.Rules.Rules[1:] // without M-NEW: new projects need no experts here
	pol.Rules.Rules = append(pol.Rules.Rules,
		rules.Rule{ID: "H-POOR", Name: "上年评价为差的单位不安排新增项目", When: `New && PriorGrade == "差"`,
			Outputs: []rules.Output{{Name: OutReject, Type: rules.TypeBool, Expr: "true"}}},
		rules.Rule{ID: "H-PRIO", Name: "非重点项目设备压减", When: `Item == "设备" && StrategicPriority < 2`, Tags: []string{TagLine},
			Outputs: []rules.Output{{Name: OutReduce, Type: rules.TypeMoney, Expr: "share(Amount)"}}},
	)
	one := "1"
	a, err := pol.Compile(exStandards,
		rules.WithFields(rules.Field{Name: "PriorGrade", Type: "grade"}, rules.Field{Name: "StrategicPriority", Type: rules.TypeNumber, Default: &one}),
		rules.WithFunction("share", func(d decimal.Decimal) decimal.Decimal { return d.Mul(decimal.RequireFromString("0.3")).Round(2) }))
	require.NoError(t, err)
	tree := exGoals(t)

	// A new project of a unit graded 差: rejected in full by the host rule.
	p := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
	p.Category = "设备" // not 培训, which P-CUT cuts by 10%
	p.New, p.Host = true, performance.HostValues{"PriorGrade": "差"}
	as, err := a.Assess(&Submission{Round: 1, Project: p}, tree)
	require.NoError(t, err)
	// 20 × 500 = 10,000 submitted; the reject output cuts all of it.
	assert.Equal(t, []string{"H-POOR:rejected:all:10000.00"}, exReductionsOf(as))
	assert.True(t, as.Approved.IsZero())

	// The same project of a unit graded 良 is not rejected.
	p.Host = performance.HostValues{"PriorGrade": performance.Good}
	as, err = a.Assess(&Submission{Round: 1, Project: p}, tree)
	require.NoError(t, err)
	assert.Empty(t, exReductionsOf(as))

	// A line rule over a host field with its default (StrategicPriority 1 < 2):
	// 设备 2 × 1,500 = 3,000, share = 3,000 × 0.3 = 900.00 cut.
	p = exProject("P2", exLine("设备", "台式机", "2", "1500", ""))
	p.Category = "设备"
	p.Host = performance.HostValues{"PriorGrade": "优"}
	as, err = a.Assess(&Submission{Round: 1, Project: p}, tree)
	require.NoError(t, err)
	assert.Equal(t, []string{"H-PRIO:policy:0:900.00"}, exReductionsOf(as))
	// Priority 3 from the host: no cut.
	p.Host["StrategicPriority"] = decimal.NewFromInt(3)
	as, err = a.Assess(&Submission{Round: 1, Project: p}, tree)
	require.NoError(t, err)
	assert.Empty(t, exReductionsOf(as))

	// A project without the required PriorGrade is an error of that
	// project, never a silent zero.
	p.Host, p.New = nil, true
	_, err = a.Assess(&Submission{Round: 1, Project: p}, tree)
	require.Error(t, err)
	assert.True(t, errors.Is(err, rules.ErrMissingValue), "%v", err)

	// An undeclared name is a compile error with a suggestion.
	pol.Rules.Rules[len(pol.Rules.Rules)-2].When = `New && PriorGrad == "差"`
	_, err = pol.Compile(exStandards, rules.WithFields(rules.Field{Name: "PriorGrade", Type: "grade"}, rules.Field{Name: "StrategicPriority", Type: rules.TypeNumber}),
		rules.WithFunction("share", func(d decimal.Decimal) decimal.Decimal { return d }))
	require.ErrorIs(t, err, rules.ErrUnknownName)
	assert.Contains(t, err.Error(), "did you mean PriorGrade?")
}

// TestAssessGoalsHostScoring: a goals tree whose custom scoring calls a
// host function passes the goals gate of an Assessor compiled with the
// function, and fails it (invalid_scoring) under one compiled without.
func TestAssessGoalsHostScoring(t *testing.T) {
	tree := *exGoals(t)
	tree.Indicators = append([]goals.Indicator(nil), tree.Indicators...)
	tree.Indicators[0].Scoring = "bureau(Weight)"
	bureau := rules.WithFunction("bureau", func(w decimal.Decimal) decimal.Decimal { return w })
	p := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))

	with, err := exPolicy().Compile(exStandards, bureau)
	require.NoError(t, err)
	as, err := with.Assess(&Submission{Round: 1, Project: p}, &tree)
	require.NoError(t, err)
	assert.Empty(t, as.Gates.Codes())
	require.NoError(t, CheckGates(&p, &tree, exStandards, bureau))

	without, err := exPolicy().Compile(exStandards)
	require.NoError(t, err)
	as, err = without.Assess(&Submission{Round: 1, Project: p}, &tree)
	require.NoError(t, err)
	assert.Equal(t, []string{"invalid_scoring"}, as.Gates.Codes())
	assert.False(t, as.Fundable)
	var ps performance.Problems
	require.ErrorAs(t, CheckGates(&p, &tree, exStandards), &ps)
	assert.Equal(t, []string{"invalid_scoring"}, ps.Codes())
}
