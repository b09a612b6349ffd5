package monitoring_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

func ExampleSchedule_Expected() {
	year := 2021
	months := monitoring.Schedule{} // the default: completed months ÷ 12
	days := monitoring.Schedule{Method: monitoring.MethodDays}
	for _, d := range []string{"2021-03-15", "2021-03-31", "2021-09-30"} {
		t, _ := time.Parse(time.DateOnly, d)
		m, _ := months.Expected(year, t)
		y, _ := days.Expected(year, t)
		fmt.Printf("%s months %s%% days %s%%\n", d, m.Percent(2).StringFixed(2), y.Percent(2).StringFixed(2))
	}
	// Output:
	// 2021-03-15 months 16.67% days 20.27%
	// 2021-03-31 months 25.00% days 24.66%
	// 2021-09-30 months 75.00% days 74.79%
}

func ExampleSchedule_published() {
	// A bureau's published table, rounded: used as published.
	s := monitoring.Schedule{ID: "published", Method: monitoring.MethodTable}
	for _, v := range strings.Fields("8.33 16.67 25 33.33 41.67 50 58.33 66.67 75 83.33 91.67 100") {
		s.Table = append(s.Table, decimal.RequireFromString(v))
	}
	e, _ := s.Expected(2021, time.Date(2021, 4, 30, 0, 0, 0, 0, time.UTC))
	fmt.Println(e.Percent(4).StringFixed(4) + "%")
	// Output: 33.3300%
}

func ExampleMonitor_Check() {
	budgets := []monitoring.Budget{
		{ProjectID: "A", Name: "教师培训", UnitID: "U1", Initial: decimal.NewFromInt(1_000_000)},
		{ProjectID: "B", Name: "校舍维修", UnitID: "U1", Initial: decimal.NewFromInt(1_000_000)},
		{ProjectID: "C", Name: "公共卫生", UnitID: "U2", Initial: decimal.NewFromInt(3_000_000)},
	}
	records := func(yield func(monitoring.Record, error) bool) {
		for _, r := range []monitoring.Record{
			{ProjectID: "A", Date: time.Date(2021, 5, 10, 0, 0, 0, 0, time.UTC), Amount: decimal.NewFromInt(520_000)},
			{ProjectID: "B", Date: time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC), Amount: decimal.NewFromInt(420_000)},
			{ProjectID: "C", Date: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), Amount: decimal.NewFromInt(900_000)},
		} {
			if !yield(r, nil) {
				return
			}
		}
	}
	asOf := time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC) // expected 50%
	ledger, _ := monitoring.Aggregate(context.Background(), 2021, asOf, records)
	m, _ := monitoring.New(2021, monitoring.DefaultPolicy(), nil, budgets, nil)
	r, _ := m.Check(asOf, ledger, monitoring.State{})
	for _, s := range r.Projects {
		fmt.Printf("%s rate %s%% deviation %s points %s\n", s.ProjectID, s.Rate.Percent(2).StringFixed(2), s.Points(2).StringFixed(2), s.Level)
	}
	for _, a := range r.Actions {
		fmt.Println(strings.TrimSpace(fmt.Sprint(a.Kind, " ", a.ProjectID, " ", a.Rectification)))
	}
	// Output:
	// A rate 52.00% deviation 2.00 points green
	// B rate 42.00% deviation -8.00 points yellow
	// C rate 30.00% deviation -20.00 points red
	// notify B
	// notify C
	// rectify C C@2021-06-30
}

func ExampleReadRecords() {
	// Line 4 has a bad date; line 5's unquoted thousands separator splits
	// its amount into a fourth field: both rows are rejected, not misread.
	csv := "project_id,date,amount\nA,2021-01-05,1234.50\nA,2021-02-01,\"1,000.00元\"\nB,2021-13-01,5\nA,2021-03-25,12,34\n"
	ledger, err := monitoring.Aggregate(context.Background(), 2021, time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC), monitoring.ReadRecords(strings.NewReader(csv)))
	fmt.Println(ledger.Executed("A"))
	fmt.Println(err)
	// Output:
	// 2234.5
	// 2 problems
	// line 4.date: reading the record failed: monitoring: line 4, column date: date "2021-13-01" is not YYYY-MM-DD (bad_date)
	// line 5: reading the record failed: monitoring: line 5, field 4: monitoring: wrong number of fields: 4, the header has 3 (field_count)
}

// Example_year runs the bundled sample through four quarterly checks, as the
// jixiao demo does: load the organisation, policy, budgets, adjustments and
// records, aggregate the records once, check each quarter end passing the
// state on, print each report, then the year end.
func Example_year() {
	dir := "../testdata/monitoring/"
	var nodes []performance.Node
	var budgets []monitoring.Budget
	var adjustments []monitoring.Adjustment
	must(decodeFile(dir+"org.json", &nodes))
	must(decodeFile(dir+"budgets.json", &budgets))
	must(decodeFile(dir+"adjustments.json", &adjustments))
	org, err := performance.NewOrg(nodes)
	must(err)
	raw, err := os.ReadFile(dir + "policy.json")
	must(err)
	policy, err := monitoring.ParsePolicy(raw)
	must(err)
	f, err := os.Open(dir + "records.csv")
	must(err)
	defer f.Close()
	ledger, err := monitoring.Aggregate(context.Background(), 2021, time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC), monitoring.ReadRecords(f))
	must(err)
	m, err := monitoring.New(2021, policy, org, budgets, adjustments)
	must(err)
	var state monitoring.State
	for q := 1; q <= 4; q++ {
		end := time.Date(2021, time.Month(3*q)+1, 0, 0, 0, 0, 0, time.UTC)
		r, err := m.Check(end, ledger, state)
		must(err)
		must(r.WriteText(os.Stdout, performance.LangZH))
		state = r.State
	}
	ye, err := m.YearEnd(ledger)
	must(err)
	fmt.Println("recover", performance.FormatAmount(ye.Recover, performance.Wan))
}
