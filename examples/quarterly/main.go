// Quarterly runs a year of in-year performance monitoring (绩效运行监控) with
// the monitoring package: four projects of two budget units, payments
// through the year, a check at each quarter end that carries the previous
// check's state (streaks, triggers fired, rectifications), and the year-end
// position with the surpluses recovered (收回).
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func yuan(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err) // literal dates of this program
	}
	return d
}

func run(w io.Writer) error {
	org, err := performance.NewOrg([]performance.Node{
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion},
		{ID: "edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "edu01", Name: "拉萨市第一中学", Kind: performance.NodeUnit, Parent: "edu"},
		{ID: "hlt", Name: "卫健委", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "hlt01", Name: "市疾控中心", Kind: performance.NodeUnit, Parent: "hlt"},
	})
	if err != nil {
		return err
	}
	budgets := []monitoring.Budget{
		{ProjectID: "P1", Name: "教师培训", UnitID: "edu01", Initial: yuan("1200000")},
		{ProjectID: "P2", Name: "校舍维修", UnitID: "edu01", Initial: yuan("3000000")},
		{ProjectID: "P3", Name: "疫苗采购", UnitID: "hlt01", Initial: yuan("800000")},
		{ProjectID: "P4", Name: "卫生信息化", UnitID: "hlt01", Initial: yuan("2000000"), Continuing: true},
	}
	// The bundled default policy, none of it national: yellow up to 10
	// points behind (illustrative), key monitoring of large budgets below
	// 60% at the end of August (Taiyuan's practice), escalating actions
	// (illustrative streaks), surpluses recovered at year end (local
	// practice).
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), org, budgets, nil)
	if err != nil {
		return err
	}
	payments := []monitoring.Record{
		{ProjectID: "P1", Date: date("2021-02-10"), Amount: yuan("300000")},
		{ProjectID: "P2", Date: date("2021-03-20"), Amount: yuan("150000")},
		{ProjectID: "P3", Date: date("2021-03-25"), Amount: yuan("160000")},
		{ProjectID: "P1", Date: date("2021-05-12"), Amount: yuan("300000")},
		{ProjectID: "P2", Date: date("2021-06-18"), Amount: yuan("750000")},
		{ProjectID: "P3", Date: date("2021-06-28"), Amount: yuan("240000")},
		{ProjectID: "P4", Date: date("2021-06-30"), Amount: yuan("500000")},
		{ProjectID: "P2", Date: date("2021-08-20"), Amount: yuan("600000")},
		{ProjectID: "P1", Date: date("2021-09-10"), Amount: yuan("300000")},
		{ProjectID: "P4", Date: date("2021-09-15"), Amount: yuan("500000")},
		{ProjectID: "P2", Date: date("2021-09-22"), Amount: yuan("300000")},
		{ProjectID: "P3", Date: date("2021-09-28"), Amount: yuan("200000")},
		{ProjectID: "P3", Date: date("2021-12-10"), Amount: yuan("180000")},
		{ProjectID: "P1", Date: date("2021-12-15"), Amount: yuan("300000")},
		{ProjectID: "P2", Date: date("2021-12-20"), Amount: yuan("600000")},
		{ProjectID: "P4", Date: date("2021-12-28"), Amount: yuan("500000")},
	}
	var state monitoring.State // the zero State starts the year
	var ledger *monitoring.Ledger
	for _, q := range []string{"2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31"} {
		asOf := date(q)
		// A ledger sums the payments up to its cut-off; later ones are skipped.
		if ledger, err = monitoring.NewLedger(2021, asOf); err != nil {
			return err
		}
		for _, p := range payments {
			if err := ledger.Add(p); err != nil {
				return err
			}
		}
		rep, err := m.Check(asOf, ledger, state)
		if err != nil {
			return err
		}
		state = rep.State // carried to the next check
		t := rep.Total
		fmt.Fprintf(w, "Q%d %s: executed %s of %s (%s), %d of %d projects behind\n", rep.Quarter, q,
			performance.FormatAmount(t.Executed, performance.Wan), performance.FormatAmount(t.Budget, performance.Wan),
			performance.FormatPercent(t.Rate.Percent(2), 2), t.Behind, t.Projects)
		for _, s := range rep.Projects {
			var acts []string
			for _, a := range rep.Actions {
				if a.ProjectID == s.ProjectID {
					acts = append(acts, a.Kind.Name(performance.LangEN))
				}
			}
			if s.Key {
				acts = append([]string{"key monitoring"}, acts...)
			}
			line := fmt.Sprintf("  %s %-6s %7s of %7s expected  %s", s.ProjectID, s.Level,
				performance.FormatPercent(s.Rate.Percent(2), 2), performance.FormatPercent(s.Expected.Percent(2), 2), strings.Join(acts, ", "))
			fmt.Fprintln(w, strings.TrimRight(line, " "))
		}
		open := 0
		for _, r := range rep.Rectifications {
			if r.Status != monitoring.RectDone {
				open++
			}
		}
		fmt.Fprintf(w, "  rectifications not done: %d of %d\n", open, len(rep.Rectifications))
	}
	ye, err := m.YearEnd(ledger)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "year end: unspent %s, carried over %s, surplus %s, recovered %s\n",
		performance.FormatAmount(ye.Unspent, performance.Wan), performance.FormatAmount(ye.CarryOver, performance.Wan),
		performance.FormatAmount(ye.Surplus, performance.Wan), performance.FormatAmount(ye.Recover, performance.Wan))
	return nil
}
