package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/internal/htmltab"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func r(num, den int64) performance.Ratio {
	return performance.Ratio{Num: decimal.NewFromInt(num), Den: decimal.NewFromInt(den)}
}

// Amounts print in 万元 to two places, half away from zero; rates in percent
// to two places the same way. Worked by hand: 50 yuan is 0.005万, which
// rounds up to 0.01; 49 yuan is 0.0049万, 0.00.
func TestFormat(t *testing.T) {
	for _, tt := range []struct{ yuan, want string }{
		{"177021900", "17,702.19"},
		{"50", "0.01"},
		{"49", "0.00"},
		{"-50", "-0.01"},
		{"123456789012", "12,345,678.90"},
		{"0", "0.00"},
	} {
		assert.Equal(t, tt.want, wan(d(tt.yuan)), "wan(%s)", tt.yuan)
	}
	assert.Equal(t, "33.33%", ratio(r(1, 3)))
	assert.Equal(t, "66.67%", ratio(r(2, 3)))
	assert.Equal(t, "0.13%", ratio(r(1, 800)), "0.125% rounds half up")
	assert.Equal(t, "-", ratio(performance.Ratio{}), "no denominator")
	assert.Equal(t, "-20.00", points(r(-1, 5)))
}

// small is a hand-made input: one round of two regions and a check.
func small() *Input {
	a := exante.RoundFigures{ID: "a", Name: "甲区", Projects: 2, Submitted: d("1000000"), Reduced: d("123450"), Approved: d("876550")}
	b := exante.RoundFigures{ID: "b", Name: "乙区", Projects: 1, Submitted: d("500050"), Approved: d("500050")}
	total := exante.RoundFigures{Name: "合计", Projects: 3, Submitted: d("1500050"), Reduced: d("123450"), Approved: d("1376600")}
	check := &monitoring.Report{Year: 2021, AsOf: time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC), Quarter: 2,
		Projects: []monitoring.Status{
			{ProjectID: "P1", Name: "一号", Rate: r(1, 10), Deviation: r(-2, 5), Shortfall: d("40000"), Level: monitoring.Red},
			{ProjectID: "P2", Name: "二号", Rate: r(1, 5), Deviation: r(-3, 10), Shortfall: d("40000"), Level: monitoring.Red},
			{ProjectID: "P3", Name: "三号", Rate: r(3, 5), Deviation: r(1, 10), Level: monitoring.Green},
		},
		// Rate 3/10 and deviation −1/5 give a schedule of 1/2.
		Total:          monitoring.Group{Projects: 3, Behind: 2, Rate: r(3, 10), Deviation: r(-1, 5)},
		LaggingByMoney: []string{"P2", "P1", "P9"},
	}
	return &Input{Year: 2021, Title: "测试",
		ExAnte:     &ExAnte{Rounds: []exante.RoundSummary{{Round: 0, Total: total}, {Round: 1, Total: total, Regions: []exante.RoundFigures{b, a}}}},
		Monitoring: &Monitoring{Checks: []*monitoring.Report{check}},
	}
}

func render(t *testing.T, in *Input, l performance.Lang) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Render(&b, in, l))
	return b.String()
}

func TestRenderSmall(t *testing.T) {
	page := render(t, small(), performance.LangZH)
	tabs, _, err := htmltab.Tables(strings.NewReader(page))
	require.NoError(t, err)
	// 1,000,000 yuan is 100.00万; 123,450 ÷ 1,000,000 = 12.345%, 12.35% half up;
	// 500,050 yuan is 50.005万, 50.01.
	assert.Equal(t, [][]string{
		{"甲区", "2", "100.00", "12.35", "87.66", "12.35%"},
		{"乙区", "1", "50.01", "0.00", "50.01", "0.00%"},
	}, tabs["exante-r1-regions"].Rows, "regions by ID")
	assert.Equal(t, [][]string{{"合计", "3", "150.01", "12.35", "137.66", "8.23%"}}, tabs["exante-r1-regions"].Foot,
		"123,450 ÷ 1,500,050 = 8.2297…%")
	assert.Equal(t, []string{"一上", "合计"}, []string{tabs["exante-rounds"].Rows[0][0], tabs["exante-rounds"].Rows[1][0]}, "the pooled round last")
	assert.Equal(t, [][]string{{"第2季度", "50.00%", "30.00%", "-20.00", "2", "0", "2", "0"}}, tabs["monitoring-quarters"].Rows)
	// Equal shortfalls go by project ID; a lagging ID without a status is
	// listed, not dropped.
	assert.Equal(t, [][]string{
		{"P1", "一号", "10.00%", "-40.00", "4.00", "红灯"},
		{"P2", "二号", "20.00%", "-30.00", "4.00", "红灯"},
		{"P9", "-", "-", "-", "-", "-"},
	}, tabs["monitoring-laggards"].Rows)
	assert.Equal(t, 3, strings.Count(page, "<svg "), "rounds, regions and quarters")
	assert.Contains(t, page, `<title id="monitoring-chart-title">`)
	assert.Contains(t, page, `<desc id="exante-r1-regions-chart-desc">甲区 12.35%；乙区 0.00%</desc>`)
}

// The page loads nothing: no script, stylesheet, image or font from
// anywhere, and a policy that forbids it.
func TestSelfContained(t *testing.T) {
	for _, l := range []performance.Lang{performance.LangZH, performance.LangEN} {
		page := render(t, small(), l)
		for _, bad := range []string{"<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "@font-face"} {
			assert.NotContains(t, page, bad)
		}
		rest := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
		assert.NotRegexp(t, `(?i)(https?:)?//[a-z0-9.-]+\.[a-z]`, rest, "a URL in the page")
		assert.Contains(t, page, `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
		assert.Contains(t, page, "@media print")
	}
}

// The same input gives the same bytes whatever the order of its slices.
func TestRenderOrder(t *testing.T) {
	want := render(t, small(), performance.LangEN)
	in := small()
	x := in.ExAnte
	x.Rounds[0], x.Rounds[1] = x.Rounds[1], x.Rounds[0]
	x.Rounds[0].Regions[0], x.Rounds[0].Regions[1] = x.Rounds[0].Regions[1], x.Rounds[0].Regions[0]
	c := in.Monitoring.Checks[0]
	c.Projects[0], c.Projects[2] = c.Projects[2], c.Projects[0]
	c.LaggingByMoney = []string{"P9", "P1", "P2"}
	assert.Equal(t, want, render(t, in, performance.LangEN))
}

// An input saved as JSON renders to the same page.
func TestInputJSON(t *testing.T) {
	in := small()
	data, err := json.Marshal(in)
	require.NoError(t, err)
	var back Input
	require.NoError(t, performance.DecodeJSON(data, &back))
	assert.Equal(t, render(t, in, performance.LangZH), render(t, &back, performance.LangZH))
}

type failWriter struct{}

var errDisk = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }

func TestRenderErrors(t *testing.T) {
	assert.ErrorIs(t, Render(&bytes.Buffer{}, nil, performance.LangZH), ErrNoInput)
	assert.ErrorIs(t, Render(failWriter{}, small(), performance.LangZH), errDisk)
	// An empty input is a page with no sections, not an error.
	page := render(t, &Input{Year: 2021}, performance.LangEN)
	assert.NotContains(t, page, "<section")
	assert.Contains(t, page, "<title>Performance budgeting disclosure, fiscal year 2021</title>")
}

var rectRe = regexp.MustCompile(`<rect class="s\d" x="([-0-9.]+)" y="[-0-9.]+" width="([-0-9.]+)"`)

// Bars of negative and positive values stay inside the view box, on either
// side of the zero line: with values −10 and 20 the zero line sits a third
// of the plot from its left edge.
func TestBarsNegative(t *testing.T) {
	c := &barChart{id: "c", title: "t", desc: "d", series: []string{"s"},
		rows: []barRow{{label: "neg", values: []float64{-10}, texts: []string{"-10"}}, {label: "pos", values: []float64{20}, texts: []string{"20"}}}}
	var b strings.Builder
	c.write(&b)
	ms := rectRe.FindAllStringSubmatch(b.String(), -1)
	require.Len(t, ms, 3, "the legend's swatch and two bars")
	ms = ms[1:]
	plot := float64(chartWidth - barLabelWidth - barValueWidth)
	zero := barLabelWidth + plot/3
	x0, _ := strconv.ParseFloat(ms[0][1], 64)
	w0, _ := strconv.ParseFloat(ms[0][2], 64)
	x1, _ := strconv.ParseFloat(ms[1][1], 64)
	w1, _ := strconv.ParseFloat(ms[1][2], 64)
	assert.InDelta(t, zero, x0+w0, 0.1, "the negative bar ends at zero")
	assert.InDelta(t, zero, x1, 0.1, "the positive bar starts at zero")
	assert.InDelta(t, plot/3, w0, 0.1)
	assert.InDelta(t, 2*plot/3, w1, 0.1)
	assert.GreaterOrEqual(t, x0, float64(barLabelWidth))
	assert.LessOrEqual(t, x1+w1, float64(chartWidth))
}
