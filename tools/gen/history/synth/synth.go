// Package synth generates synthetic project histories from a seed: the
// bundled history in testdata/history (through tools/gen/history) and the
// histories of any size the benchmarks stream. Every record is a pure
// function of the seed, the project's index and the year, so a history of a
// million projects streams in constant memory and the same seed gives the
// same records, byte for byte.
package synth

import (
	"fmt"
	"iter"
	"math/rand/v2"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/tools/gen/sample"
)

// Config says what to generate.
type Config struct {
	Seed uint64
	// Years are the fiscal years, ascending.
	Years []int
	// Projects is the number of distinct projects. Each starts in one of
	// the years and runs one to three years; with a single year every
	// project is active in it.
	Projects int
	// Units are the budget unit IDs projects are spread over.
	Units []string
}

// Records yields every active project of each year, year by year and by
// project ID within a year.
func (c Config) Records() iter.Seq[*history.Record] {
	return func(yield func(*history.Record) bool) {
		for _, y := range c.Years {
			for j := range c.Projects {
				start, dur := c.span(j)
				if y < start || y >= start+dur {
					continue
				}
				if !yield(c.record(j, y, start, dur)) {
					return
				}
			}
		}
	}
}

func (c Config) rng(j, y int) *rand.Rand {
	return rand.New(rand.NewPCG(c.Seed^uint64(j)*0x9e3779b97f4a7c15, uint64(y)))
}

func (c Config) span(j int) (start, dur int) {
	r := c.rng(j, 0)
	if len(c.Years) == 1 {
		return c.Years[0], 1
	}
	start = c.Years[r.IntN(len(c.Years))]
	dur = 1 + r.IntN(3)
	return start, dur
}

type template struct {
	category string
	lines    []line
}

type line struct {
	item, spec, unit, std string
	qtyMax                int
	price                 int64 // yuan, typical unit price
	capPrice              int64 // the standard's cap, 0 without
}

var templates = []template{
	{"信息化", []line{{"服务器", "2路机架式", "台", "STD-SERVER", 12, 58000, 60000}, {"台式计算机", "办公用", "台", "STD-PC", 80, 5800, 6000}, {"系统开发", "定制开发", "项", "", 1, 1800000, 0}, {"运维服务", "年度运维", "项", "", 1, 360000, 0}}},
	{"培训", []line{{"培训费", "一类培训", "人·天", "STD-TRAIN", 2000, 540, 550}, {"专家讲课费", "副高以上", "学时", "STD-LECTURE", 200, 950, 1000}, {"印刷费", "培训教材", "千页", "STD-PRINTING", 300, 115, 120}}},
	{"基建", []line{{"道路维修", "沥青罩面", "平方米", "STD-ROAD", 60000, 175, 180}, {"设计费", "施工图设计", "项", "", 1, 650000, 0}, {"监理费", "工程监理", "项", "", 1, 420000, 0}}},
	{"运维", []line{{"物业管理", "办公区物业", "平方米·年", "STD-PROPERTY", 20000, 58, 60}, {"公务用车运维", "定编车辆", "辆·年", "STD-VEHICLE", 40, 17500, 18000}, {"设备维护", "年度维保合同", "项", "", 1, 900000, 0}}},
	{"会议", []line{{"会议费", "全市工作会议", "人·天", "STD-MEETING", 1500, 430, 450}, {"专家咨询费", "评审专家", "人·次", "STD-EXPERT", 300, 1400, 1500}}},
	{"民生补助", []line{{"困难群众补助", "按标准发放", "人·年", "", 3000, 2400, 0}, {"走访慰问", "节日慰问", "户", "", 2000, 500, 0}}},
}

var kinds = []performance.Kind{performance.KindRoutine, performance.KindRoutine, performance.KindDevelopment, "one_off", "other"}

func (c Config) record(j, y, start, dur int) *history.Record {
	base := c.rng(j, 0)
	base.IntN(3) // the span's draws
	base.IntN(3)
	unit := c.Units[base.IntN(len(c.Units))]
	tp := templates[base.IntN(len(templates))]
	kind := kinds[base.IntN(len(kinds))]
	if dur == 1 && kind == performance.KindRoutine {
		kind = "one_off"
	}
	r := c.rng(j, y)
	id := fmt.Sprintf("XM%06d", j+1)
	p := performance.Project{
		ID: id, Name: fmt.Sprintf("%s项目%06d", tp.category, j+1), UnitID: unit, FiscalYear: y,
		Kind: kind, New: y == start, Category: tp.category,
		Basis: "部门职责及年度工作计划", Content: "按年度计划实施" + tp.category + "相关工作",
		Period:     performance.Period{Start: performance.Month{Year: start, Month: 1}, End: performance.Month{Year: start + dur - 1, Month: 12}},
		FundSource: "一般公共预算",
	}
	var total int64 // fen
	n := 2 + r.IntN(len(tp.lines))
	for k := 0; k < n; k++ {
		l := tp.lines[k%len(tp.lines)]
		qty := int64(1 + r.IntN(l.qtyMax))
		price := l.price * 100 // fen
		if l.capPrice > 0 && r.IntN(6) == 0 {
			price = l.capPrice*100 + int64(r.IntN(int(l.capPrice*15)+1)) // above the standard by up to 15%
		} else {
			price = price * int64(85+r.IntN(16)) / 100
		}
		spec := l.spec
		if r.IntN(25) == 0 {
			spec = "" // no basis for the estimate
		}
		cl := performance.CostLine{Item: l.item, Specification: spec, Quantity: decimal.NewFromInt(qty), Unit: l.unit,
			UnitPrice: decimal.New(price, -2), Amount: decimal.New(price*qty, -2), StandardID: l.std}
		p.CostLines = append(p.CostLines, cl)
		total += price * qty
		if k == 0 && r.IntN(30) == 0 { // a repeated line
			p.CostLines = append(p.CostLines, cl)
			total += price * qty
		}
	}
	p.Amount = decimal.New(total, -2)
	p.TotalInvestment = decimal.New(total*int64(dur), -2)
	p.InvestedToDate = decimal.New(total*int64(y-start), -2)
	rec := &history.Record{Round: 1, Project: p}
	if r.IntN(8) == 0 {
		rec.Round = 2
	}
	mustAssess := p.New || kind == performance.KindDevelopment || total >= 500000000 || tp.category == "信息化"
	if mustAssess && r.IntN(20) != 0 {
		rec.Experts = experts(r)
	}
	if r.IntN(40) != 0 {
		rec.Goals = tree(tp.category)
	}
	// Execution: the budget is the request less a typical cut, spent over
	// the year, back-loaded, at a rate drawn around 85%.
	budget := total / 100 * int64(88+r.IntN(13)) // fen, whole yuan
	rec.Execution.InitialBudget = decimal.New(budget, -2)
	if r.IntN(7) == 0 {
		adj := budget * int64(90+r.IntN(21)) / 100 / 100 * 100
		rec.Execution.AdjustedBudget = decimal.New(adj, -2)
		budget = adj
	}
	rate := 30 + r.IntN(71)
	if r.IntN(3) != 0 {
		rate = 75 + r.IntN(26)
	}
	spent := budget * int64(rate) / 100
	weights := [12]int64{8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9}
	var wsum int64
	for m := range weights {
		weights[m] += int64(r.IntN(6))
		wsum += weights[m]
	}
	rec.Execution.Monthly = make([]decimal.Decimal, 12)
	var acc int64
	for m := range 12 {
		part := spent * weights[m] / wsum
		if m == 11 {
			part = spent - acc
		}
		acc += part
		rec.Execution.Monthly[m] = decimal.New(part, -2)
	}
	rec.Execution.Continuing = y < start+dur-1
	// Evaluation: a score following execution, with noise.
	score := 50 + rate*35/100 + r.IntN(16)
	rec.Evaluation = history.Evaluation{Source: "self", Score: decimal.New(int64(min(score*10+r.IntN(10), 1000)), -1),
		Attainment: decimal.New(int64(60+r.IntN(41)), -2)}
	if total >= 300000000 && r.IntN(3) == 0 {
		rec.Evaluation.Source = "key"
	}
	if r.IntN(5) == 0 {
		rec.CarryOver = decimal.New(budget*int64(1+r.IntN(10))/100/100*100, -2)
	}
	if rec.Execution.Continuing || kind == performance.KindRoutine {
		rec.Requested = decimal.New(total*int64(90+r.IntN(31))/100/10000*10000, -2)
	}
	rec.Project.Host = c.host(j, y, start, dur)
	return rec
}

// priorGrades are the grades drawn for a project in its first year (its
// unit's grade the year before): 优 1, 良 3, 中 2, 差 1 in 7, illustrative
// weights chosen so that every grade occurs, not taken from a report.
var priorGrades = []string{"优", "良", "良", "良", "中", "中", "差"}

// host returns the fields a bureau's own system keeps about the project
// (宿主字段), drawn from their own stream so that the rest of the record is
// what it was without them: PriorGrade, the project's grade the year
// before under the national bands (its recorded self-evaluation score:
// ≥ 90 优, ≥ 80 良, ≥ 60 中, else 差; in its first year, its unit's grade,
// drawn), and StrategicPriority, the bureau's own ranking 1 (low) to 3.
func (c Config) host(j, y, start, dur int) performance.HostValues {
	h := rand.New(rand.NewPCG(c.Seed^uint64(j)*0xbf58476d1ce4e5b9, uint64(y)|1<<40))
	prior := priorGrades[h.IntN(len(priorGrades))]
	if y > start {
		prev := c.record(j, y-1, start, dur)
		b, err := performance.DefaultScheme().Grade(prev.Evaluation.Score)
		must(err)
		prior = b.Grade.String()
	}
	return performance.HostValues{"PriorGrade": prior, "StrategicPriority": decimal.NewFromInt(int64(1 + h.IntN(3)))}
}

func experts(r *rand.Rand) []exante.Expert {
	items := exante.ThreeEItems()
	quality := 58 + r.IntN(42) // percent of each item's weight
	ex := make([]exante.Expert, 3)
	for e := range ex {
		ex[e].ID = fmt.Sprintf("ZJ%02d", 1+r.IntN(40))
		for _, it := range items {
			pct := min(max(quality+r.IntN(21)-10, 0), 100)
			// Half points: weight × pct ÷ 100, rounded to 0.5.
			halves := it.Weight.Mul(decimal.NewFromInt(int64(pct)*2)).DivRound(decimal.NewFromInt(100), 0)
			ex[e].Scores = append(ex[e].Scores, exante.ItemScore{Item: it.ID, Score: halves.DivRound(decimal.NewFromInt(2), 1)})
		}
	}
	return ex
}

// trees are built once per category; records share them (read-only).
var trees = func() map[string]*goals.Tree {
	out := map[string]*goals.Tree{}
	for _, tp := range templates {
		out[tp.category] = buildTree(tp.category)
	}
	return out
}()

func tree(category string) *goals.Tree { return trees[category] }

func buildTree(name string) *goals.Tree {
	t, err := sample.GoalTree(name)
	must(err)
	return t
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
