// Command monitoring generates the bundled in-year monitoring sample in
// testdata/monitoring/: a year (2021) of a synthetic portfolio of Lhasa
// budget projects — its organisation, approved budgets, in-year adjustments
// (追加, 调减), every payment as a CSV execution record, performance goals and
// quarterly goal progress reports — together with the default monitoring
// policy and rule set and a published schedule table (序时进度表).
//
// Projects follow spending profiles (on track, slow, very slow, catching up
// late, front-loaded) chosen so that a year of quarterly checks shows every
// alert level, both absolute triggers, escalation and rectifications issued,
// done and overdue. Same seed, same bytes.
//
// Usage, from the module root:
//
//	go run ./tools/gen/monitoring [-out testdata/monitoring]
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

const year = 2021

func main() {
	out := flag.String("out", "testdata/monitoring", "directory to write into")
	flag.Parse()
	if err := generate(*out); err != nil {
		log.Fatal(err)
	}
}

func generate(dir string) error {
	files, err := build()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}

type unitRef struct{ id, name, dept string }

func orgNodes() ([]performance.Node, []unitRef) {
	n := []performance.Node{{ID: "lhasa", Name: "拉萨市", Kind: performance.NodeRegion}}
	regions := []struct{ id, name string }{{"city", "市本级"}, {"chengguan", "城关区"}, {"duilongdeqing", "堆龙德庆区"}, {"linzhou", "林周县"}}
	depts := []struct{ id, name string }{{"jyj", "教育局"}, {"wjw", "卫健委"}, {"jtj", "交通局"}, {"nyncj", "农业农村局"}}
	var units []unitRef
	for ri, r := range regions {
		n = append(n, performance.Node{ID: r.id, Name: r.name, Kind: performance.NodeRegion, Parent: "lhasa"})
		ds := depts
		if ri > 0 {
			ds = depts[:3]
		}
		for _, d := range ds {
			id := r.id + "-" + d.id
			n = append(n, performance.Node{ID: id, Name: d.name, Kind: performance.NodeDepartment, Parent: r.id})
			n = append(n, performance.Node{ID: id + "-0", Name: r.name + d.name + "本级", Kind: performance.NodeUnit, Parent: id})
			units = append(units, unitRef{id + "-0", r.name + d.name + "本级", d.id})
			if ri == 0 {
				n = append(n, performance.Node{ID: id + "-1", Name: d.name + "直属单位", Kind: performance.NodeUnit, Parent: id})
				units = append(units, unitRef{id + "-1", d.name + "直属单位", d.id})
			}
		}
	}
	return n, units
}

// profile shapes a project's cumulative spending relative to its schedule.
type profile int

const (
	onTrack profile = iota
	slow
	verySlow
	catchUp
	front
)

// construction is the back-loaded schedule of the policy (percent at month ends).
var construction = []int64{0, 0, 5, 10, 15, 25, 35, 45, 55, 70, 85, 100}

func expected(cat string, m int) decimal.Decimal {
	if cat == "基建" {
		return decimal.New(construction[m-1], -2)
	}
	return decimal.NewFromInt(int64(m)).DivRound(decimal.NewFromInt(12), 6)
}

// cumulative returns the share of the budget spent by the end of month m.
func cumulative(p profile, cat string, m int, noise decimal.Decimal) decimal.Decimal {
	e := expected(cat, m)
	var s decimal.Decimal
	switch p {
	case onTrack:
		s = e.Mul(decimal.RequireFromString("1.02").Add(noise))
	case slow:
		s = e.Mul(decimal.RequireFromString("0.84").Add(noise))
	case verySlow:
		s = e.Mul(decimal.RequireFromString("0.50").Add(noise))
	case catchUp:
		if m <= 8 {
			s = e.Mul(decimal.RequireFromString("0.55"))
		} else {
			s = e.Mul(decimal.RequireFromString("0.55").Add(decimal.NewFromInt(int64(m - 8)).Mul(decimal.RequireFromString("0.11"))))
		}
	case front:
		s = e.Mul(decimal.RequireFromString("1.25"))
	}
	return decimal.Min(s, decimal.NewFromInt(1))
}

func build() (map[string][]byte, error) {
	rng := rand.New(rand.NewPCG(2021, 7))
	nodes, units := orgNodes()
	cats := []string{"基建", "人员经费", "专项业务", "专项业务"}
	// Project names by department and category.
	names := map[string]map[string][]string{
		"jyj":   {"基建": {"校舍维修改造工程", "学校运动场建设"}, "人员经费": {"临聘教师劳务费", "乡村教师生活补助"}, "专项业务": {"教师培训", "学生资助", "教育信息化运维"}},
		"wjw":   {"基建": {"乡镇卫生院业务用房建设", "村卫生室标准化建设"}, "人员经费": {"乡村医生补助", "临聘人员劳务费"}, "专项业务": {"基本公共卫生服务", "疫情防控物资", "健康教育"}},
		"jtj":   {"基建": {"农村公路养护工程", "危桥改造工程"}, "人员经费": {"公路养护员补助", "公益性岗位补贴"}, "专项业务": {"道路安全宣传", "客运站运营补贴", "交通信息化运维"}},
		"nyncj": {"基建": {"高标准农田建设", "农村供水工程"}, "人员经费": {"护林员补助", "农技员补贴"}, "专项业务": {"农技推广", "动物防疫", "农牧民培训"}},
	}
	var budgets []monitoring.Budget
	type plan struct {
		b       monitoring.Budget
		p       profile
		noise   decimal.Decimal
		adjusts []monitoring.Adjustment
	}
	var plans []plan
	k := 0
	for _, u := range units {
		n := 2 + rng.IntN(2)
		for range n {
			k++
			cat := cats[rng.IntN(len(cats))]
			nm := names[u.dept][cat][rng.IntN(len(names[u.dept][cat]))]
			// Budgets from 300,000 to 8,000,000 yuan, in thousands.
			amt := decimal.NewFromInt(int64(300 + rng.IntN(7700))).Mul(decimal.NewFromInt(1000))
			// Most projects keep pace; some are slow, a few very slow or
			// catching up late.
			p := []profile{onTrack, onTrack, onTrack, onTrack, front, front, slow, slow}[rng.IntN(8)]
			if k%7 == 0 {
				p = verySlow
			}
			if k%11 == 0 {
				p = catchUp
				amt = decimal.NewFromInt(int64(2500 + rng.IntN(3000))).Mul(decimal.NewFromInt(1000))
			}
			b := monitoring.Budget{ProjectID: fmt.Sprintf("XM%d%03d", year, k), Name: nm, UnitID: u.id, Category: cat,
				Initial: amt, Continuing: cat == "基建" && rng.IntN(2) == 0}
			pl := plan{b: b, p: p, noise: decimal.New(int64(rng.IntN(9)-4), -2)}
			if k%9 == 0 {
				pl.adjusts = append(pl.adjusts, monitoring.Adjustment{ProjectID: b.ProjectID, Date: time.Date(year, 5, 20, 0, 0, 0, 0, time.UTC),
					Amount: amt.Mul(decimal.RequireFromString("0.1")).Round(0), Reason: "追加：政策调整增加任务"})
			}
			if p == verySlow && k%2 == 0 {
				pl.adjusts = append(pl.adjusts, monitoring.Adjustment{ProjectID: b.ProjectID, Date: time.Date(year, 10, 15, 0, 0, 0, 0, time.UTC),
					Amount: amt.Mul(decimal.RequireFromString("-0.15")).Round(0), Reason: "调减：执行缓慢，收回部分资金"})
			}
			budgets = append(budgets, b)
			plans = append(plans, pl)
		}
	}
	// Execution records: each month's increment split into 1–3 payments.
	var recBuf bytes.Buffer
	w := csv.NewWriter(&recBuf)
	_ = w.Write([]string{"project_id", "date", "amount", "classification"})
	classes := []string{"30201 办公费", "30216 培训费", "30227 委托业务费", "31002 办公设备购置", "31005 基础设施建设"}
	var adjustments []monitoring.Adjustment
	for _, pl := range plans {
		adjustments = append(adjustments, pl.adjusts...)
		budget := pl.b.Initial
		prev := decimal.Zero
		for m := 1; m <= 12; m++ {
			cur := budget
			for _, a := range pl.adjusts {
				if int(a.Date.Month()) <= m {
					cur = cur.Add(a.Amount)
				}
			}
			target := cur.Mul(cumulative(pl.p, pl.b.Category, m, pl.noise)).Round(2)
			inc := target.Sub(prev)
			if inc.Sign() <= 0 {
				continue
			}
			parts := 1 + rng.IntN(3)
			left := inc
			last := time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			for i := range parts {
				a := left
				if i < parts-1 {
					a = inc.Mul(decimal.NewFromInt(int64(15 + rng.IntN(30)))).Div(decimal.NewFromInt(100)).Round(2)
				}
				left = left.Sub(a)
				d := time.Date(year, time.Month(m), 1+rng.IntN(last), 0, 0, 0, 0, time.UTC)
				cls := classes[rng.IntN(len(classes))]
				if pl.b.Category == "基建" {
					cls = classes[4]
				}
				_ = w.Write([]string{pl.b.ProjectID, d.Format(time.DateOnly), a.StringFixed(2), cls})
			}
			prev = target
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}

	// Goals and quarterly goal reports.
	trees := map[string]*goals.Tree{}
	var reports []monitoring.GoalReport
	for _, pl := range plans {
		qty := int64(20 + rng.IntN(480))
		unitCost := pl.b.Initial.Div(decimal.NewFromInt(qty)).Round(0)
		deadline := time.Date(year, time.Month(9+rng.IntN(3)), 30, 0, 0, 0, 0, time.UTC)
		ind := func(id string, l1 goals.Level1, l2 goals.Level2, name, target, weight string) (goals.Indicator, error) {
			t, err := goals.ParseTarget(target)
			return goals.Indicator{ID: id, Level1: l1, Level2: l2, Name: name, Target: t, Weight: decimal.RequireFromString(weight)}, err
		}
		var inds []goals.Indicator
		for _, spec := range []struct {
			id, name, target, weight string
			l1                       goals.Level1
			l2                       goals.Level2
		}{
			{"quantity", "完成数量", fmt.Sprintf("≥%d个", qty), "30", goals.Output, goals.Quantity},
			{"quality", "验收合格率", "≥95%", "15", goals.Output, goals.Quality},
			{"deadline", "完成时限", deadline.Format("2006年1月2日") + "前", "10", goals.Output, goals.Timeliness},
			{"cost", "单位成本", fmt.Sprintf("≤%s元", unitCost), "10", goals.Output, goals.OutputCost},
			{"benefit", "服务水平", "明显提升", "25", goals.Benefit, goals.SocialBenefit},
			{"satisfaction", "服务对象满意度", "≥90%", "10", goals.Satisfaction, goals.ServedSatisfaction},
		} {
			i, err := ind(spec.id, spec.l1, spec.l2, spec.name, spec.target, spec.weight)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", pl.b.ProjectID, spec.id, err)
			}
			inds = append(inds, i)
		}
		t, err := goals.NewTree(goals.SelfEvaluation, decimal.Zero, inds...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pl.b.ProjectID, err)
		}
		trees[pl.b.ProjectID] = t
		for q := 1; q <= 4; q++ {
			d := time.Date(year, time.Month(3*q+1), 0, 0, 0, 0, 0, time.UTC)
			share := cumulative(pl.p, "", 3*q, pl.noise)
			reports = append(reports,
				monitoring.GoalReport{ProjectID: pl.b.ProjectID, Indicator: "quantity", Date: d,
					Value: decimal.NewNullDecimal(decimal.NewFromInt(qty).Mul(share).Floor())},
				monitoring.GoalReport{ProjectID: pl.b.ProjectID, Indicator: "quality", Date: d,
					Value: decimal.NewNullDecimal(decimal.NewFromInt(int64(92 + rng.IntN(8))))},
				monitoring.GoalReport{ProjectID: pl.b.ProjectID, Indicator: "cost", Date: d,
					Value: decimal.NewNullDecimal(unitCost.Mul(decimal.NewFromInt(int64(94 + rng.IntN(10)))).Div(decimal.NewFromInt(100)).Round(2))})
			if q == 4 {
				reports = append(reports, monitoring.GoalReport{ProjectID: pl.b.ProjectID, Indicator: "satisfaction", Date: d,
					Value: decimal.NewNullDecimal(decimal.NewFromInt(int64(86 + rng.IntN(12))))})
			}
		}
		if pl.p != verySlow {
			done := deadline.AddDate(0, 0, -rng.IntN(40))
			if pl.p == slow {
				done = deadline.AddDate(0, 0, 5+rng.IntN(20))
			}
			reports = append(reports, monitoring.GoalReport{ProjectID: pl.b.ProjectID, Indicator: "deadline",
				Date: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC), Done: done})
		}
	}
	table := monitoring.Schedule{ID: "lhasa-2021", Name: "拉萨市2021年预算执行序时进度表（公布值）", Method: monitoring.MethodTable}
	for _, v := range []string{"8.33", "16.67", "25", "33.33", "41.67", "50", "58.33", "66.67", "75", "83.33", "91.67", "100"} {
		table.Table = append(table.Table, decimal.RequireFromString(v))
	}
	files := map[string][]byte{"records.csv": recBuf.Bytes(),
		"policy.json": monitoring.DefaultPolicyJSON(), "rules.json": monitoring.DefaultRulesJSON()}
	for name, v := range map[string]any{
		"org.json": nodes, "budgets.json": budgets, "adjustments.json": adjustments,
		"goals.json": trees, "goal_reports.json": reports, "schedule_table.json": table,
	} {
		b, err := encode(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		files[name] = b
	}
	return files, nil
}

func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
