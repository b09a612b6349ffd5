// Customrules shows a host service (a county finance bureau's budget system)
// adding its own rule and its own typed function to the rules engine: the
// bureau keeps its per-person-per-day training caps in its own table and
// exposes them to finance staff's expressions as capPerDay(category); grades
// are its own typed values, compared with "差" in rules; and a rule written
// as data cuts requests above the cap and requests of projects graded 差 last
// year. Every cut is explained.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// Application is the host's own environment type: the fields its finance
// staff's expressions may use, by their Go names.
type Application struct {
	ID           string
	Category     string
	Requested    decimal.Decimal
	PriorGrade   performance.Grade
	Trainees     int
	TrainingDays int
}

// countyRules is the policy as finance staff write it: data, not code.
const countyRules = `{
  "id": "county-ex-ante-cuts",
  "version": "2025.1",
  "rules": [
    {"id": "poor-last-year", "name": "上年绩效评价为差，压减30%",
     "when": "PriorGrade == \"差\"",
     "outputs": [{"name": "cut", "type": "money", "expr": "round(Requested * 0.3, 2)"},
                 {"name": "grade", "type": "grade", "expr": "PriorGrade"}]},
    {"id": "training-over-cap", "name": "培训费超过县定标准的部分核减",
     "when": "Category == \"培训\" and Requested > capPerDay(Category) * Trainees * TrainingDays",
     "outputs": [{"name": "cut", "type": "money", "expr": "Requested - capPerDay(Category) * Trainees * TrainingDays"}]}
  ]
}`

// caps is the host's own table of per-person-per-day caps (支出标准), in yuan.
var caps = map[string]decimal.Decimal{
	"培训": decimal.RequireFromString("450"),
	"会议": decimal.RequireFromString("350"),
}

// capPerDay is the host's own function, registered with the engine. It must be
// deterministic and safe for concurrent use: it only reads caps.
func capPerDay(category string) (decimal.Decimal, error) {
	c, ok := caps[category]
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("no cap for category %q", category)
	}
	return c, nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	set, err := rules.ParseSet([]byte(countyRules))
	if err != nil {
		return err
	}
	prog, err := rules.Compile[Application](set,
		rules.WithFunction("capPerDay", capPerDay),
		rules.WithType[performance.Grade]("grade", performance.ParseGrade))
	if err != nil {
		return err
	}
	apps := []Application{
		{ID: "A1", Category: "培训", Requested: decimal.RequireFromString("500000"), PriorGrade: performance.Good, Trainees: 200, TrainingDays: 5},
		{ID: "A2", Category: "培训", Requested: decimal.RequireFromString("400000"), PriorGrade: performance.Poor, Trainees: 100, TrainingDays: 5},
		{ID: "A3", Category: "设备", Requested: decimal.RequireFromString("800000"), PriorGrade: performance.Excellent},
	}
	for i := range apps {
		a := &apps[i]
		res, err := prog.Eval(a, rules.EvalOptions{Explain: true})
		if err != nil {
			return err
		}
		total := decimal.Zero
		for _, f := range res.Fired {
			if v, ok := f.Output("cut"); ok {
				total = total.Add(v.Decimal())
			}
		}
		fmt.Fprintf(w, "%s requested %s, cut %s, approved %s\n", a.ID,
			performance.FormatAmount(a.Requested, performance.Wan),
			performance.FormatAmount(total, performance.Wan),
			performance.FormatAmount(a.Requested.Sub(total), performance.Wan))
		for _, f := range res.Fired {
			fmt.Fprintf(w, "  %s\n", strings.TrimSpace(f.Explanation.Text(performance.LangZH)))
		}
	}
	return nil
}
