// Command expost generates the bundled ex-post evaluation samples in
// testdata/expost: project-level synthetic data that reproduce, through the
// key-evaluation framework and the bundled results-application policy, the
// seed report's two evaluation rounds (拉财字〔2022〕9号):
//
//   - deep2021.json: the 2021 deep performance evaluation of 15 department
//     projects, 115,346.26万元, graded 1 优, 12 良, 2 中, 0 差;
//   - key2020.json: the evaluation of 2020 key projects, 309,162.34万元,
//     generated as 66 projects graded 8/35/20/3 (the smallest counts that
//     give the published shares 12.12/53.03/30.30/4.55%), while the report
//     printed "56 projects".
//
// The data are synthetic: amounts split the published totals exactly to the
// fen, and the evaluators' sheets are drawn until each project gets its
// grade. A fixed seed makes the output byte-identical on every run.
//
// Usage, from the repository root:
//
//	go run ./tools/gen/expost [-out testdata/expost]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// seed is the fixed seed of every draw.
const seed = 20220209

func main() {
	out := flag.String("out", filepath.Join("testdata", "expost"), "output directory")
	flag.Parse()
	if err := generate(*out); err != nil {
		log.Fatal(err)
	}
}

// generate writes every sample file into dir.
func generate(dir string) error {
	files, err := build()
	if err != nil {
		return err
	}
	for _, name := range sortedNames(files) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// round describes one published evaluation round to reproduce.
type round struct {
	file, id, title string
	year            int
	depth           evaluation.Depth
	thirdParty      string
	total           string // yuan
	counts          [4]int // 优, 良, 中, 差 as generated
	evaluators      int
	cityOnly        bool
	published       evaluation.PublishedFigures
}

func rounds() []round {
	return []round{
		{
			file: "deep2021.json", id: "deep2021", title: "2021年度部门项目深度绩效评价", year: 2021,
			depth: evaluation.DepthDeep, thirdParty: "第三方评价机构", total: "1153462600",
			counts: [4]int{1, 12, 2, 0}, evaluators: 3, cityOnly: true,
			published: evaluation.PublishedFigures{Projects: 15, Amount: decimal.RequireFromString("1153462600"),
				Counts: []int{1, 12, 2, 0}},
		},
		{
			file: "key2020.json", id: "key2020", title: "2020年度重点项目绩效评价", year: 2020,
			depth: evaluation.DepthKey, total: "3091623400",
			counts: [4]int{8, 35, 20, 3}, evaluators: 2,
			published: evaluation.PublishedFigures{Projects: 56, Amount: decimal.RequireFromString("3091623400"),
				Shares: []decimal.Decimal{decimal.RequireFromString("12.12"), decimal.RequireFromString("53.03"),
					decimal.RequireFromString("30.30"), decimal.RequireFromString("4.55")}, Places: 2},
		},
	}
}

// build returns the sample files by name.
func build() (map[string][]byte, error) {
	org := orgNodes()
	files := map[string][]byte{}
	for i, r := range rounds() {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		rep, err := r.report(rng, org)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.file, err)
		}
		b, err := json.MarshalIndent(rep, "", " ")
		if err != nil {
			return nil, err
		}
		files[r.file] = append(b, '\n')
	}
	return files, nil
}

var (
	regions = []struct{ id, name string }{
		{"city", "市本级"}, {"chengguan", "城关区"}, {"duilongdeqing", "堆龙德庆区"}, {"dazi", "达孜区"},
		{"linzhou", "林周县"}, {"dangxiong", "当雄县"}, {"nimu", "尼木县"}, {"qushui", "曲水县"}, {"mozhugongka", "墨竹工卡县"},
	}
	departments = []struct{ code, name string }{
		{"edu", "教育局"}, {"health", "卫健委"}, {"transport", "交通局"}, {"agri", "农业农村局"},
		{"civil", "民政局"}, {"housing", "住建局"}, {"culture", "文旅局"}, {"finance", "财政局"},
	}
	categories = []string{"信息化", "设备购置", "基建", "培训", "运维", "课题研究"}
)

// orgNodes is the organisation: 拉萨市 with 市本级 and eight districts and
// counties; every region has the eight departments, each with its own
// office (本级) and one subordinate unit.
func orgNodes() []performance.Node {
	nodes := []performance.Node{{ID: "lhasa", Name: "拉萨市", Kind: performance.NodeRegion}}
	for _, r := range regions {
		nodes = append(nodes, performance.Node{ID: r.id, Name: r.name, Kind: performance.NodeRegion, Parent: "lhasa"})
		for _, d := range departments {
			did := r.id + "-" + d.code
			nodes = append(nodes,
				performance.Node{ID: did, Name: d.name, Kind: performance.NodeDepartment, Parent: r.id},
				performance.Node{ID: did + "-1", Name: r.name + d.name + "本级", Kind: performance.NodeUnit, Parent: did},
				performance.Node{ID: did + "-2", Name: r.name + d.name + "下属单位", Kind: performance.NodeUnit, Parent: did})
		}
	}
	return nodes
}

// band is the range of fractions of each weight an evaluator gives, per
// target grade.
var band = map[performance.Grade][2]float64{
	performance.Excellent: {0.86, 1}, performance.Good: {0.76, 0.96},
	performance.Fair: {0.55, 0.86}, performance.Poor: {0.35, 0.66},
}

func (r round) report(rng *rand.Rand, org []performance.Node) (*evaluation.KeyReport, error) {
	var grades []performance.Grade
	for gi, n := range r.counts {
		for range n {
			grades = append(grades, performance.Grades()[gi])
		}
	}
	rng.Shuffle(len(grades), func(i, j int) { grades[i], grades[j] = grades[j], grades[i] })
	n := len(grades)
	amounts := split(rng, decimal.RequireFromString(r.total), n)
	f := evaluation.KeyFramework()
	rep := &evaluation.KeyReport{ID: r.id, Title: r.title, Year: r.year, Org: org, Published: r.published}
	depts := map[string]bool{}
	for i := range n {
		pid := fmt.Sprintf("%s-%03d", r.id, i+1)
		reg := regions[0]
		if !r.cityOnly {
			reg = regions[rng.IntN(len(regions))]
		}
		dept := reg.id + "-" + departments[rng.IntN(len(departments))].code
		unit := fmt.Sprintf("%s-%d", dept, 1+rng.IntN(2))
		depts[dept] = true
		g := grades[i]
		k := evaluation.KeyEvaluation{ProjectID: pid, Amount: amounts[i], Depth: r.depth, ThirdParty: r.thirdParty,
			Findings:        []string{findings[rng.IntN(len(findings))]},
			Recommendations: []string{recommendations[rng.IntN(len(recommendations))]}}
		for try := 0; ; try++ {
			if try == 10000 {
				return nil, fmt.Errorf("project %s: no sheets for grade %s", pid, g)
			}
			k.Sheets = k.Sheets[:0]
			for e := range r.evaluators {
				k.Sheets = append(k.Sheets, sheet(rng, f, fmt.Sprintf("专家%d", e+1), band[g]))
			}
			sc, err := k.Score(f)
			if err != nil {
				return nil, err
			}
			if sc.Grade == g {
				break
			}
		}
		rep.Evaluations = append(rep.Evaluations, k)
		rep.Outcomes = append(rep.Outcomes, outcome(rng, pid, unit, amounts[i], g))
	}
	for _, d := range sortedDepts(depts) {
		prior := decimal.NewFromInt(int64(100+rng.IntN(900)) * 10000)
		growth := decimal.NewFromInt(int64(rng.IntN(400)-150) * 10000)
		rep.Departments = append(rep.Departments, evaluation.DepartmentOutcome{DepartmentID: d, PriorCarryOver: prior, CarryOver: prior.Add(growth)})
	}
	return rep, nil
}

func sortedDepts(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

var findings = []string{
	"绩效目标不够细化量化，部分指标无法考核", "预算执行进度滞后，资金结转较多", "项目管理制度执行不到位",
	"部分产出未按期完成", "满意度调查样本不足", "资金使用存在超范围支出",
}

var recommendations = []string{
	"细化量化绩效指标，完善指标值确定依据", "加快预算执行，压减结转资金", "健全项目管理制度并严格执行",
	"加强项目实施进度管理", "扩大满意度调查覆盖面", "规范资金使用范围",
}

// sheet draws one evaluator's sheet: every leaf of f at a fraction of its
// weight drawn from b, in half points.
func sheet(rng *rand.Rand, f *evaluation.Framework, who string, b [2]float64) evaluation.Sheet {
	s := evaluation.Sheet{Evaluator: who}
	var walk func(c evaluation.Criterion)
	walk = func(c evaluation.Criterion) {
		if len(c.Sub) > 0 {
			for _, sc := range c.Sub {
				walk(sc)
			}
			return
		}
		halves := c.Weight.Mul(decimal.NewFromInt(2)).IntPart()
		frac := b[0] + rng.Float64()*(b[1]-b[0])
		h := min(max(int64(float64(halves)*frac+0.5), 0), halves)
		s.Ratings = append(s.Ratings, evaluation.CriterionRating{Criterion: c.ID, Points: decimal.New(h*5, -1)})
	}
	for _, c := range f.Criteria {
		walk(c)
	}
	return s
}

// split divides total (yuan, to the fen) into n amounts with random weights,
// handing out the leftover fen by largest remainder, so the parts sum to
// the total exactly.
func split(rng *rand.Rand, total decimal.Decimal, n int) []decimal.Decimal {
	fen := total.Shift(2).IntPart()
	w := make([]int64, n)
	var sum int64
	for i := range w {
		w[i] = int64(100 + rng.IntN(900))
		sum += w[i]
	}
	parts := make([]int64, n)
	rems := make([]int64, n)
	var given int64
	for i := range w {
		// fen × w[i] < 3.1e11 × 1e3: fits in int64.
		parts[i], rems[i] = fen*w[i]/sum, fen*w[i]%sum
		given += parts[i]
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case rems[a] > rems[b]:
			return -1
		case rems[a] < rems[b]:
			return 1
		}
		return a - b
	})
	for k := int64(0); k < fen-given; k++ {
		parts[idx[k]]++
	}
	out := make([]decimal.Decimal, n)
	for i, p := range parts {
		out[i] = decimal.New(p, -2)
	}
	return out
}

// outcome draws what results application needs of a project graded g:
// execution, goal attainment, carry-over and next year's request.
func outcome(rng *rand.Rand, pid, unit string, amount decimal.Decimal, g performance.Grade) evaluation.ProjectOutcome {
	// Execution rate and goal attainment in basis points, by grade.
	r := map[performance.Grade][2]int{
		performance.Excellent: {9500, 10000}, performance.Good: {8000, 10000},
		performance.Fair: {5500, 9000}, performance.Poor: {3000, 6000},
	}[g]
	lo, hi := r[0], r[1]
	rate := decimal.New(int64(lo+rng.IntN(hi-lo+1)), -4)
	att := decimal.New(int64(lo+rng.IntN(hi-lo+1))/100, -2)
	kind := performance.KindRoutine
	switch rng.IntN(10) {
	case 0, 1:
		kind = performance.KindOneOff
	case 2, 3, 4:
		kind = performance.KindDevelopment
	}
	o := evaluation.ProjectOutcome{
		ProjectID: pid, UnitID: unit, Kind: kind, Category: categories[rng.IntN(len(categories))],
		Attainment: att,
		Execution:  performance.Execution{InitialBudget: amount, AdjustedBudget: amount, Executed: amount.Mul(rate).Round(2)},
		// Next year's request: 90% to 120% of this year's, in whole hundreds of yuan.
		Requested: amount.Mul(decimal.New(int64(90+rng.IntN(31)), -2)).Shift(-2).Round(0).Shift(2),
	}
	if rng.IntN(10) < 3 {
		o.CarryOver = amount.Mul(decimal.New(int64(rng.IntN(11)), -2)).Shift(-2).Round(0).Shift(2)
	}
	return o
}
