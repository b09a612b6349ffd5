package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// statedFigures is the audit input: the figures a report published, as
// printed. Amounts and percentages are strings in their printed form
// ("17,702.19万元", "19.13%"); the library parses them.
type statedFigures struct {
	Source        string               `json:"source,omitempty"`
	Rates         []statedRate         `json:"rates,omitempty"`
	Distributions []statedDistribution `json:"distributions,omitempty"`
	RollUps       []statedRollUp       `json:"rollups,omitempty"`
}

// statedRate is a published reduction rate (审减率): net reduced ÷
// submitted. Any two of submitted, approved and reduced give the third
// (performance.ReductionFigures: approved = submitted − reduced +
// increased); all three printed are checked against each other.
type statedRate struct {
	Name      string `json:"name"`
	Count     int    `json:"count,omitempty"`
	Submitted string `json:"submitted,omitempty"`
	Approved  string `json:"approved,omitempty"`
	Reduced   string `json:"reduced,omitempty"`
	// Increased is 审增, printed by reports that net it off the reduction.
	Increased string `json:"increased,omitempty"`
	Rate      string `json:"rate"`
}

// statedRollUp is a published total and the parts that should add up to it
// (city level and districts, works and land costs).
type statedRollUp struct {
	Name  string       `json:"name"`
	Total string       `json:"total"`
	Parts []statedPart `json:"parts"`
}

type statedPart struct {
	Name   string `json:"name"`
	Amount string `json:"amount"`
}

// auditReport is what audit found, in the form --format json prints.
type auditReport struct {
	Source        string          `json:"source,omitempty"`
	Rates         []rateFinding   `json:"rates,omitempty"`
	Distributions []distFinding   `json:"distributions,omitempty"`
	RollUps       []rollUpFinding `json:"rollups,omitempty"`
	Findings      int             `json:"findings"`
	Rows          *csvio.Tally    `json:"-"`
}

type rateFinding struct {
	Name       string          `json:"name"`
	Count      int             `json:"count,omitempty"`
	Submitted  decimal.Decimal `json:"submitted"`
	Reduced    decimal.Decimal `json:"reduced"`
	Stated     decimal.Decimal `json:"stated_rate"`
	Computed   decimal.Decimal `json:"computed_rate"`
	Places     int32           `json:"places"`
	Consistent bool            `json:"consistent"`
	// Gap is (submitted − approved) − net reduction when all three were
	// printed and disagree; nil otherwise.
	Gap *decimal.Decimal `json:"gap,omitempty"`
}

type rollUpFinding struct {
	Name       string          `json:"name"`
	Stated     decimal.Decimal `json:"stated_total"`
	Computed   decimal.Decimal `json:"computed_total"`
	Difference decimal.Decimal `json:"difference"`
	Consistent bool            `json:"consistent"`
}

func auditCmd() *command {
	return &command{
		name:     "audit",
		summary:  "check published figures: reduction rates, grade shares, roll-ups (公布数据核对)",
		synopsis: "audit [--lang zh|en] [--format text|json|csv] [--unit yuan|wan|yi] [--encoding auto|utf-8|gb18030|gbk] [--strict] FILE",
		about: `Audit recomputes the figures a report published from the figures it
printed beside them, and says which do not reconcile:
  - reduction rates (审减率): reduced ÷ submitted, rounded half up to the
    places printed; submitted = approved + reduced when only approved is given;
  - grade distributions: whether any integer counts over the stated total
    give every printed share, and the smallest totals that would;
  - roll-ups: whether the parts add up to the stated total exactly.
FILE is JSON ({"rates": [...], "distributions": [...], "rollups": [...]},
amounts and percentages as printed) or a CSV of reduction rates with the
columns name, submitted or approved, reduced, rate (or 项目名称, 送审金额,
审定金额, 审减金额, 审减率), in UTF-8 or GB18030.
Exit 1 when a figure does not reconcile or a row was rejected.`,
		example: `jixiao audit cmd/jixiao/data/lhasa2021.json
jixiao audit --lang en --encoding auto cmd/jixiao/testdata/rates.csv`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			o.common(fs)
			unit := fs.String("unit", "yuan", "unit of amounts printed without one: yuan (元), wan (万元) or yi (亿元)")
			enc := fs.String("encoding", "auto", "CSV encoding: auto, utf-8, gb18030 or gbk")
			strict := fs.Bool("strict", false, "stop at the first bad CSV row instead of skipping it")
			return func(args []string) int {
				if len(args) != 1 {
					return o.fail("audit", errors.New("want one FILE; run 'jixiao help audit'"))
				}
				var u performance.AmountUnit
				if err := u.UnmarshalText([]byte(*unit)); err != nil {
					return o.fail("audit", fmt.Errorf("--unit: %w", err))
				}
				e, err := csvio.ParseEncoding(*enc)
				if err != nil {
					return o.fail("audit", fmt.Errorf("--encoding: %w", err))
				}
				stated, tally, err := readStated(args[0], u, e, *strict)
				if err != nil {
					return o.fail("audit", err)
				}
				rep, err := audit(stated, u)
				if err != nil {
					return o.fail("audit", err)
				}
				rep.Rows = tally
				return o.printAudit(rep)
			}
		},
	}
}

// readStated reads the audit input: JSON by content, CSV otherwise.
func readStated(name string, u performance.AmountUnit, enc csvio.Encoding, strict bool) (*statedFigures, *csvio.Tally, error) {
	if book, _, ok := sheetRef(name); isWorkbook(name) || ok && isWorkbook(book) {
		data, ref, err := sheetCSV(name, ratesSheets)
		if err != nil {
			return nil, nil, err
		}
		return readRatesCSV(ref, data, csvio.UTF8, strict)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	if strings.EqualFold(filepath.Ext(name), ".json") {
		var s statedFigures
		if err := decodeStrict(name, data, &s); err != nil {
			return nil, nil, err
		}
		return &s, nil, nil
	}
	return readRatesCSV(name, data, enc, strict)
}

var ratesSchema = csvio.Schema{
	{Name: "name", Aliases: []string{"项目名称", "项目", "名称", "轮次"}, Required: true},
	{Name: "count", Aliases: []string{"项目数", "个数"}},
	{Name: "submitted", Aliases: []string{"送审金额", "送审"}},
	{Name: "approved", Aliases: []string{"审定金额", "审定"}},
	{Name: "reduced", Aliases: []string{"审减金额", "审减"}, Required: true},
	{Name: "rate", Aliases: []string{"审减率"}, Required: true},
}

// readRatesCSV reads a CSV of stated reduction rates. The amounts are checked
// here with the library's parsers so that a bad cell is reported with its
// line and column; --strict makes the first bad row fatal.
func readRatesCSV(name string, data []byte, enc csvio.Encoding, strict bool) (*statedFigures, *csvio.Tally, error) {
	f, err := csvio.Read(name, data, enc, ratesSchema)
	if err != nil {
		return nil, nil, err
	}
	tally := &csvio.Tally{}
	tally.Start(f)
	if strict && len(f.Errors) > 0 {
		return nil, tally, f.Errors[0]
	}
	s := &statedFigures{}
	for _, r := range f.Rows {
		var errs []*csvio.RowError
		check := func(col string, parse func(string) error) {
			if v := r.Get(col); v != "" {
				if err := parse(v); err != nil {
					errs = append(errs, r.Err(col, err))
				}
			}
		}
		amount := func(v string) error { _, err := performance.ParseAmountIn(v, performance.Yuan); return err }
		check("submitted", amount)
		check("approved", amount)
		check("reduced", amount)
		check("rate", func(v string) error { _, err := performance.ParsePercent(v); return err })
		count := 0
		check("count", func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("%q is not a count of projects", v)
			}
			count = n
			return nil
		})
		if r.Get("name") == "" {
			errs = append(errs, r.Err("name", errors.New("empty")))
		}
		if r.Get("reduced") == "" {
			errs = append(errs, r.Err("reduced", errors.New("empty")))
		}
		if r.Get("rate") == "" {
			errs = append(errs, r.Err("rate", errors.New("empty")))
		}
		if r.Get("submitted") == "" && r.Get("approved") == "" {
			errs = append(errs, r.Err("submitted", errors.New("empty, and no approved amount either")))
		}
		if len(errs) > 0 {
			tally.Reject(errs...)
			if strict {
				return nil, tally, errs[0]
			}
			continue
		}
		tally.Accept()
		s.Rates = append(s.Rates, statedRate{Name: r.Get("name"), Count: count, Submitted: r.Get("submitted"),
			Approved: r.Get("approved"), Reduced: r.Get("reduced"), Rate: r.Get("rate")})
	}
	return s, tally, nil
}

// decodeStrict decodes JSON with the library's strict decoder, which rejects
// unknown fields with their paths, and names the file in errors: a syntax or
// type error gets its line and column.
func decodeStrict(name string, data []byte, v any) error {
	err := performance.DecodeJSON(data, v)
	if err == nil {
		return nil
	}
	var ps performance.Problems
	if errors.As(err, &ps) {
		return &fileError{file: name, err: ps}
	}
	var je *performance.JSONError
	if errors.As(err, &je) {
		return &fileError{file: name, err: je}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// audit recomputes every stated figure with the performance package.
func audit(s *statedFigures, u performance.AmountUnit) (*auditReport, error) {
	rep := &auditReport{Source: s.Source}
	amount := func(what, v string) (decimal.Decimal, error) {
		d, err := performance.ParseAmountIn(v, u)
		if err != nil {
			return d, fmt.Errorf("%s: %w", what, err)
		}
		return d, nil
	}
	for i, r := range s.Rates {
		path := fmt.Sprintf("rates[%d]", i)
		// Any two of 送审, 审定 and 审减 (and 审增 when printed) give the third,
		// through performance's reduction figures; all three are checked.
		var figs performance.ReductionFigures
		for _, f := range []struct {
			name, text string
			to         *decimal.NullDecimal
		}{{"submitted", r.Submitted, &figs.Submitted}, {"approved", r.Approved, &figs.Approved},
			{"reduced", r.Reduced, &figs.Reduced}, {"increased", r.Increased, &figs.Increased}} {
			if f.text == "" {
				continue
			}
			d, err := amount(path+"."+f.name, f.text)
			if err != nil {
				return nil, err
			}
			*f.to = decimal.NewNullDecimal(d)
		}
		red, err := figs.Resolve()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		submitted, reduced := red.Submitted, red.Net
		stated, err := performance.ParsePercent(r.Rate)
		if err != nil {
			return nil, fmt.Errorf("%s.rate: %w", path, err)
		}
		places := max(-stated.Exponent(), 0)
		ratio, err := performance.NewRatio(reduced, submitted)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		computed := ratio.Percent(places)
		f := rateFinding{Name: r.Name, Count: r.Count, Submitted: submitted, Reduced: reduced,
			Stated: stated, Computed: computed, Places: places, Consistent: computed.Equal(stated) && red.Consistent}
		if !red.Consistent {
			f.Gap = &red.Gap
		}
		if !f.Consistent {
			rep.Findings++
		}
		rep.Rates = append(rep.Rates, f)
	}
	for i, d := range s.Distributions {
		f, err := auditDistribution(fmt.Sprintf("distributions[%d]", i), d)
		if err != nil {
			return nil, err
		}
		if !f.Consistent {
			rep.Findings++
		}
		rep.Distributions = append(rep.Distributions, f)
	}
	for i, r := range s.RollUps {
		f, err := auditRollUp(fmt.Sprintf("rollups[%d]", i), r, u)
		if err != nil {
			return nil, err
		}
		if !f.Consistent {
			rep.Findings++
		}
		rep.RollUps = append(rep.RollUps, f)
	}
	// Each list by name, whatever the order of the input (stable for
	// repeated names, which keep the input's order).
	slices.SortStableFunc(rep.Rates, func(a, b rateFinding) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(rep.Distributions, func(a, b distFinding) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(rep.RollUps, func(a, b rollUpFinding) int { return strings.Compare(a.Name, b.Name) })
	return rep, nil
}

// auditRollUp totals the parts with the organisation tree's exact roll-up:
// the stated total is the root, the parts its children.
func auditRollUp(path string, r statedRollUp, u performance.AmountUnit) (rollUpFinding, error) {
	stated, err := performance.ParseAmountIn(r.Total, u)
	if err != nil {
		return rollUpFinding{}, fmt.Errorf("%s.total: %w", path, err)
	}
	nodes := []performance.Node{{ID: "total", Name: r.Name, Kind: performance.NodeRegion}}
	values := map[string]decimal.Decimal{}
	for j, p := range r.Parts {
		id := fmt.Sprintf("part%03d", j)
		nodes = append(nodes, performance.Node{ID: id, Name: p.Name, Kind: performance.NodeRegion, Parent: "total"})
		v, err := performance.ParseAmountIn(p.Amount, u)
		if err != nil {
			return rollUpFinding{}, fmt.Errorf("%s.parts[%d].amount: %w", path, j, err)
		}
		values[id] = v
	}
	org, err := performance.NewOrg(nodes)
	if err != nil {
		return rollUpFinding{}, fmt.Errorf("%s: %w", path, err)
	}
	totals, err := org.RollUp(values)
	if err != nil {
		return rollUpFinding{}, fmt.Errorf("%s: %w", path, err)
	}
	computed := totals["total"]
	return rollUpFinding{Name: r.Name, Stated: stated, Computed: computed, Difference: stated.Sub(computed),
		Consistent: computed.Equal(stated)}, nil
}

func (o *opts) verdict(ok bool) string {
	if ok {
		return o.t("一致", "consistent")
	}
	return o.t("不一致", "INCONSISTENT")
}

func (o *opts) printAudit(rep *auditReport) int {
	code := exitOK
	if rep.Findings > 0 {
		code = exitFindings
	}
	code = withRows(code, rep.Rows)
	if rep.Rows != nil {
		printErrors(o, rep.Rows.Errors)
		fmt.Fprintln(o.stderr, rep.Rows.Summary(o.lang == performance.LangZH))
	}
	switch o.format {
	case "json":
		if err := writeJSON(o.stdout, rep); err != nil {
			return o.fail("audit", err)
		}
		return code
	case "csv":
		if err := o.auditTable(rep).WriteCSV(o.stdout); err != nil {
			return o.fail("audit", err)
		}
		return code
	}
	o.writeAuditText(o.stdout, rep)
	return code
}

// auditTable is every finding as one flat table, for --format csv.
func (o *opts) auditTable(rep *auditReport) *table.Table {
	t := table.New("check", "name", "stated", "computed", "consistent")
	for _, r := range rep.Rates {
		t.Add("rate", r.Name, r.Stated.StringFixed(r.Places), r.Computed.StringFixed(r.Places), fmt.Sprint(r.Consistent))
	}
	for _, d := range rep.Distributions {
		t.Add("distribution", d.Name, d.stated(), d.computed(), fmt.Sprint(d.Consistent))
	}
	for _, r := range rep.RollUps {
		t.Add("rollup", r.Name, r.Stated.String(), r.Computed.String(), fmt.Sprint(r.Consistent))
	}
	return t
}

func (o *opts) writeAuditText(w io.Writer, rep *auditReport) {
	if rep.Source != "" {
		fmt.Fprintf(w, "%s%s\n", o.t("公布数据核对：", "Audit of published figures: "), rep.Source)
	}
	if len(rep.Rates) > 0 {
		fmt.Fprintf(w, "\n%s\n", o.t("审减率（审减 ÷ 送审，四舍五入）", "Reduction rates (reduced ÷ submitted, rounded half up)"))
		t := table.New(o.t("名称", "name"), o.t("项目数", "projects"), o.t("送审", "submitted"), o.t("审减", "reduced"),
			o.t("公布", "stated"), o.t("复算", "computed"), o.t("结论", "result")).Right(1, 2, 3, 4, 5)
		for _, r := range rep.Rates {
			count := ""
			if r.Count > 0 {
				count = fmt.Sprint(r.Count)
			}
			t.Add(r.Name, count, performance.FormatAmount(r.Submitted, performance.Wan), performance.FormatAmount(r.Reduced, performance.Wan),
				performance.FormatPercent(r.Stated, r.Places), performance.FormatPercent(r.Computed, r.Places), o.verdict(r.Consistent))
		}
		_ = t.WriteText(w)
	}
	for _, d := range rep.Distributions {
		o.writeDistribution(w, d)
	}
	if len(rep.RollUps) > 0 {
		fmt.Fprintf(w, "\n%s\n", o.t("合计核对（各部分之和 = 总数）", "Roll-ups (sum of parts = total)"))
		t := table.New(o.t("名称", "name"), o.t("公布合计", "stated"), o.t("各部分之和", "sum of parts"), o.t("差额", "difference"), o.t("结论", "result")).Right(1, 2, 3)
		for _, r := range rep.RollUps {
			t.Add(r.Name, performance.FormatAmount(r.Stated, performance.Wan), performance.FormatAmount(r.Computed, performance.Wan),
				performance.FormatAmount(r.Difference, performance.Wan), o.verdict(r.Consistent))
		}
		_ = t.WriteText(w)
	}
	fmt.Fprintf(w, "\n%s\n", o.t(fmt.Sprintf("发现 %d 处不一致。", rep.Findings), fmt.Sprintf("%d finding(s).", rep.Findings)))
}
