package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/htmltab"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/report"
)

// The demo's report, byte for byte: the golden files were written by an
// earlier process, so matching them is also the check that rendering is
// deterministic across runs.
func TestReportGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errOut := runCmd(t, "report", "--lang", lang, "--data", "../../testdata", "--out", "-")
			require.Equal(t, exitOK, code, errOut)
			golden(t, "report_demo_"+lang+".html", out)
		})
	}
}

// demo --html writes the same report as report --out, and the results
// saved with --save render to the same bytes again with --results.
func TestReportFilesAndSavedResults(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runCmd(t, "demo", "--lang", "en", "--data", "../../testdata", "--html", dir)
	require.Equal(t, exitOK, code, errOut)
	fromDemo, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)

	out, saved := filepath.Join(dir, "r.html"), filepath.Join(dir, "results.json")
	code, _, errOut = runCmd(t, "report", "--lang", "en", "--data", "../../testdata", "--out", out, "--save", saved)
	require.Equal(t, exitOK, code, errOut)
	direct, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(fromDemo), string(direct), "demo --html and report --out differ")

	code, again, errOut := runCmd(t, "report", "--lang", "en", "--results", saved, "--out", "-")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, string(direct), again, "the saved results render differently")

	code, _, errOut = runCmd(t, "report")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--out is required")
	code, _, errOut = runCmd(t, "report", "--results", filepath.Join(dir, "missing.json"), "--out", "-")
	assert.Equal(t, exitUsage, code)
	assert.NotEmpty(t, errOut)
}

func demoInput(t *testing.T, l performance.Lang) *report.Input {
	t.Helper()
	in, err := demoReportInput("../../testdata", l)
	require.NoError(t, err)
	return in
}

func renderHTML(t *testing.T, in *report.Input, l performance.Lang) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.Render(&b, in, l))
	return b.Bytes()
}

// shuffled returns a copy of s in an order drawn from r.
func shuffled[T any](r *rand.Rand, s []T) []T {
	out := slices.Clone(s)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// The report's bytes do not depend on the order of the results it is
// given: every list of the input shuffled with a few seeds gives the same
// page.
func TestReportInputOrder(t *testing.T) {
	want := renderHTML(t, demoInput(t, performance.LangZH), performance.LangZH)
	for _, seed := range shuffleSeeds {
		r := rand.New(rand.NewPCG(seed, seed))
		in := demoInput(t, performance.LangZH)
		x := in.ExAnte
		x.Rounds = shuffled(r, x.Rounds)
		for i := range x.Rounds {
			x.Rounds[i].Regions = shuffled(r, x.Rounds[i].Regions)
			x.Rounds[i].Departments = shuffled(r, x.Rounds[i].Departments)
		}
		x.Assessments = shuffled(r, x.Assessments)
		m := in.Monitoring
		m.Checks = shuffled(r, m.Checks)
		for _, c := range m.Checks {
			c.Departments = shuffled(r, c.Departments)
			c.Projects = shuffled(r, c.Projects)
		}
		in.Evaluations = shuffled(r, in.Evaluations)
		for _, e := range in.Evaluations {
			e.Result.Graded = shuffled(r, e.Result.Graded)
		}
		in.Self.Reviews = shuffled(r, in.Self.Reviews)
		ny := in.Application.NextYear
		ny.Projects, ny.Regions, ny.Departments = shuffled(r, ny.Projects), shuffled(r, ny.Regions), shuffled(r, ny.Departments)
		in.Goals = shuffled(r, in.Goals)
		got := renderHTML(t, in, performance.LangZH)
		if !bytes.Equal(want, got) {
			t.Errorf("seed %d: the page differs when the input is shuffled", seed)
		}
	}
}

// wanCell reads a 万元 figure of the report back into yuan.
func wanCell(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := performance.ParseAmountIn(s, performance.Wan)
	require.NoError(t, err, "cell %q", s)
	return d
}

// assertWan checks that a printed 万元 figure is the stage's amount in yuan
// rounded to the hundred yuan (two places of 万元), half away from zero.
func assertWan(t *testing.T, cell string, yuan decimal.Decimal, what string) {
	t.Helper()
	got := wanCell(t, cell)
	assert.True(t, got.Equal(yuan.Round(-2)), "%s: printed %s (%s yuan), stage gives %s yuan", what, cell, got, yuan)
}

func assertPct(t *testing.T, cell string, r performance.Ratio, what string) {
	t.Helper()
	got, err := performance.ParsePercent(cell)
	require.NoError(t, err, "%s: cell %q", what, cell)
	assert.True(t, got.Equal(r.Percent(2)), "%s: printed %s, stage gives %s%%", what, cell, r.Percent(2))
}

// The figures in the report's tables, parsed back from the HTML, equal the
// stages' results; a few are also the seed report's figures worked out by
// hand (assess_test.go, evaluate_test.go, the demo's golden text).
func TestReportFiguresMatchResults(t *testing.T) {
	in := demoInput(t, performance.LangZH)
	tabs, _, err := htmltab.Tables(bytes.NewReader(renderHTML(t, in, performance.LangZH)))
	require.NoError(t, err)
	tab := func(id string) *htmltab.Table {
		t.Helper()
		require.Contains(t, tabs, id)
		return tabs[id]
	}

	// Ex-ante: rounds 1, 2 and all; by region within each round.
	rounds := tab("exante-rounds")
	require.Len(t, rounds.Rows, 3)
	assert.Equal(t, []string{"一上", "35", "17,702.19", "3,386.97", "14,315.22", "19.13%"}, rounds.Rows[0])
	assert.Equal(t, []string{"二上", "5", "3,436.29", "1,761.29", "1,675.00", "51.26%"}, rounds.Rows[1])
	byRound := map[int]exante.RoundSummary{}
	for _, r := range in.ExAnte.Rounds {
		byRound[r.Round] = r
	}
	for i, n := range []int{1, 2, 0} {
		f, row := byRound[n].Total, rounds.Rows[i]
		assert.Equal(t, strconv.Itoa(f.Projects), row[1])
		assertWan(t, row[2], f.Submitted, "submitted")
		assertWan(t, row[3], f.Reduced, "reduced")
		assertWan(t, row[4], f.Approved, "approved")
		rate, err := f.Rate()
		require.NoError(t, err)
		assertPct(t, row[5], rate, "reduction rate")
	}
	for _, n := range []int{1, 2} {
		for kind, groups := range map[string][]exante.RoundFigures{"regions": byRound[n].Regions, "departments": byRound[n].Departments} {
			tb := tab("exante-r" + strconv.Itoa(n) + "-" + kind)
			require.Len(t, tb.Rows, len(groups), "round %d %s", n, kind)
			sum := decimal.Zero
			for _, row := range tb.Rows {
				sum = sum.Add(wanCell(t, row[2]))
			}
			// Every group is in the table: the printed parts add up to the
			// round's total within half a hundred yuan per row.
			tol := decimal.NewFromInt(int64(50 * len(groups)))
			assert.True(t, sum.Sub(byRound[n].Total.Submitted).Abs().LessThanOrEqual(tol), "round %d %s: parts %s, total %s", n, kind, sum, byRound[n].Total.Submitted)
			for _, g := range groups {
				i := slices.IndexFunc(tb.Rows, func(r []string) bool {
					return (r[0] == g.Name || strings.HasPrefix(r[0], g.Name+"（")) && r[1] == strconv.Itoa(g.Projects) && wanCell(t, r[2]).Equal(g.Submitted.Round(-2))
				})
				if assert.GreaterOrEqual(t, i, 0, "round %d: %s %s not in the table", n, kind, g.Name) {
					assertWan(t, tb.Rows[i][3], g.Reduced, g.Name+" reduced")
					assertWan(t, tb.Rows[i][4], g.Approved, g.Name+" approved")
				}
			}
		}
	}
	// A fixture row of the synthetic sample (evaluation/testdata/
	// exante_rounds.golden.json: 15,516,212.19 submitted, 3,466,103.13
	// reduced): 1,551.62 − 346.61 = 1,205.01万元, 346.61 ÷ 1,551.62 = 22.34%.
	assert.Equal(t, []string{"堆龙德庆区", "2", "1,551.62", "346.61", "1,205.01", "22.34%"}, tab("exante-r1-regions").Rows[4])

	// Monitoring: each quarter's pooled rate, behind count; the laggards;
	// the year end.
	q := tab("monitoring-quarters")
	require.Len(t, q.Rows, len(in.Monitoring.Checks))
	for i, c := range in.Monitoring.Checks {
		assertPct(t, q.Rows[i][2], c.Total.Rate, "quarter rate")
		assert.Equal(t, strconv.Itoa(c.Total.Behind), q.Rows[i][4])
	}
	assert.Equal(t, []string{"16.83%", "37.82%", "62.02%", "87.98%"}, []string{q.Rows[0][2], q.Rows[1][2], q.Rows[2][2], q.Rows[3][2]})
	last := in.Monitoring.Checks[len(in.Monitoring.Checks)-1]
	lag := tab("monitoring-laggards")
	require.Len(t, lag.Rows, report.DefaultLaggards)
	for i, row := range lag.Rows {
		s, ok := last.Status(last.LaggingByMoney[i])
		require.True(t, ok)
		assert.Equal(t, s.ProjectID, row[0])
		assertWan(t, row[4], s.Shortfall, s.ProjectID+" shortfall")
	}
	assert.Equal(t, []string{"XM2021035", "交通信息化运维", "50.00%", "-50.00", "327.40", "红灯"}, lag.Rows[0])
	deps := tab("monitoring-departments")
	require.Len(t, deps.Rows, len(last.Departments))
	projects := 0
	for _, row := range deps.Rows {
		n, _ := strconv.Atoi(row[2])
		g, _ := strconv.Atoi(row[3])
		y, _ := strconv.Atoi(row[4])
		r, _ := strconv.Atoi(row[5])
		assert.Equal(t, n, g+y+r, "%s: the levels count every graded project", row[0])
		projects += n
	}
	assert.Equal(t, last.Total.Projects, projects)
	ye := tab("monitoring-yearend").Rows[0]
	assertWan(t, ye[1], in.Monitoring.YearEnd.Unspent, "unspent")
	assertWan(t, ye[4], in.Monitoring.YearEnd.Recover, "recover")
	assert.Equal(t, []string{"2,254.42", "215.65", "2,038.77", "2,201.43"}, ye[1:])

	// Evaluations: grade distributions and the published-figure check.
	for _, e := range in.Evaluations {
		g := tab("eval-" + e.ID + "-grades")
		d := e.Result.Distribution
		require.Len(t, g.Rows, len(d.Tallies))
		for i, tl := range d.Tallies {
			assert.Equal(t, strconv.Itoa(tl.Count), g.Rows[i][1])
			assertWan(t, g.Rows[i][3], tl.Amount, e.ID+" "+tl.Label)
		}
		assertWan(t, g.Foot[0][3], d.TotalAmount(), e.ID+" total")
	}
	key := tab("eval-key2020-grades")
	assert.Equal(t, []string{"优", "8", "12.12%", "36,852.12", "11.92%"}, key.Rows[0])
	assert.Equal(t, []string{"差", "3", "4.55%", "16,143.65", "5.22%"}, key.Rows[3])
	assert.Equal(t, []string{"项目数", "56", "66", "不一致"}, tab("eval-key2020-check").Rows[0])
	assert.Equal(t, []string{"项目数", "15", "15", "一致"}, tab("eval-deep2021-check").Rows[0])

	// Self-evaluations reviewed.
	sr := tab("self-review")
	require.Len(t, sr.Rows, len(in.Self.Reviews))
	assert.Equal(t, []string{"ZP2021-01", sr.Rows[0][1], "91.37%", "97.00", "99.14", "优", "优", "4"}, sr.Rows[0])
	assert.Equal(t, []string{"ZP2021-03", sr.Rows[2][1], "55.00%", "74.33", "74.33", "良", "中", "1"}, sr.Rows[2])

	// Results application: by region, by department, recoveries.
	ny := in.Application.NextYear
	regions := tab("apply-regions")
	require.Len(t, regions.Rows, len(ny.Regions))
	for _, a := range ny.Regions {
		i := slices.IndexFunc(regions.Rows, func(r []string) bool { return r[0] == a.Node.Name })
		require.GreaterOrEqual(t, i, 0, a.Node.Name)
		assertWan(t, regions.Rows[i][4], a.Total, a.Node.Name+" next year")
		assertWan(t, regions.Rows[i][5], a.Change, a.Node.Name+" change")
	}
	i := slices.IndexFunc(regions.Rows, func(r []string) bool { return r[0] == "城关区" })
	assert.Equal(t, []string{"57,123.81", "53,471.91", "75.90", "53,396.01", "-3,727.80"}, regions.Rows[i][1:6])
	require.NotEmpty(t, ny.Departments)
	assert.Len(t, tab("apply-departments").Rows, len(ny.Departments))
	rec := decimal.Zero
	for _, row := range tab("apply-recoveries").Rows {
		rec = rec.Add(wanCell(t, row[4]))
	}
	var recovered decimal.Decimal
	for _, c := range ny.Projects {
		recovered = recovered.Add(c.Recovered)
	}
	assertWan(t, tab("apply-recoveries").Foot[0][4], recovered, "recovered")
	assert.Equal(t, "15,778.49", tab("apply-recoveries").Foot[0][4])

	// Public tables: one row per indicator, per form, per evaluated project.
	indicators := 0
	for _, g := range in.Goals {
		indicators += len(g.Tree.Indicators)
	}
	require.Greater(t, indicators, 100, "the sample's projects have goals")
	assert.Len(t, tab("public-goals").Rows, indicators)
	// XM2021-1-001 asks 4,710,309.75 yuan (portfolio.json): 471.030975万, 471.03.
	assert.Equal(t, []string{"XM2021-1-001", "教育局运维项目", "教育局", "471.03", "产出指标", "数量指标", "运维完成任务数", "≥10项", "30"},
		tab("public-goals").Rows[0])
	assert.Len(t, tab("public-self").Rows, len(in.Self.Reviews))
	pk := tab("public-key")
	assert.Len(t, pk.Rows, 15+66)
	for _, e := range in.Evaluations {
		for _, g := range e.Result.Graded {
			i := slices.IndexFunc(pk.Rows, func(r []string) bool { return r[0] == e.Title && r[1] == g.ProjectID })
			if assert.GreaterOrEqual(t, i, 0, g.ProjectID) {
				assert.Equal(t, e.Result.Scorecards[g.ProjectID].Total.StringFixed(2), pk.Rows[i][3])
				assert.Equal(t, g.Grade.Name(performance.LangZH), pk.Rows[i][4])
				assertWan(t, pk.Rows[i][2], g.Amount, g.ProjectID)
			}
		}
	}
}
