package monitoring_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// The bureau reviews a unit's quarterly monitoring form (财预〔2019〕136号)
// beside the ledger: 200,000 of 1,000,000 yuan spent by 30 June (20%
// against 50%: red), 300 of 1,000 people trained, 有可能 to reach the
// target, so disbursement is suspended; the projection of 1,000 needs the
// second half to run 2.33 times as fast as the first, which is flagged.
func ExampleMonitor_ReviewForms() {
	m, _ := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{
		{ProjectID: "A", Name: "教师培训", UnitID: "U1", Initial: decimal.NewFromInt(1_000_000)}}, nil)
	asOf := time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)
	ledger, _ := monitoring.Aggregate(context.Background(), 2021, asOf, func(yield func(monitoring.Record, error) bool) {
		yield(monitoring.Record{ProjectID: "A", Date: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), Amount: decimal.NewFromInt(200_000)}, nil)
	})
	rep, _ := m.Check(asOf, ledger, monitoring.State{})
	trained, _ := goals.ParseTarget("≥1000人")
	effect, _ := goals.ParseTarget("明显提升")
	tree, err := goals.NewTree(goals.SelfEvaluation, decimal.Zero,
		goals.Indicator{ID: "trained", Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: trained, Weight: decimal.NewFromInt(60)},
		goals.Indicator{ID: "effect", Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "教学水平", Target: effect, Weight: decimal.NewFromInt(40)})
	if err != nil {
		fmt.Println(err)
	}
	forms, bad, err := monitoring.ReadForms(strings.NewReader(
		"项目编号,截至日期,执行数,指标,截至目前完成值,全年预计完成值,完成目标可能性,偏差原因,纠偏措施\n" +
			"A,2021-06-30,200000,trained,300,1000,有可能,经费保障,加快资金拨付\n" +
			"A,2021-06-30,,effect,,,确定能,,\n"))
	if err != nil || len(bad) > 0 {
		fmt.Println(err, bad)
		return
	}
	rv := m.ReviewForms(rep, map[string]*goals.Tree{"A": tree}, forms, monitoring.FormPolicy{})
	_ = rv.WriteText(os.Stdout, performance.LangEN)
	// Output:
	// Monitoring forms as of 2021-06-30: 1 reviewed, 0 passed; continue 0, adjust goals 0, suspend 1, recover 0; 0 projects without a form.
	// project  execution    rate  goals    recommendation  findings
	// -------  ---------  ------  -------  --------------  -------------
	// A        red        20.00%  at_risk  suspend         see the lines
	//
	// project  indicator  target   actual  projected  likelihood  cause    deviation           findings
	// -------  ---------  -------  ------  ---------  ----------  -------  ------------------  ------------------------------------
	// A        培训人数   ≥1000人  300     1000       possible    funding  likelihood, behind  projection out of line with progress
}
