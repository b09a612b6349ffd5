package evaluation_test

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
)

// A key evaluation's findings become rectification items due three months
// after they are issued; the unit reports one done with evidence, and the
// other is known done only from a later monitoring check (the fallback).
func ExampleRecordCompletions() {
	day := func(m time.Month, d int) time.Time { return time.Date(2022, m, d, 0, 0, 0, 0, time.UTC) }
	items, _ := evaluation.RectificationsFrom(
		[]evaluation.KeyEvaluation{{ProjectID: "XM2021007", Findings: []string{"资金拨付滞后", "绩效目标不明确"}}},
		nil, map[string]string{"XM2021007": "市本级卫健委本级"}, evaluation.RectificationPlan{Issued: day(3, 15)})
	items, _ = evaluation.RecordCompletions(items,
		[]evaluation.CompletionReport{{ItemID: "XM2021007-K1", Date: day(5, 20), Evidence: []string{"拨付凭证"}}},
		[]evaluation.Clearance{{ProjectID: "XM2021007", Date: day(9, 30)}})
	for _, it := range items {
		fmt.Println(it.ID, it.Due.Format(time.DateOnly), it.Status(day(7, 1)), it.Status(day(10, 31)), it.Inferred)
	}
	fmt.Printf("%+v\n", evaluation.SummarizeRectifications(items, day(7, 1))["XM2021007"])
	// Output:
	// XM2021007-K1 2022-06-30 done done false
	// XM2021007-K2 2022-06-30 overdue late true
	// {Items:2 Open:0 Done:1 Late:0 Overdue:1 Unsatisfactory:0 Inferred:0}
}
