package xlsx

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/performance"
)

// defaultMapping is the bundled mapping of the budget-integration
// system's performance data elements; see integration.json for its source.
//
//go:embed integration.json
var defaultMapping []byte

// A Mapping maps the columns of a budget-integration system's (预算管理一体化)
// performance indicator table — one row per level-3 indicator — onto the
// library's goals: which header (and aliases) carries each field, and how
// the operator sign (计算符号) reads. It is data, so that a bureau's vendor
// can adjust it; [DefaultMapping] is the bundled default, whose Source says
// what it rests on and Confirmed whether it was checked against the
// technical standard (it was not).
type Mapping struct {
	Name      string `json:"name"`
	Source    string `json:"source"`
	Confirmed bool   `json:"confirmed"`
	// Columns map each field to its header. Fields: project_id (required),
	// project_name, level1_code, level1_name, level2_code, level2_name,
	// level3_code, level3_name, operator, value, unit, weight,
	// scoring_standard, explanation.
	Columns []MappingColumn `json:"columns"`
	// Operators map the sign as the table writes it to an operator code of
	// goals (ge, le, eq, gt, lt, range, qualitative).
	Operators map[string]string `json:"operators"`
}

// A MappingColumn is one field's column: its header, the other headers
// that mean it, and whether a table must have it.
type MappingColumn struct {
	Field    string   `json:"field"`
	Header   string   `json:"header"`
	Aliases  []string `json:"aliases,omitempty"`
	Required bool     `json:"required,omitempty"`
}

var mappingFields = []string{"project_id", "project_name", "level1_code", "level1_name", "level2_code", "level2_name",
	"level3_code", "level3_name", "operator", "value", "unit", "weight", "scoring_standard", "explanation"}

// DefaultMapping returns the bundled mapping, a fresh copy.
func DefaultMapping() *Mapping {
	m, err := ParseMapping(defaultMapping)
	if err != nil {
		panic("xlsx: bundled integration.json: " + err.Error()) // a build defect, tested
	}
	return m
}

// ParseMapping reads a mapping from JSON strictly (unknown keys are
// errors) and checks it: every field known and given once, project_id
// present, every operator code known.
func ParseMapping(data []byte) (*Mapping, error) {
	var m Mapping
	if err := performance.DecodeJSON(data, &m); err != nil {
		return nil, fmt.Errorf("xlsx: mapping: %w", err)
	}
	var errs []error
	seen := map[string]bool{}
	for i, c := range m.Columns {
		if !slices.Contains(mappingFields, c.Field) {
			errs = append(errs, fmt.Errorf("xlsx: mapping: columns[%d]: unknown field %q (want one of %s)", i, c.Field, strings.Join(mappingFields, ", ")))
		}
		if seen[c.Field] {
			errs = append(errs, fmt.Errorf("xlsx: mapping: columns[%d]: field %q given twice", i, c.Field))
		}
		if c.Header == "" {
			errs = append(errs, fmt.Errorf("xlsx: mapping: columns[%d]: no header", i))
		}
		seen[c.Field] = true
	}
	if !seen["project_id"] {
		errs = append(errs, errors.New("xlsx: mapping: no project_id column"))
	}
	for sign, code := range m.Operators {
		if _, err := operatorOf(code); err != nil {
			errs = append(errs, fmt.Errorf("xlsx: mapping: operator %q: %w", sign, err))
		}
	}
	return &m, errors.Join(errs...)
}

func operatorOf(code string) (goals.Operator, error) {
	var o goals.Operator
	err := o.UnmarshalText([]byte(code))
	return o, err
}

func (m *Mapping) schema() csvio.Schema {
	s := make(csvio.Schema, len(m.Columns))
	for i, c := range m.Columns {
		s[i] = csvio.Column{Name: c.Field, Aliases: append([]string{c.Header}, c.Aliases...), Required: c.Required,
			Code: strings.HasSuffix(c.Field, "_code") || c.Field == "project_id"}
	}
	return s
}

// IntegrationGoals are one project's goals as the integration table holds
// them: the tree (indicator IDs are the level-3 codes) and, per indicator
// in tree order, what the table carries that a tree does not.
type IntegrationGoals struct {
	ProjectID   string          `json:"project_id"`
	ProjectName string          `json:"project_name,omitempty"`
	Tree        *goals.Tree     `json:"tree"`
	Notes       []IndicatorNote `json:"notes"`
}

// An IndicatorNote is the integration table's text of one indicator: the
// level-1 and level-2 codes, the scoring standard (评(扣)分标准) and the
// explanation (指标解释).
type IndicatorNote struct {
	Level1Code      string `json:"level1_code,omitempty"`
	Level2Code      string `json:"level2_code,omitempty"`
	ScoringStandard string `json:"scoring_standard,omitempty"`
	Explanation     string `json:"explanation,omitempty"`
}

// ReadIntegration reads an integration table from records (a sheet's
// [Rows], or CSV through the command's reader) named name: projects in
// the order they first appear, indicators in row order. Every bad row is
// rejected with its line and column and costs no other; the rejected rows
// are returned beside the goals, counted one each. A header the mapping
// cannot read is an error with no goals.
func (m *Mapping) ReadIntegration(name string, src csvio.Records) ([]*IntegrationGoals, []*RowError, error) {
	f, err := csvio.ReadRecords(name, src, m.schema())
	if err != nil {
		return nil, nil, err
	}
	rejected := append([]*RowError(nil), f.Errors...)
	var out []*IntegrationGoals
	index := map[string]int{}
	for _, r := range f.Rows {
		in, note, errs := m.row(r)
		if len(errs) > 0 {
			rejected = append(rejected, errs...)
			continue
		}
		id := r.Get("project_id")
		k, ok := index[id]
		if !ok {
			k = len(out)
			index[id] = k
			out = append(out, &IntegrationGoals{ProjectID: id, ProjectName: r.Get("project_name"), Tree: &goals.Tree{}})
		}
		g := out[k]
		g.Tree.Indicators = append(g.Tree.Indicators, in)
		g.Tree.Total = g.Tree.Total.Add(in.Weight)
		g.Notes = append(g.Notes, note)
	}
	return out, rejected, nil
}

func (m *Mapping) row(r csvio.Row) (goals.Indicator, IndicatorNote, []*RowError) {
	var errs []*RowError
	in := goals.Indicator{ID: r.Get("level3_code"), Name: r.Get("level3_name")}
	note := IndicatorNote{Level1Code: r.Get("level1_code"), Level2Code: r.Get("level2_code"),
		ScoringStandard: r.Get("scoring_standard"), Explanation: r.Get("explanation")}
	if r.Get("project_id") == "" {
		errs = append(errs, r.Err("project_id", errors.New("empty")))
	}
	if in.Name == "" {
		errs = append(errs, r.Err("level3_name", errors.New("empty")))
	}
	var err error
	if in.Level1, err = goals.ParseLevel1(r.Get("level1_name")); err != nil {
		errs = append(errs, r.Err("level1_name", err))
	}
	l2 := r.Get("level2_name")
	if in.Level2, err = goals.ParseLevel2(l2); err != nil {
		in.Level2, in.Level2Name = goals.Level2Other, l2
	} else if in.Level2.Name(performance.LangZH) != l2 {
		in.Level2Name = l2
	}
	if w := r.Get("weight"); w != "" {
		if in.Weight, err = performance.ParseDecimal(w); err != nil {
			errs = append(errs, r.Err("weight", err))
		}
	}
	sign := r.Get("operator")
	code, ok := m.Operators[sign]
	if !ok {
		errs = append(errs, r.Err("operator", fmt.Errorf("unknown sign %q", sign)))
		return in, note, errs
	}
	op, _ := operatorOf(code)
	value, unit := r.Get("value"), r.Get("unit")
	var text string
	switch op {
	case goals.Qualitative:
		text = value
	case goals.Range:
		lo, hi, _ := strings.Cut(value, "~")
		text = lo + unit + "~" + hi + unit
	default:
		text = op.String() + value + unit
	}
	if in.Target, err = goals.ParseTarget(text); err != nil {
		errs = append(errs, r.Err("value", err))
	}
	return in, note, errs
}

// WriteIntegration writes the goals as an integration table, one sheet,
// with the mapping's headers: a row per indicator, the target split into
// sign (the first sign the mapping maps to its operator, ≥ ≤ = > < 区间
// 定性 by preference), value and unit.
func (m *Mapping) WriteIntegration(out io.Writer, sheet string, gs []*IntegrationGoals) error {
	header := make([]string, len(m.Columns))
	for i, c := range m.Columns {
		header[i] = c.Header
	}
	rows := [][]string{header}
	for _, g := range gs {
		if g.Tree == nil {
			continue
		}
		for i, in := range g.Tree.Indicators {
			var note IndicatorNote
			if i < len(g.Notes) {
				note = g.Notes[i]
			}
			sign, value, unit := m.split(in.Target)
			vals := map[string]string{"project_id": g.ProjectID, "project_name": g.ProjectName,
				"level1_code": note.Level1Code, "level1_name": in.Level1.Name(performance.LangZH),
				"level2_code": note.Level2Code, "level2_name": cmpOr(in.Level2Name, in.Level2.Name(performance.LangZH)),
				"level3_code": in.ID, "level3_name": in.Name, "operator": sign, "value": value, "unit": unit,
				"scoring_standard": note.ScoringStandard, "explanation": note.Explanation}
			if !in.Weight.IsZero() {
				vals["weight"] = in.Weight.String()
			}
			row := make([]string, len(m.Columns))
			for k, c := range m.Columns {
				row[k] = vals[c.Field]
			}
			rows = append(rows, row)
		}
	}
	return WriteTables(out, []string{sheet}, [][][]string{rows})
}

// split renders a target as sign, value and unit.
func (m *Mapping) split(t goals.Target) (sign, value, unit string) {
	prefer := []string{"≥", "≤", "=", ">", "<", "区间", "定性"}
	signOf := func(op goals.Operator) string {
		var signs []string
		for s, code := range m.Operators {
			if o, err := operatorOf(code); err == nil && o == op {
				signs = append(signs, s)
			}
		}
		slices.SortFunc(signs, func(a, b string) int {
			ia, ib := slices.Index(prefer, a), slices.Index(prefer, b)
			if ia < 0 {
				ia = len(prefer)
			}
			if ib < 0 {
				ib = len(prefer)
			}
			if ia != ib {
				return ia - ib
			}
			return strings.Compare(a, b)
		})
		if len(signs) == 0 {
			return op.String()
		}
		return signs[0]
	}
	switch {
	case t.Op == goals.Qualitative:
		return signOf(goals.Qualitative), t.Text, ""
	case t.IsDeadline():
		return signOf(goals.AtMost), t.Deadline.Format("2006年1月2日"), ""
	case t.Op == goals.Range:
		return signOf(goals.Range), t.Value.String() + "~" + t.Upper.String(), t.Unit
	}
	return signOf(t.Op), t.Value.String(), t.Unit
}

var _ = decimal.Zero
