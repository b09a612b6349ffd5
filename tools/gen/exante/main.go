// Command exante generates the bundled ex-ante sample in testdata/exante/: a
// synthetic portfolio of budget submissions shaped after the seed report
// (拉财字〔2022〕9号) — 35 projects in the first round (一上) submitting
// 17,702.19万元 and 5 in the second (二上) submitting 3,436.29万元, across
// departments and districts of Lhasa — with its organisation, expenditure
// standards and performance goals.
//
// # What is real and what is synthetic
//
// Only the seed's round totals are real: per round the count of projects,
// the submitted (送审) and reduced (审减) amounts and so the approved amount
// (审定) and the reduction rate (审减率) at the two places printed (19.13%,
// 51.26%). Every project, cost line, expert sheet and goal is a synthetic
// fixture, drawn from a fixed seed and calibrated so that the rounds add up
// to those totals exactly; none of it is a real Lhasa project. The seed says
// every project was assessed, so in the sample every project carries its
// experts' sheets and is assessed, none is rejected and none fails a gate:
// every reduction is a cut the bundled policy (testdata/exante/policy.json)
// makes on an assessed project's cost lines — a unit price above its
// expenditure standard cut to the standard (EA-L01), a line without a basis
// for its estimate cut in full (EA-L02), a line submitted twice (EA-L03),
// training projects compressed by 10% (EA-P01). The generator checks this
// and refuses to write a sample that breaks it. The figures checked by hand
// are elsewhere: the seed's totals and rates (the tests that pin 17,702.19,
// 19.13% and 51.26%) and the small round of testdata/exante/handworked.json,
// whose every reduction is worked out in handround_test.go.
//
// # How the totals are reached
//
// The reductions are not stored: they come from the policy acting on the
// cost lines. The generator draws projects from a fixed seed (a second
// stream completes what the first left out, so that the first stream's
// projects keep their identities), runs the policy over them, then balances
// each round with the policy's own cuts (see balance): it scales the round
// to about 98% of its submitted total, removes the basis of the largest
// lines while the approved amount is above the seed's, moves the lump sums
// (quantity 1) to make the approved amount exact, and adds contingency lines
// without a basis (不可预见费, which EA-L02 cuts) for the little the
// reductions still lack. It verifies the result by assessing the written
// files again. Same seed, same bytes.
//
// Usage, from the module root:
//
//	go run ./tools/gen/exante [-out testdata/exante]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/tools/gen/sample"
	"github.com/shopspring/decimal"
)

// target is one round of the seed: count, submitted and reduced, in yuan.
type target struct {
	round     int
	count     int
	submitted decimal.Decimal
	reduced   decimal.Decimal
}

var (
	round1 = target{1, 35, decimal.RequireFromString("177021900.00"), decimal.RequireFromString("33869700.00")}
	round2 = target{2, 5, decimal.RequireFromString("34362900.00"), decimal.RequireFromString("17612900.00")}
)

func main() {
	out := flag.String("out", "testdata/exante", "directory to write into")
	flag.Parse()
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

type deptRef struct{ unit, name string }

func orgNodes() ([]performance.Node, []deptRef, []deptRef) {
	n := []performance.Node{{ID: "lhasa", Name: "拉萨市", Kind: performance.NodeRegion}}
	n = append(n, performance.Node{ID: "city", Name: "市本级", Kind: performance.NodeRegion, Parent: "lhasa"})
	districts := []struct{ id, name string }{
		{"chengguan", "城关区"}, {"duilongdeqing", "堆龙德庆区"}, {"dazi", "达孜区"}, {"linzhou", "林周县"},
		{"dangxiong", "当雄县"}, {"nimu", "尼木县"}, {"qushui", "曲水县"}, {"mozhugongka", "墨竹工卡县"},
	}
	cityDepts := []struct{ id, name string }{
		{"jyj", "教育局"}, {"wjw", "卫健委"}, {"jtj", "交通局"}, {"nyncj", "农业农村局"},
		{"mzj", "民政局"}, {"zjj", "住建局"}, {"wlj", "文旅局"}, {"czj", "财政局"},
	}
	var city, dist []deptRef
	for _, d := range cityDepts {
		id := "city-" + d.id
		n = append(n, performance.Node{ID: id, Name: d.name, Kind: performance.NodeDepartment, Parent: "city"},
			performance.Node{ID: id + "-0", Name: d.name + "本级", Kind: performance.NodeUnit, Parent: id})
		city = append(city, deptRef{id + "-0", d.name})
	}
	for _, r := range districts {
		n = append(n, performance.Node{ID: r.id, Name: r.name, Kind: performance.NodeRegion, Parent: "lhasa"})
		for _, d := range cityDepts[:4] {
			id := r.id + "-" + d.id
			n = append(n, performance.Node{ID: id, Name: d.name, Kind: performance.NodeDepartment, Parent: r.id},
				performance.Node{ID: id + "-0", Name: r.name + d.name + "本级", Kind: performance.NodeUnit, Parent: id})
			dist = append(dist, deptRef{id + "-0", r.name + d.name})
		}
	}
	return n, city, dist
}

func standards() []performance.ExpenditureStandard {
	s := func(id, name, unit, cap string) performance.ExpenditureStandard {
		return performance.ExpenditureStandard{ID: id, Name: name, Unit: unit, Cap: decimal.RequireFromString(cap), Scope: "市本级及县区"}
	}
	return []performance.ExpenditureStandard{
		s("STD-SERVER", "服务器", "台", "60000"),
		s("STD-PC", "台式计算机", "台", "6000"),
		s("STD-LAPTOP", "便携式计算机", "台", "7000"),
		s("STD-PRINTER", "打印机", "台", "3000"),
		s("STD-ROAD", "道路维修", "平方米", "180"),
		s("STD-TRAIN", "培训费（一类）", "人·天", "550"),
		s("STD-LECTURE", "专家讲课费", "学时", "1000"),
		s("STD-PRINTING", "印刷费", "千页", "120"),
		s("STD-LODGING", "差旅住宿费", "人·天", "350"),
		s("STD-PROPERTY", "物业管理费", "平方米·年", "60"),
		s("STD-VEHICLE", "公务用车运行维护费", "辆·年", "18000"),
		s("STD-EXPERT", "专家咨询费", "人·次", "1500"),
		s("STD-MEETING", "会议费", "人·天", "450"),
	}
}

// lineKind is a template of cost line.
type lineKind struct {
	item, spec, unit, std string
	qtyMin, qtyMax        int64
	priceMin, priceMax    int64 // yuan, for lines without a standard
}

var templates = map[string][]lineKind{
	"信息化": {
		{item: "服务器", spec: "2路机架式", unit: "台", std: "STD-SERVER", qtyMin: 2, qtyMax: 12},
		{item: "台式计算机", spec: "办公通用", unit: "台", std: "STD-PC", qtyMin: 10, qtyMax: 120},
		{item: "软件开发", spec: "业务系统定制开发", unit: "人·月", qtyMin: 20, qtyMax: 90, priceMin: 22000, priceMax: 32000},
		{item: "系统集成", spec: "集成与部署", unit: "项", qtyMin: 1, qtyMax: 1, priceMin: 300000, priceMax: 1500000},
	},
	"设备购置": {
		{item: "台式计算机", spec: "办公通用", unit: "台", std: "STD-PC", qtyMin: 20, qtyMax: 200},
		{item: "便携式计算机", spec: "办公通用", unit: "台", std: "STD-LAPTOP", qtyMin: 5, qtyMax: 60},
		{item: "打印机", spec: "A4黑白激光", unit: "台", std: "STD-PRINTER", qtyMin: 5, qtyMax: 50},
		{item: "专用设备", spec: "按采购清单", unit: "项", qtyMin: 1, qtyMax: 1, priceMin: 500000, priceMax: 3000000},
	},
	"基建": {
		{item: "道路维修", spec: "沥青路面修复", unit: "平方米", std: "STD-ROAD", qtyMin: 3000, qtyMax: 20000},
		{item: "工程施工", spec: "按施工图预算", unit: "项", qtyMin: 1, qtyMax: 1, priceMin: 1000000, priceMax: 5000000},
		{item: "工程监理", spec: "按监理合同", unit: "项", qtyMin: 1, qtyMax: 1, priceMin: 50000, priceMax: 200000},
	},
	"培训": {
		{item: "培训费", spec: "基层干部培训", unit: "人·天", std: "STD-TRAIN", qtyMin: 500, qtyMax: 4000},
		{item: "专家讲课费", spec: "副高级职称", unit: "学时", std: "STD-LECTURE", qtyMin: 20, qtyMax: 200},
		{item: "教材印刷", spec: "培训教材", unit: "千页", std: "STD-PRINTING", qtyMin: 50, qtyMax: 600},
		{item: "住宿费", spec: "学员住宿", unit: "人·天", std: "STD-LODGING", qtyMin: 300, qtyMax: 3000},
	},
	"运维": {
		{item: "物业管理", spec: "办公区物业", unit: "平方米·年", std: "STD-PROPERTY", qtyMin: 5000, qtyMax: 30000},
		{item: "公务用车运维", spec: "定编车辆", unit: "辆·年", std: "STD-VEHICLE", qtyMin: 5, qtyMax: 40},
		{item: "设备维护", spec: "年度维保合同", unit: "项", qtyMin: 1, qtyMax: 1, priceMin: 200000, priceMax: 1200000},
	},
	"课题研究": {
		{item: "专家咨询费", spec: "课题论证", unit: "人·次", std: "STD-EXPERT", qtyMin: 20, qtyMax: 150},
		{item: "调研住宿费", spec: "实地调研", unit: "人·天", std: "STD-LODGING", qtyMin: 50, qtyMax: 400},
		{item: "会议费", spec: "课题研讨会", unit: "人·天", std: "STD-MEETING", qtyMin: 50, qtyMax: 300},
		{item: "课题劳务", spec: "研究人员劳务", unit: "项", qtyMin: 1, qtyMax: 1, priceMin: 100000, priceMax: 800000},
	},
}

var categories = []string{"信息化", "设备购置", "基建", "培训", "运维", "课题研究"}

// plan says how one project is drawn.
type plan struct {
	quality float64 // expert quality 0–1: below .6 is rejected
	experts bool
	noLines bool // no detailed cost estimate and no goals (a gate failure)
}

type gen struct {
	rng  *rand.Rand
	stds map[string]performance.ExpenditureStandard
	seq  int
}

func (g *gen) between(lo, hi int64) int64 { return lo + g.rng.Int64N(hi-lo+1) }

func (g *gen) line(k lineKind) performance.CostLine {
	q := decimal.NewFromInt(g.between(k.qtyMin, k.qtyMax))
	var price decimal.Decimal
	if k.std != "" {
		cap := g.stds[k.std].Cap
		switch x := g.rng.IntN(100); {
		case x < 55: // at the standard
			price = cap
		case x < 75: // 80–100% of it
			price = cap.Mul(decimal.New(g.between(80, 99), -2)).Round(2)
		default: // 105–140% of it: cut by EA-L01
			price = cap.Mul(decimal.New(g.between(105, 140), -2)).Round(2)
		}
	} else {
		price = decimal.New(g.between(k.priceMin, k.priceMax)/100*100, 0)
	}
	spec := k.spec
	if g.rng.IntN(100) < 4 { // no basis: cut by EA-L02
		spec = ""
	}
	return performance.CostLine{Item: k.item, Specification: spec, Quantity: q, Unit: k.unit,
		UnitPrice: price, Amount: q.Mul(price).Round(2), StandardID: k.std}
}

func (g *gen) project(round int, unit deptRef, pl plan) exante.Submission {
	g.seq++
	cat := categories[g.rng.IntN(len(categories))]
	kinds := []performance.Kind{performance.KindRoutine, performance.KindRoutine, performance.KindDevelopment, performance.KindOneOff}
	p := performance.Project{
		ID:         fmt.Sprintf("XM2021-%d-%03d", round, g.seq),
		Name:       fmt.Sprintf("%s%s项目", unit.name, cat),
		UnitID:     unit.unit,
		FiscalYear: 2021,
		Kind:       kinds[g.rng.IntN(len(kinds))],
		New:        g.rng.IntN(100) < 35,
		Category:   cat,
		Basis:      "《拉萨市“十四五”规划纲要》及部门职责",
		Content:    "按年度工作计划实施" + cat + "相关工作",
		Period:     performance.Period{Start: performance.Month{Year: 2021, Month: time.January}, End: performance.Month{Year: 2021, Month: time.December}},
		FundSource: "一般公共预算",
	}
	if !pl.noLines {
		ts := templates[cat]
		n := 3 + g.rng.IntN(6)
		for i := range n {
			p.CostLines = append(p.CostLines, g.line(ts[i%len(ts)]))
		}
		if g.rng.IntN(100) < 15 { // a repeated line: cut by EA-L03
			p.CostLines = append(p.CostLines, p.CostLines[g.rng.IntN(len(p.CostLines))])
		}
	} else {
		p.Amount = decimal.New(g.between(900, 1100)*10000, 0)
	}
	sub := exante.Submission{Round: round, Project: p}
	if pl.experts {
		sub.Experts = g.experts(pl.quality)
	}
	return sub
}

func (g *gen) experts(q float64) []exante.Expert {
	items := exante.ThreeEItems()
	ex := make([]exante.Expert, 5)
	for e := range ex {
		ex[e].ID = fmt.Sprintf("ZJ%02d", 1+g.rng.IntN(40))
		for _, it := range items {
			w := it.Weight.InexactFloat64()
			v := w * (q + (g.rng.Float64()-0.5)*0.1)
			v = min(max(v, 0), w)
			sc := decimal.NewFromFloat(v*2).Round(0).DivRound(decimal.NewFromInt(2), 1) // half points
			ex[e].Scores = append(ex[e].Scores, exante.ItemScore{Item: it.ID, Score: sc})
		}
	}
	return ex
}

func tree(name string) *goals.Tree {
	t, err := sample.GoalTree(name)
	must(err)
	return t
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func settle(p *performance.Project) {
	if p.CostLines == nil {
		p.TotalInvestment = p.Amount
		return
	}
	p.Amount = decimal.Decimal{}
	for _, l := range p.CostLines {
		p.Amount = p.Amount.Add(l.Amount)
	}
	p.TotalInvestment = p.Amount
}

// spread splits total (≥ 0) among the weights by the factor method.
func spread(total decimal.Decimal, weights []decimal.Decimal) []decimal.Decimal {
	rs := make([]exante.Recipient, len(weights))
	for i, w := range weights {
		rs[i] = exante.Recipient{ID: fmt.Sprintf("%03d", i), Factors: map[string]decimal.Decimal{"w": w}}
	}
	a, err := exante.Allocate(context.Background(), exante.FactorPlan{Total: total, Factors: []exante.FactorNode{{Factor: "w", Weight: decimal.NewFromInt(1)}}}, rs)
	must(err)
	out := make([]decimal.Decimal, len(weights))
	for i, s := range a.Shares {
		out[i] = s.Amount
	}
	return out
}

func run(dir string) error {
	nodes, city, dist := orgNodes()
	g := &gen{rng: rand.New(rand.NewPCG(2021, 922)), stds: map[string]performance.ExpenditureStandard{}}
	stds := standards()
	for _, s := range stds {
		g.stds[s.ID] = s
	}
	policyJSON, err := os.ReadFile(filepath.Join(dir, "policy.json"))
	if err != nil {
		return err
	}
	pol, err := exante.ParsePolicy(policyJSON)
	if err != nil {
		return err
	}
	as, err := exante.NewAssessor(pol, stds, exante.AssessOptions{})
	if err != nil {
		return err
	}

	// Round 1: 35 projects, 22 at city level, 13 in districts; two are
	// scored low enough to be rejected (不予支持), two only well enough to be
	// supported after adjustment, and three routine ones come without
	// experts' sheets — of these, the ones at 5,000,000 yuan or more are
	// caught by EA-M03 and, not assessed, are not fundable (应评未评).
	var subs []exante.Submission
	for i := range round1.count {
		u := city[i%len(city)]
		if i >= 22 {
			u = dist[(i*5)%len(dist)]
		}
		pl := plan{quality: 0.82 + g.rng.Float64()*0.14, experts: true}
		switch i {
		case 8, 20:
			pl.quality = 0.72 // 调整完善后予以支持
		case 11, 25, 33:
			// Routine and old: not required by any rule. Their experts'
			// sheets are drawn below, from the second stream, so that
			// every draw of the first stream stays where it was.
			pl.experts = false
		}
		subs = append(subs, g.project(1, u, pl))
	}
	// Round 2: one project without a cost estimate or goals, one rejected.
	for i := range round2.count {
		u := city[(i*3+1)%len(city)]
		if i >= 3 {
			u = dist[(i*7)%len(dist)]
		}
		pl := plan{quality: 0.84 + g.rng.Float64()*0.1, experts: true}
		if i == 0 {
			// Drawn as a lump sum; its detailed estimate is drawn below,
			// from the second stream.
			pl.noLines = true
		}
		subs = append(subs, g.project(2, u, pl))
	}
	for i := range subs {
		// Projects without experts stay routine and old, so that only the
		// amount threshold can make their assessment mandatory.
		if subs[i].Experts == nil {
			p := &subs[i].Project
			p.Kind, p.New = performance.KindRoutine, false
			if p.Category == "信息化" {
				p.Category = "运维"
				p.Name = p.Name[:len(p.Name)-len("信息化项目")] + "运维项目"
				p.CostLines = nil
				for _, k := range templates["运维"] {
					p.CostLines = append(p.CostLines, g.line(k))
				}
			}
		}
		settle(&subs[i].Project)
	}
	second(subs)
	trees := map[string]*goals.Tree{}
	for i := range subs {
		if subs[i].Project.CostLines != nil {
			trees[subs[i].Project.ID] = tree(subs[i].Project.Category)
		}
	}

	caps := map[string]decimal.Decimal{}
	for _, s := range stds {
		caps[s.ID] = s.Cap
	}
	for _, tg := range []target{round1, round2} {
		if err := balance(as, caps, subs, trees, tg); err != nil {
			return err
		}
	}

	org, err := performance.NewOrg(nodes)
	if err != nil {
		return err
	}
	files := []struct {
		name string
		v    any
	}{
		{"org.json", org}, {"standards.json", stds}, {"portfolio.json", subs}, {"goals.json", trees},
	}
	for _, f := range files {
		b, err := json.MarshalIndent(f.v, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return verify(dir, as)
}
