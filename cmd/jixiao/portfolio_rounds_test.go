package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation/exante"
)

// roundsPortfolio writes a generated portfolio of projects in several
// rounds into dir: project IDs repeated across rounds, a project and
// round given twice, empty rounds (round 1), bad rounds ("x", "0"); cost
// lines with empty, given, unknown and bad rounds and unknown projects;
// and experts' sheets for some accepted submissions, round 1 written as 1
// or left out.
func roundsPortfolio(t *testing.T, dir string, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 42))
	var p strings.Builder
	p.WriteString("project_id,name,kind,amount,round\n")
	type sub struct {
		id    string
		round int
	}
	var accepted []sub
	seen := map[sub]bool{}
	for i := range 24 {
		id := fmt.Sprintf("P%d", r.IntN(7))
		round := []string{"", "1", "2", "3", "2", "x", "0"}[r.IntN(7)]
		fmt.Fprintf(&p, "%s,项目%d,one_off,%d.00,%s\n", id, i, 100+i, round)
		n := map[string]int{"": 1, "1": 1, "2": 2, "3": 3}[round]
		if s := (sub{id, n}); n > 0 && !seen[s] {
			seen[s] = true
			accepted = append(accepted, s)
		}
	}
	var c strings.Builder
	c.WriteString("project_id,round,item,amount\n")
	for i := range 80 {
		id := fmt.Sprintf("P%d", r.IntN(8)) // P7 is no project
		round := []string{"", "", "1", "2", "3", "4", "x"}[r.IntN(7)]
		fmt.Fprintf(&c, "%s,%s,item%d,%d.00\n", id, round, i, i)
	}
	var sheets []expertSheets
	for i, s := range accepted {
		if r.IntN(2) == 0 {
			continue
		}
		es := expertSheets{ProjectID: s.id, Round: s.round}
		if s.round == 1 && r.IntN(2) == 0 {
			es.Round = 0
		}
		es.Experts = append(es.Experts, expertFor(i))
		sheets = append(sheets, es)
	}
	data, err := json.Marshal(sheets)
	require.NoError(t, err)
	for name, text := range map[string]string{projectsCSV: p.String(), costLinesCSV: c.String(), expertsJSON: string(data)} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
}

// TestPortfolioCSVRounds reads generated portfolios of projects in
// several rounds, with repeated IDs, and compares what is read (the
// submissions' rounds, amounts, cost lines and experts, the lines they came from, the counts and every
// error) with testdata/portfolio_rounds.golden, written by the reader as
// it was before the first round of a project was looked up by its ID
// alone (rewrite with -update only for a change meant to alter it).
func TestPortfolioCSVRounds(t *testing.T) {
	var out strings.Builder
	for seed := range uint64(4) {
		dir := t.TempDir()
		roundsPortfolio(t, dir, seed)
		subs, lines, tally, err := readPortfolioCSVLines(filepath.Join(dir, projectsCSV), csvInput{})
		fmt.Fprintf(&out, "# seed %d\nerror: %v\n", seed, err)
		if tally != nil {
			fmt.Fprintf(&out, "read %d, accepted %d, rejected %d\n", tally.Read, tally.Accepted, tally.Rejected)
			for _, e := range tally.Errors {
				out.WriteString(strings.ReplaceAll(e.Error(), dir+string(filepath.Separator), "") + "\n")
			}
		}
		for i, s := range subs {
			var items, experts []string
			for _, l := range s.Project.CostLines {
				items = append(items, l.Item+"="+l.Amount.String())
			}
			for _, e := range s.Experts {
				experts = append(experts, e.ID)
			}
			fmt.Fprintf(&out, "%s round %d: %s, amount %s, line %d, cost lines %v %v, experts %v\n",
				s.Project.ID, s.Round, s.Project.Name, s.Project.Amount, lines[i].project, lines[i].costs, items, experts)
		}
	}
	golden(t, "portfolio_rounds", out.String())
}

// expertFor returns a scoring sheet of one item, by expert ZJi.
func expertFor(i int) exante.Expert {
	return exante.Expert{ID: fmt.Sprintf("ZJ%d", i), Scores: []exante.ItemScore{{Item: "N1", Score: decimal.New(int64(50+i), -1)}}}
}
