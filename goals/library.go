package goals

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// A Definition is a reusable indicator of the indicator library (指标库): what
// an indicator measures, where it applies (industry 行业 and category 项目类别),
// and what the library suggests for it — target, unit, weight, standard — with
// the values it reached in past years.
type Definition struct {
	// ID is the definition's stable code, unique in its library.
	ID string `json:"id"`
	// Industry is the field it belongs to (行业), such as 教育 or 卫生健康;
	// "通用" for indicators that apply anywhere.
	Industry string `json:"industry"`
	// Category is the kind of project it suits (项目类别), such as 培训类 or
	// 基础设施建设类.
	Category string `json:"category"`
	// Level1 is the level-1 kind the indicator belongs under.
	Level1 Level1 `json:"level1"`
	// Level2 is its level-2 kind; Level2Other uses Level2Name.
	Level2 Level2 `json:"level2,omitempty"`
	// Level2Name names the level-2 group as tables print it.
	Level2Name string `json:"level2_name,omitempty"`
	// Name is the indicator's name (三级指标名称).
	Name string `json:"name"`
	// Description says what is measured and how (指标解释).
	Description string `json:"description,omitempty"`
	// Keywords help search find the definition.
	Keywords []string `json:"keywords,omitempty"`
	// Target is the suggested target; a zero Target means none is suggested
	// and every use must give one.
	Target *Target `json:"target,omitempty"`
	// Unit is the normalised unit of the indicator's values (see
	// [NormalizeUnit]); empty for qualitative indicators and deadlines.
	Unit string `json:"unit,omitempty"`
	// Weight is the suggested weight (建议分值); zero means none.
	Weight decimal.Decimal `json:"weight"`
	// Standard is the basis the suggested target rests on.
	Standard Standard `json:"standard,omitempty"`
	// History lists values reached in past years (历史值), oldest first.
	History []Observation `json:"history,omitempty"`
	// Scoring is a custom scoring expression carried into instantiated
	// indicators (see Indicator.Scoring); empty for the national rule.
	Scoring string `json:"scoring,omitempty"`
	// Core marks a core indicator (核心绩效指标) of its category: goal review
	// ([Review]) flags a project of the category whose goals lack it, and,
	// when Target is set, a target less demanding than Target, the core
	// value (核心指标值). See 财预〔2021〕101号 and [CoreLibrary].
	Core bool `json:"core,omitempty"`
	// Source names where the definition comes from: a national or local
	// document and article, or "illustrative" where no list is confirmed.
	// Required for a core indicator.
	Source string `json:"source,omitempty"`
}

// An Observation is a value an indicator reached in one year, in the
// definition's unit.
type Observation struct {
	// Year is the fiscal year.
	Year int `json:"year"`
	// Value is the value reached, in the definition's unit.
	Value decimal.Decimal `json:"value"`
}

// A Library is an indicator library (指标库): definitions ordered by ID. Build
// one with [NewLibrary] or [ParseLibrary]. A Library is immutable and safe
// for concurrent use.
type Library struct {
	version string
	defs    []Definition
	byID    map[string]int
}

// NewLibrary returns a library of the given definitions (copied), checked:
// every problem is reported at once as [performance.Problems] with paths
// "definitions[i].field" in the order given. Codes: missing_id,
// duplicate_id, missing_name, missing_industry, missing_level1,
// invalid_level1, invalid_level2, level2_mismatch, invalid_weight,
// invalid_standard, unit_mismatch (the suggested target's unit differs from
// the definition's), history_order (years not strictly increasing),
// missing_category and missing_source (a core indicator without a category
// or a source), invalid_scoring (a custom scoring expression that does not compile with
// opts, the host's rules options; see [NewScorer]).
func NewLibrary(version string, defs []Definition, opts ...rules.Option) (*Library, error) {
	var ps performance.Problems
	seen := make(map[string]int, len(defs))
	for i := range defs {
		d := &defs[i]
		path := "definitions[" + strconv.Itoa(i) + "]"
		switch j, dup := seen[d.ID]; {
		case d.ID == "":
			ps.Add("missing_id", path+".id", "缺少指标编号", "id missing")
		case dup:
			ps.Add("duplicate_id", path+".id",
				fmt.Sprintf("指标编号 %q 与 definitions[%d] 重复", d.ID, j),
				fmt.Sprintf("id %q repeats definitions[%d]", d.ID, j))
		default:
			seen[d.ID] = i
		}
		if d.Name == "" {
			ps.Add("missing_name", path+".name", "缺少指标名称", "name missing")
		}
		if d.Industry == "" {
			ps.Add("missing_industry", path+".industry", "缺少所属行业", "industry missing")
		}
		switch {
		case d.Level1 == Level1None:
			ps.Add("missing_level1", path+".level1", "缺少一级指标", "level 1 kind missing")
		case !d.Level1.Valid():
			ps.Add("invalid_level1", path+".level1", "一级指标无效", "unknown level 1 kind")
		}
		switch {
		case !d.Level2.Valid():
			ps.Add("invalid_level2", path+".level2", "二级指标无效", "unknown level 2 kind")
		case d.Level2 != Level2Other && d.Level1.Valid() && d.Level1 != Level1None && d.Level2.Parent() != d.Level1:
			ps.Add("level2_mismatch", path+".level2",
				fmt.Sprintf("%s不属于%s", d.Level2.Name(performance.LangZH), d.Level1.Name(performance.LangZH)),
				fmt.Sprintf("%s does not belong under %s", d.Level2.Name(performance.LangEN), d.Level1.Name(performance.LangEN)))
		}
		if d.Weight.IsNegative() {
			ps.Add("invalid_weight", path+".weight", "建议分值不能为负", "suggested weight must not be negative")
		}
		if !d.Standard.Valid() {
			ps.Add("invalid_standard", path+".standard", "指标值确定依据无效", "unknown standard")
		}
		if d.Target != nil && d.Target.Quantitative() && d.Target.Unit != d.Unit {
			ps.Add("unit_mismatch", path+".target.unit",
				fmt.Sprintf("建议指标值单位“%s”与指标单位“%s”不一致", d.Target.Unit, d.Unit),
				fmt.Sprintf("suggested target unit %q differs from the unit %q", d.Target.Unit, d.Unit))
		}
		if d.Scoring != "" {
			checkScoring(&ps, path+".scoring", d.Scoring, opts)
		}
		if d.Core {
			checkCore(&ps, path, d)
		}
		for k := 1; k < len(d.History); k++ {
			if d.History[k].Year <= d.History[k-1].Year {
				ps.Add("history_order", path+".history["+strconv.Itoa(k)+"].year", "历史值年份应逐年递增", "history years must increase")
				break
			}
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	l := &Library{version: version, defs: make([]Definition, len(defs)), byID: make(map[string]int, len(defs))}
	for i := range defs {
		l.defs[i] = cloneDefinition(defs[i])
	}
	sort.Slice(l.defs, func(i, j int) bool { return l.defs[i].ID < l.defs[j].ID })
	for i := range l.defs {
		l.byID[l.defs[i].ID] = i
	}
	return l, nil
}

func cloneDefinition(d Definition) Definition {
	d.Keywords = slices.Clone(d.Keywords)
	d.History = slices.Clone(d.History)
	if d.Target != nil {
		t := *d.Target
		d.Target = &t
	}
	return d
}

// libraryJSON is the file form of a library.
type libraryJSON struct {
	Version     string       `json:"version"`
	Definitions []Definition `json:"definitions"`
}

// ParseLibrary reads a library from its JSON form:
//
//	{"version": "2022.1", "definitions": [{"id": "...", ...}]}
//
// Unknown fields are rejected, so that a misspelt field does not silently
// drop data. Targets may be written as published ("≥95%"). The error is a
// JSON error, or the [performance.Problems] of [NewLibrary], which checks
// custom scoring expressions with opts.
func ParseLibrary(data []byte, opts ...rules.Option) (*Library, error) {
	var j libraryJSON
	if err := performance.DecodeJSON(data, &j); err != nil {
		return nil, fmt.Errorf("goals: library: %w", err)
	}
	return NewLibrary(j.Version, j.Definitions, opts...)
}

// MarshalJSON writes the library in the form ParseLibrary reads, definitions
// ordered by ID.
func (l *Library) MarshalJSON() ([]byte, error) {
	defs := l.defs
	if defs == nil {
		defs = []Definition{} // the zero Library writes what it decodes from
	}
	return json.Marshal(libraryJSON{Version: l.version, Definitions: defs})
}

// UnmarshalJSON reads a library as [ParseLibrary] does, checking every
// definition.
func (l *Library) UnmarshalJSON(b []byte) error {
	v, err := ParseLibrary(b)
	if err != nil {
		return err
	}
	*l = *v
	return nil
}

// Version returns the library's version, as given.
func (l *Library) Version() string { return l.version }

// Len returns the number of definitions.
func (l *Library) Len() int { return len(l.defs) }

// Definitions returns a copy of every definition, ordered by ID.
func (l *Library) Definitions() []Definition {
	out := make([]Definition, len(l.defs))
	for i := range l.defs {
		out[i] = cloneDefinition(l.defs[i])
	}
	return out
}

// Definition returns the definition with the given ID.
func (l *Library) Definition(id string) (Definition, bool) {
	i, ok := l.byID[id]
	if !ok {
		return Definition{}, false
	}
	return cloneDefinition(l.defs[i]), true
}

// Industries returns the industries of the library, sorted.
func (l *Library) Industries() []string {
	return l.distinct(func(d *Definition) (string, bool) { return d.Industry, true })
}

// Categories returns the categories of an industry (all industries when
// industry is empty), sorted.
func (l *Library) Categories(industry string) []string {
	return l.distinct(func(d *Definition) (string, bool) {
		return d.Category, d.Category != "" && (industry == "" || d.Industry == industry)
	})
}

func (l *Library) distinct(f func(*Definition) (string, bool)) []string {
	var out []string
	for i := range l.defs {
		if s, ok := f(&l.defs[i]); ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// A Query selects definitions of a library. Zero fields select everything.
type Query struct {
	// Keyword holds search terms separated by spaces; a definition matches
	// when every term occurs (case-insensitively) in its name, keywords or
	// description.
	Keyword string `json:"keyword,omitempty"`
	// Industry, when set, must equal the definition's.
	Industry string `json:"industry,omitempty"`
	// Category, when set, must equal the definition's.
	Category string `json:"category,omitempty"`
	// Level1, when set, must equal the definition's.
	Level1 Level1 `json:"level1,omitempty"`
	// Level2, when set (not Level2Other), must equal the definition's.
	Level2 Level2 `json:"level2,omitempty"`
	// IncludeGeneral also selects definitions of the industry "通用"
	// (general) when Industry is set.
	IncludeGeneral bool `json:"include_general,omitempty"`
}

// General is the industry of definitions that apply anywhere (通用).
const General = "通用"

// Search returns the definitions matching q, best first: a term found in the
// name counts 3, in the keywords 2, in the description 1; ties are ordered
// by ID, so the order is deterministic.
func (l *Library) Search(q Query) []Definition {
	terms := strings.Fields(strings.ToLower(q.Keyword))
	type hit struct {
		i     int
		score int
	}
	var hits []hit
	for i := range l.defs {
		d := &l.defs[i]
		if q.Industry != "" && d.Industry != q.Industry && !(q.IncludeGeneral && d.Industry == General) {
			continue
		}
		if q.Category != "" && d.Category != q.Category ||
			q.Level1 != Level1None && d.Level1 != q.Level1 ||
			q.Level2 != Level2Other && d.Level2 != q.Level2 {
			continue
		}
		score, ok := matchTerms(d, terms)
		if ok {
			hits = append(hits, hit{i, score})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].score > hits[b].score })
	out := make([]Definition, len(hits))
	for k, h := range hits {
		out[k] = cloneDefinition(l.defs[h.i])
	}
	return out
}

func matchTerms(d *Definition, terms []string) (int, bool) {
	name := strings.ToLower(d.Name)
	desc := strings.ToLower(d.Description)
	score := 0
	for _, t := range terms {
		s := 0
		if strings.Contains(name, t) {
			s += 3
		}
		for _, k := range d.Keywords {
			if strings.Contains(strings.ToLower(k), t) {
				s += 2
				break
			}
		}
		if strings.Contains(desc, t) {
			s++
		}
		if s == 0 {
			return 0, false
		}
		score += s
	}
	return score, true
}

// A Pick chooses a definition for a project's goals and sets what the
// project decides: its target and weight, defaulting to the library's
// suggestions.
type Pick struct {
	// ID is the definition's ID.
	ID string `json:"id"`
	// Target is the project's target as published ("≥120人"); empty uses
	// the suggested target.
	Target string `json:"target,omitempty"`
	// Weight is the project's weight; zero uses the suggested weight.
	Weight decimal.Decimal `json:"weight"`
	// Name overrides the definition's name when set (as projects often
	// specialise it: 培训人数 → 农技培训人数).
	Name string `json:"name,omitempty"`
}

// ErrUnknownDefinition is returned (wrapped, inside Problems) for a pick of
// an ID the library does not hold.
var ErrUnknownDefinition = errors.New("goals: unknown indicator definition")

// Indicator instantiates the definition with the given target and weight.
func (d Definition) Indicator(target Target, weight decimal.Decimal) Indicator {
	return Indicator{
		ID: d.ID, Level1: d.Level1, Level2: d.Level2, Level2Name: d.Level2Name,
		Name: d.Name, Target: target, Weight: weight, Standard: d.Standard, Scoring: d.Scoring,
	}
}

// Instantiate turns picks into a project's indicators, in the order given.
// Every problem is reported at once as [performance.Problems] with paths
// "picks[i].field". Codes: unknown_definition, invalid_target (the text does
// not parse; the message carries the parser's error), missing_target (no
// target given and none suggested), unit_mismatch (a target in another unit
// than the definition's), missing_weight (no weight given and none
// suggested).
func (l *Library) Instantiate(picks []Pick) ([]Indicator, error) {
	var ps performance.Problems
	out := make([]Indicator, 0, len(picks))
	for i, p := range picks {
		path := "picks[" + strconv.Itoa(i) + "]"
		k, ok := l.byID[p.ID]
		if !ok {
			ps.Add("unknown_definition", path+".id",
				fmt.Sprintf("指标库中没有编号为 %q 的指标", p.ID),
				fmt.Sprintf("%v: %q", ErrUnknownDefinition, p.ID))
			continue
		}
		d := &l.defs[k]
		var target Target
		switch {
		case p.Target != "":
			t, err := ParseTarget(p.Target)
			if err != nil {
				ps.Add("invalid_target", path+".target",
					fmt.Sprintf("指标值 %q 无法识别", p.Target), err.Error())
				continue
			}
			target = t
		case d.Target != nil:
			target = *d.Target
		default:
			ps.Add("missing_target", path+".target", "未给出指标值，指标库也没有建议值", "no target given and none suggested")
			continue
		}
		if target.Quantitative() && d.Unit != "" && target.Unit != d.Unit {
			ps.Add("unit_mismatch", path+".target",
				fmt.Sprintf("指标值单位“%s”与指标库单位“%s”不一致", target.Unit, d.Unit),
				fmt.Sprintf("target unit %q differs from the library's %q", target.Unit, d.Unit))
			continue
		}
		weight := p.Weight
		if weight.IsZero() {
			weight = d.Weight
		}
		if weight.IsZero() {
			ps.Add("missing_weight", path+".weight", "未给出分值，指标库也没有建议分值", "no weight given and none suggested")
			continue
		}
		in := d.Indicator(target, weight)
		if p.Name != "" {
			in.Name = p.Name
		}
		out = append(out, in)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return out, nil
}

// Tree instantiates picks and builds a validated tree of them (see
// [Library.Instantiate] and [NewTree]); tree problems carry paths prefixed
// "tree".
func (l *Library) Tree(f EvaluationKind, total decimal.Decimal, picks ...Pick) (*Tree, error) {
	ins, err := l.Instantiate(picks)
	if err != nil {
		return nil, err
	}
	t, err := NewTree(f, total, ins...)
	if err != nil {
		var ps performance.Problems
		if errors.As(err, &ps) {
			return nil, ps.Prefix("tree")
		}
		return nil, err
	}
	return t, nil
}
