package schemagen

import (
	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// The command's file types (package main, which cannot be imported),
// mirrored field for field; cmd/jixiao's schema test checks that each
// mirror gives the same schema as the command's own type.

// portfolioFile mirrors cmd/jixiao's portfolioFile (check.go).
type portfolioFile struct {
	FiscalYear int                               `json:"fiscal_year,omitempty"`
	Org        *performance.Org                  `json:"org,omitempty"`
	Standards  []performance.ExpenditureStandard `json:"standards,omitempty"`
	Projects   []*performance.Project            `json:"projects"`
}

// monitorFile mirrors cmd/jixiao's monitorFile (monitor.go).
type monitorFile struct {
	Year        int                     `json:"year,omitempty"`
	Org         *performance.Org        `json:"org,omitempty"`
	Budgets     []monitoring.Budget     `json:"budgets"`
	Adjustments []monitoring.Adjustment `json:"adjustments,omitempty"`
}

// selfFile mirrors cmd/jixiao's selfFile (selfeval.go).
type selfFile struct {
	Title           string                      `json:"title,omitempty"`
	SelfEvaluations []evaluation.SelfEvaluation `json:"self_evaluations"`
}

// outcomesFile mirrors cmd/jixiao's outcomesFile (apply.go).
type outcomesFile struct {
	Year        int                            `json:"year"`
	Org         []performance.Node             `json:"org"`
	Outcomes    []evaluation.ProjectOutcome    `json:"outcomes"`
	Departments []evaluation.DepartmentOutcome `json:"departments,omitempty"`
}

// expertSheets mirrors cmd/jixiao's expertSheets (portfolio_csv.go).
type expertSheets struct {
	ProjectID string          `json:"project_id"`
	Round     int             `json:"round,omitempty"`
	Experts   []exante.Expert `json:"experts"`
	// Panel, when given, is the submission's panel: every sheet must be
	// by a member (see exante.Submission.Panel).
	Panel *experts.Panel `json:"panel,omitempty"`
}

// statedFigures and the types below mirror cmd/jixiao's audit input
// (audit.go, dist.go).
type statedFigures struct {
	Source        string               `json:"source,omitempty"`
	Rates         []statedRate         `json:"rates,omitempty"`
	Distributions []statedDistribution `json:"distributions,omitempty"`
	RollUps       []statedRollUp       `json:"rollups,omitempty"`
}

type statedRate struct {
	Name      string `json:"name"`
	Count     int    `json:"count,omitempty"`
	Submitted string `json:"submitted,omitempty"`
	Approved  string `json:"approved,omitempty"`
	Reduced   string `json:"reduced,omitempty"`
	Increased string `json:"increased,omitempty"`
	Rate      string `json:"rate"`
}

type statedRollUp struct {
	Name  string       `json:"name"`
	Total string       `json:"total"`
	Parts []statedPart `json:"parts"`
}

type statedPart struct {
	Name   string `json:"name"`
	Amount string `json:"amount"`
}

type statedDistribution struct {
	Name      string   `json:"name"`
	Total     int      `json:"total,omitempty"`
	Amount    string   `json:"amount,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	Shares    []string `json:"shares,omitempty"`
	Counts    []int    `json:"counts,omitempty"`
	Tolerance bool     `json:"tolerance,omitempty"`
}
