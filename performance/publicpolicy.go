package performance

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// A PublicPolicy is a public policy whose performance the bureau manages
// (公共政策, the object of 政策绩效管理): a subsidy policy, an award or
// support programme, a special fund (专项资金政策), paid out through the
// budget projects it funds. 中发〔2018〕34号 (中共中央 国务院关于全面实施预算
// 绩效管理的意见) brings policies, beside projects, under performance
// management: new major policies are assessed before they are adopted
// (事前绩效评估, package evaluation/exante) and policies are evaluated over
// their life, those expired or performing poorly cleaned up and ended in
// time (政策到期、绩效低下的政策要及时清理退出, package evaluation).
//
// It is called PublicPolicy, never Policy: package policy is the fiscal
// year's policy of the rules themselves, something else entirely.
type PublicPolicy struct {
	// ID identifies the policy; Name is its title (政策名称).
	ID   string `json:"id"`
	Name string `json:"name"`
	// DepartmentID is the department in charge (主管部门), a node ID of the
	// organisation tree; empty when not stated.
	DepartmentID string `json:"department_id,omitempty"`
	// New is true for a policy to be adopted (新出台政策); false for a
	// continuing one (延续政策) whose term is to be extended.
	New bool `json:"new,omitempty"`
	// StartYear and EndYear are the policy's term (实施期限), fiscal years
	// inclusive; zero when open. EndYear is never before StartYear.
	StartYear int `json:"start_year,omitempty"`
	EndYear   int `json:"end_year,omitempty"`
	// Amount is the policy's money a year (年度资金规模), in yuan, never
	// negative.
	Amount decimal.Decimal `json:"amount"`
	// ProjectIDs are the budget projects funded under the policy (政策项下
	// 的项目), each once, at most [MaxPolicyProjects]; what the policy's
	// evaluation concludes falls on them.
	ProjectIDs []string `json:"project_ids,omitempty"`
}

// MaxPolicyProjects is the most projects one public policy may list
// ([PublicPolicy.ProjectIDs]); a bound on input, not a rule of any
// document.
const MaxPolicyProjects = 100000

// Expired reports whether the policy's term has run out by the end of
// fiscal year: EndYear is set and not after year (政策到期).
func (p *PublicPolicy) Expired(year int) bool { return p.EndYear != 0 && p.EndYear <= year }

// Problem codes of a [PublicPolicy].
const (
	CodePublicPolicyID      = "public_policy_id_invalid"
	CodePublicPolicyTerm    = "public_policy_term_inverted"
	CodePublicPolicyAmount  = "public_policy_amount_negative"
	CodePublicPolicyProject = "public_policy_project_id_invalid"
)

// Validate checks the policy: an ID, a term whose end is not before its
// start, an amount not below zero, and project IDs present, each listed
// once and at most [MaxPolicyProjects] of them (code [CodeLimit]). Every
// problem is reported at once as [Problems], with paths such as
// "project_ids[2]".
func (p *PublicPolicy) Validate() error {
	var ps Problems
	if p.ID == "" {
		ps.Add(CodePublicPolicyID, "id", "政策缺少编号", "the policy has no id")
	}
	if p.StartYear != 0 && p.EndYear != 0 && p.EndYear < p.StartYear {
		ps.Add(CodePublicPolicyTerm, "end_year", "政策实施期限的结束年度早于开始年度",
			"the policy's term ends ("+strconv.Itoa(p.EndYear)+") before it starts ("+strconv.Itoa(p.StartYear)+")")
	}
	if p.Amount.Sign() < 0 {
		ps.Add(CodePublicPolicyAmount, "amount", "政策资金规模为负数", "the policy's amount is negative")
	}
	if n := len(p.ProjectIDs); n > MaxPolicyProjects {
		ps.AddLimit(&LimitError{Path: "project_ids", Name: "count", Value: int64(n), Max: MaxPolicyProjects})
		return ps.Err()
	}
	seen := make(map[string]bool, len(p.ProjectIDs))
	for i, id := range p.ProjectIDs {
		if id == "" || seen[id] {
			ps.Add(CodePublicPolicyProject, "project_ids["+strconv.Itoa(i)+"]", "政策项下项目编号为空或重复: "+id,
				"project id empty or repeated: "+id)
		}
		seen[id] = true
	}
	return ps.Err()
}

// RuleSetRef identifies a rule set by id, version and content hash
// ([github.com/jixiao-go/jixiao/rules.Set.Hash]), so that a result names
// the rules that produced it.
type RuleSetRef struct {
	ID      string `json:"id"`
	Version string `json:"version,omitempty"`
	Hash    string `json:"hash"`
}
