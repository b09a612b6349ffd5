package exante

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

func TestAssessGates(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	tree := exGoals(t)
	valid := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
	badTree := *tree
	badTree.Indicators = append([]goals.Indicator(nil), tree.Indicators...)
	badTree.Indicators[0].Weight = exDec("50") // weights sum to 90, not 100
	tests := []struct {
		name  string
		sub   Submission
		tree  *goals.Tree
		codes []string
	}{
		{"no detailed cost estimate", Submission{Round: 1, Project: func() performance.Project {
			p := valid
			p.CostLines = nil
			return p
		}()}, tree, []string{performance.CodeNoCostLines}},
		{"no goals", Submission{Round: 1, Project: valid}, nil, []string{GateNoGoals}},
		{"empty goals", Submission{Round: 1, Project: valid}, &goals.Tree{}, []string{GateNoGoals}},
		{"failing goals", Submission{Round: 1, Project: valid}, &badTree, []string{"weight_total"}},
		{"failing validation", Submission{Round: 1, Project: func() performance.Project {
			p := valid
			p.CostLines = []performance.CostLine{exLine("培训", "一类", "20", "500", "TRAIN")}
			p.CostLines[0].Amount = exDec("9999")
			p.Basis = ""
			return p
		}()}, tree, []string{performance.CodeMissingBasis, performance.CodeLineAmountMismatch, performance.CodeLinesSumMismatch}},
		{"unknown standard", Submission{Round: 1, Project: func() performance.Project {
			p := exProject("P1", exLine("培训", "一类", "20", "500", "NOPE"))
			return p
		}()}, tree, []string{performance.CodeUnknownStandard}},
		{"must be assessed and was not", Submission{Round: 1, Project: func() performance.Project {
			p := valid
			p.New = true
			return p
		}()}, tree, []string{GateNotAssessed}},
		{"bad round, no goals and no estimate at once", Submission{Round: 0, Project: func() performance.Project {
			p := valid
			p.CostLines = nil
			return p
		}()}, nil, []string{GateBadRound, performance.CodeNoCostLines, GateNoGoals}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, err := a.Assess(&tt.sub, tt.tree)
			require.NoError(t, err)
			assert.False(t, as.Fundable)
			assert.Equal(t, tt.codes, as.Gates.Codes())
			for _, g := range as.Gates {
				assert.NotEmpty(t, g.Message.ZH)
				assert.NotEmpty(t, g.Message.EN)
			}
			require.Len(t, as.Reductions, 1)
			r := as.Reductions[0]
			assert.Equal(t, WholeProject, r.Line)
			assert.Equal(t, ReductionNotFundable, r.Kind)
			assert.True(t, r.Amount.Equal(tt.sub.Project.Amount))
			assert.True(t, as.Approved.IsZero(), "approved %s", as.Approved)
		})
	}
	t.Run("CheckGates alone", func(t *testing.T) {
		require.NoError(t, CheckGates(&valid, tree, exStandards))
		err := CheckGates(&valid, nil, nil)
		var ps performance.Problems
		require.ErrorAs(t, err, &ps)
		assert.Equal(t, []string{performance.CodeUnknownStandard, GateNoGoals}, ps.Codes())
	})
}

func TestAssessMustAssess(t *testing.T) {
	b, err := os.ReadFile("../../testdata/exante/policy.json")
	require.NoError(t, err)
	pol, err := ParsePolicy(b)
	require.NoError(t, err)
	a, err := NewAssessor(pol, exStandards, AssessOptions{})
	require.NoError(t, err)
	tests := []struct {
		name  string
		edit  func(p *performance.Project)
		rules []string
	}{
		{"routine, old, small: not required", func(p *performance.Project) {}, nil},
		{"new", func(p *performance.Project) { p.New = true }, []string{"EA-M01"}},
		{"development", func(p *performance.Project) { p.Kind = performance.KindDevelopment }, []string{"EA-M02"}},
		{"5,000,000 and more", func(p *performance.Project) {
			p.CostLines = []performance.CostLine{exLine("工程", "施工", "1", "5000000", "")}
			p.Amount, p.TotalInvestment = exDec("5000000"), exDec("5000000")
		}, []string{"EA-M03"}},
		{"4,999,999.99 is below", func(p *performance.Project) {
			p.CostLines = []performance.CostLine{exLine("工程", "施工", "1", "4999999.99", "")}
			p.Amount, p.TotalInvestment = exDec("4999999.99"), exDec("4999999.99")
		}, nil},
		{"named by the policy", func(p *performance.Project) { p.Category = "信息化" }, []string{"EA-M04"}},
		{"all of them", func(p *performance.Project) {
			p.New, p.Kind, p.Category = true, performance.KindDevelopment, "信息化"
			p.CostLines = []performance.CostLine{exLine("工程", "施工", "1", "6000000", "")}
			p.Amount, p.TotalInvestment = exDec("6000000"), exDec("6000000")
		}, []string{"EA-M01", "EA-M02", "EA-M03", "EA-M04"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
			p.Category = "设备"
			tt.edit(&p)
			as, err := a.Assess(&Submission{Round: 1, Project: p}, exGoals(t))
			require.NoError(t, err)
			var got []string
			for _, h := range as.RequiredBy {
				got = append(got, h.RuleID)
				assert.NotEmpty(t, h.Reason.ZH)
			}
			assert.Equal(t, tt.rules, got)
			assert.Equal(t, tt.rules != nil, as.Required)
			// required and not scored: not fundable
			assert.Equal(t, tt.rules == nil, as.Fundable)
		})
	}
}
