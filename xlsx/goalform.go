package xlsx

import (
	"io"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
)

// A GoalForm is one project goal declaration form (项目支出绩效目标申报表,
// the national template issued with 财预〔2015〕88号) as printed on one
// sheet: the project header, the funds, the medium-term and annual goal
// text, and the indicator table as a goals tree. Amounts are in yuan.
type GoalForm struct {
	Sheet string `json:"sheet"`
	// ProjectName (项目名称), ProjectID (项目编码, optional), Department
	// (主管部门及代码), Unit (实施单位), Attribute (项目属性, such as 新增项目
	// or 延续项目) and Period (项目期) as printed.
	ProjectName string `json:"project_name"`
	ProjectID   string `json:"project_id,omitempty"`
	Department  string `json:"department"`
	Unit        string `json:"unit"`
	Attribute   string `json:"attribute,omitempty"`
	Period      string `json:"period,omitempty"`
	// Funds are the rows of the funds block (资金总额, 其中：财政拨款,
	// 其他资金 …): the medium-term (中期资金总额) and annual (年度资金总额)
	// amounts.
	Funds []GoalFund `json:"funds,omitempty"`
	// GoalMediumTerm (中期目标) and GoalAnnual (年度目标) are the goal text
	// (总体目标).
	GoalMediumTerm string `json:"goal_medium_term"`
	GoalAnnual     string `json:"goal_annual"`
	// Tree is the indicator table (绩效指标); weights (分值) are zero when
	// the form has no 分值 or 权重 column, as the national template has
	// none, so the tree validates only once weights are set. Total is the
	// sum of the weights.
	Tree *goals.Tree `json:"tree"`
}

// A GoalFund is one row of a goal form's funds block, in yuan.
type GoalFund struct {
	Label      string              `json:"label"`
	MediumTerm decimal.NullDecimal `json:"medium_term"`
	Annual     decimal.NullDecimal `json:"annual"`
}

var (
	lMediumFunds = label{names: []string{"中期资金总额"}}
	lAnnualFunds = label{names: []string{"年度资金总额"}}
	lMediumGoal  = label{names: []string{"中期目标", "中期目标(20XX-20XX年)"}, prefix: true}
	lAnnualGoal  = label{names: []string{"年度目标"}, prefix: true}
	lAttribute   = label{names: []string{"项目属性"}}
	lPeriod      = label{names: []string{"项目期", "实施周期"}}
)

// ReadGoalForms reads every sheet of the workbook r as one goal
// declaration form, locating blocks by their labels as [ReadSelfForms]
// does: 项目名称 (required), 项目编码, 主管部门, 实施单位, 项目属性, 项目期; a
// funds header row holding 中期资金总额 and 年度资金总额 and the rows below
// it; 总体目标 with 中期目标 and 年度目标; and the indicator table (一级指标,
// 二级指标, 三级指标, 指标值 required; 分值 or 权重 and 指标代码 optional).
// The results and errors are as ReadSelfForms'.
func ReadGoalForms(r io.Reader, lim Limits) ([]*GoalForm, error) {
	return readSheets(r, lim, readGoalSheet)
}

func readGoalSheet(g *grid) (*GoalForm, Problems) {
	var ps Problems
	h := readHeader(g, &ps)
	f := &GoalForm{Sheet: g.sheet, ProjectName: h.name, ProjectID: h.code, Department: h.department, Unit: h.unit}
	for _, p := range []struct {
		l  label
		to *string
	}{{lAttribute, &f.Attribute}, {lPeriod, &f.Period}} {
		if r, c, ok := g.find(p.l, 0); ok {
			*p.to, _ = g.valueRight(r, c, append(headerStops, lAttribute, lPeriod))
		}
	}
	scale := decimal.NewFromInt(10000)
	if r, c, ok := g.find(lFunds, 0); ok {
		scale = amountScale(g.at(r, c))
	}
	if hr, mc, ok := g.find(lMediumFunds, 0); ok {
		ac, ok := g.findIn(lAnnualFunds, hr)
		if !ok {
			ps.add(g.sheet, cellName(hr, mc), lAnnualFunds.String(), ErrMissingLabel, "not in the funds header row %d", hr+1)
		}
		end := len(g.rows)
		if r, _, ok := g.find(lGoal, hr+1); ok {
			end = r
		}
		if r, _, ok := g.find(lLevel3, hr+1); ok {
			end = min(end, r)
		}
		for r := hr + 1; r < end; r++ {
			lab, lc := firstText(g, r)
			if lab == "" || lc >= mc {
				continue
			}
			amount := func(c int, l label) decimal.NullDecimal {
				v, err := number(g.at(r, c))
				if err != nil {
					ps.add(g.sheet, cellName(r, c), l.String(), ErrNotNumber, "%q: %v", g.at(r, c), err)
					return decimal.NullDecimal{}
				}
				if v.Valid {
					v.Decimal = v.Decimal.Mul(scale)
				}
				return v
			}
			fd := GoalFund{Label: lab, MediumTerm: amount(mc, lMediumFunds)}
			if ok {
				fd.Annual = amount(ac, lAnnualFunds)
			}
			f.Funds = append(f.Funds, fd)
		}
	}
	if r, c, ok := g.find(lGoal, 0); !ok {
		ps.add(g.sheet, "A1", lGoal.String(), ErrMissingLabel, "")
	} else {
		below := func(l label) (string, bool) {
			hr, hc, ok := g.find(l, r)
			if !ok || hr > r+1 {
				return "", false
			}
			for k := hr + 1; k < len(g.rows) && k <= hr+3; k++ {
				if v := g.at(k, hc); v != "" {
					if lLevel1.match(v) || lLevel3.match(v) {
						break
					}
					return v, true
				}
			}
			return "", true
		}
		var ok1 bool
		if f.GoalAnnual, ok1 = below(lAnnualGoal); !ok1 {
			f.GoalAnnual, _ = g.valueRight(r, c, nil)
		}
		f.GoalMediumTerm, _ = below(lMediumGoal)
	}
	tbl := readTable(g, &ps, false, nil)
	tree := &goals.Tree{Framework: goals.SelfEvaluation}
	for _, row := range tbl.rows {
		tree.Indicators = append(tree.Indicators, row.ind)
		tree.Total = tree.Total.Add(row.ind.Weight)
	}
	f.Tree = tree
	return f, ps
}

// WriteGoalForms writes the forms in the national layout of the goal
// declaration form, one sheet per form; a 分值 column is added when any
// indicator has a weight, and a 指标代码 column when any has an ID.
// [ReadGoalForms] reads back exactly the forms written.
func WriteGoalForms(out io.Writer, forms []*GoalForm) error {
	w := newWriter()
	for _, f := range forms {
		writeGoal(w, f)
	}
	return w.finish(out)
}

func writeGoal(w *writer, f *GoalForm) {
	sh := w.sheet(cmpOr(f.Sheet, cmpOr(f.ProjectName, f.ProjectID)))
	var inds []goals.Indicator
	if f.Tree != nil {
		inds = f.Tree.Indicators
	}
	weights, codes := false, false
	for _, in := range inds {
		weights = weights || !in.Weight.IsZero()
		codes = codes || in.ID != ""
	}
	last := 4
	if weights {
		last++
	}
	if codes {
		last++
	}
	r := 0
	w.label(sh, r, 0, "项目支出绩效目标申报表")
	w.merge(sh, r, 0, r, last)
	r++
	pair := func(l1, v1, l2, v2 string) {
		w.label(sh, r, 0, l1)
		w.text(sh, r, 1, v1)
		if l2 == "" {
			w.merge(sh, r, 1, r, last)
		} else {
			w.merge(sh, r, 1, r, 2)
			w.label(sh, r, 3, l2)
			w.text(sh, r, 4, v2)
			w.merge(sh, r, 4, r, last)
		}
		r++
	}
	pair("项目名称", f.ProjectName, "", "")
	if f.ProjectID != "" {
		pair("项目编码", f.ProjectID, "", "")
	}
	pair("主管部门", f.Department, "实施单位", f.Unit)
	pair("项目属性", f.Attribute, "项目期", f.Period)
	top := r
	w.label(sh, r, 0, "项目资金（万元）")
	w.label(sh, r, 2, "中期资金总额")
	w.label(sh, r, 3, "年度资金总额")
	r++
	for _, fd := range f.Funds {
		w.text(sh, r, 1, fd.Label)
		w.num(sh, r, 2, wan(fd.MediumTerm), false)
		w.num(sh, r, 3, wan(fd.Annual), false)
		r++
	}
	w.merge(sh, top, 0, r-1, 0)
	w.label(sh, r, 0, "总体目标")
	w.merge(sh, r, 0, r+1, 0)
	w.label(sh, r, 1, "中期目标")
	w.merge(sh, r, 1, r, 2)
	w.label(sh, r, 3, "年度目标")
	w.merge(sh, r, 3, r, last)
	r++
	w.text(sh, r, 1, f.GoalMediumTerm)
	w.merge(sh, r, 1, r, 2)
	w.text(sh, r, 3, f.GoalAnnual)
	w.merge(sh, r, 3, r, last)
	r++
	tableTop := r
	w.label(sh, r, 0, "绩效指标")
	hdr := []string{"一级指标", "二级指标", "三级指标", "指标值"}
	if weights {
		hdr = append(hdr, "分值")
	}
	if codes {
		hdr = append(hdr, "指标代码")
	}
	for i, h := range hdr {
		w.label(sh, r, 1+i, h)
	}
	r++
	w.levels(sh, r, 1, inds)
	for i := range inds {
		in := &inds[i]
		w.text(sh, r, 3, in.Name)
		w.text(sh, r, 4, targetText(in.Target))
		c := 5
		if weights {
			w.num(sh, r, c, valid(in.Weight), false)
			c++
		}
		if codes {
			w.text(sh, r, c, in.ID)
		}
		r++
	}
	if len(inds) > 0 {
		w.merge(sh, tableTop, 0, r-1, 0)
	}
	w.keep(w.f.SetColWidth(sh, "A", "A", 12))
	w.keep(w.f.SetColWidth(sh, "B", "G", 16))
}
