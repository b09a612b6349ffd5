// Command scale generates large synthetic inputs for measuring the jixiao
// command's time and memory, in the layouts the command reads; it is not a
// sample (the bundled samples are testdata/, from the other generators).
// Nothing it writes is committed.
//
// -kind monitoring writes a monitoring folder as testdata/monitoring lays it
// out: budgets.json, N approved budgets of fiscal year 2021, and
// records.csv, M payment records dated through the year, each project paying
// at its own pace (30–130% of its budget over the year) so that checks
// raise every alert level. -kind portfolio writes a CSV portfolio as
// cmd/jixiao/testdata/portfolio_csv lays it out: projects.csv, N projects
// of round 1; cost_lines.csv, L lines each (quantity × unit price, summing
// to the project's amount); goals.json, a five-indicator goal tree for each
// (without goals a project fails the gate and is not assessed further); and
// experts.json, E experts' sheets per project on the default assessment
// items. -kind history writes a history folder as testdata/history lays it
// out: records.jsonl, N synthetic project-years of 2024 (as the bundled
// history's generator makes them), with the org.json and standards.json of
// -src.
//
// Files are written as they are generated, so the generator's memory does
// not grow with the records or the projects (beyond one budget a project
// for records). Same flags, same bytes.
//
// Usage, from the module root:
//
//	go run ./tools/gen/scale -kind monitoring -projects 10000 -records 1000000 -out /tmp/mon
//	go run ./tools/gen/scale -kind portfolio -projects 100000 -out /tmp/portfolio
//	go run ./tools/gen/scale -kind history -projects 100000 -out /tmp/history
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/tools/gen/sample"
	"github.com/shopspring/decimal"
)

// config is what to generate.
type config struct {
	kind                     string
	projects, records, lines int
	experts                  int
	goals                    bool
	seed                     uint64
	out                      string
	src                      string // history: the folder of org.json and standards.json
}

func main() {
	var c config
	flag.StringVar(&c.kind, "kind", "monitoring", "what to write: monitoring, portfolio or history")
	flag.IntVar(&c.projects, "projects", 10000, "number of projects")
	flag.IntVar(&c.records, "records", 1000000, "monitoring: number of payment records")
	flag.IntVar(&c.lines, "lines", 6, "portfolio: cost lines per project")
	flag.IntVar(&c.experts, "experts", 5, "portfolio: experts' sheets per project (0: no experts.json)")
	flag.BoolVar(&c.goals, "goals", true, "portfolio: write goals.json, the same five-indicator goal tree for every project")
	flag.Uint64Var(&c.seed, "seed", 1, "random seed")
	flag.StringVar(&c.src, "src", "testdata/history", "history: the folder whose org.json and standards.json are copied")
	flag.StringVar(&c.out, "out", "", "directory to write into (required)")
	flag.Parse()
	if err := c.generate(); err != nil {
		log.Fatal(err)
	}
}

func (c *config) generate() error {
	if c.out == "" {
		return errors.New("-out is required")
	}
	if c.projects < 1 || c.records < 0 || c.lines < 1 || c.experts < 0 {
		return errors.New("-projects and -lines must be at least 1, -records and -experts at least 0")
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(c.seed, 2021))
	switch c.kind {
	case "monitoring":
		return c.monitoring(rng)
	case "portfolio":
		return c.portfolio(rng)
	case "history":
		return c.history()
	}
	return fmt.Errorf("-kind %q: want monitoring, portfolio or history", c.kind)
}

// create writes the named file of the output folder through a buffer.
func (c *config) create(name string, write func(w *bufio.Writer) error) error {
	f, err := os.Create(filepath.Join(c.out, name))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = write(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// fen formats a non-negative amount in fen as yuan with two places.
func fen(v int64) string {
	r := strconv.FormatInt(100+v%100, 10) // "1dd": the fen to two digits
	return strconv.FormatInt(v/100, 10) + "." + r[1:]
}

var categories = []string{"基建", "专项业务", "人员经费", "专项业务"}

func (c *config) monitoring(rng *rand.Rand) error {
	type plan struct{ initial, pace int64 } // budget in fen, percent spent by year end
	plans := make([]plan, c.projects)
	budgets := make([]monitoring.Budget, c.projects)
	for i := range budgets {
		plans[i] = plan{initial: 100 * (100_000 + rng.Int64N(9_900_000)), pace: 30 + rng.Int64N(101)}
		budgets[i] = monitoring.Budget{
			ProjectID: fmt.Sprintf("P%06d", i), Name: fmt.Sprintf("项目%06d", i), UnitID: fmt.Sprintf("unit-%03d", i%100),
			Category: categories[i%len(categories)], Initial: decimal.New(plans[i].initial, -2), Continuing: i%5 == 0,
		}
	}
	data, err := json.MarshalIndent(budgets, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.out, "budgets.json"), append(data, '\n'), 0o644); err != nil {
		return err
	}
	perProject := max(1, int64(c.records)/int64(c.projects))
	return c.create("records.csv", func(w *bufio.Writer) error {
		w.WriteString("project_id,date,amount,classification\n")
		var line []byte
		for range c.records {
			p := rng.IntN(c.projects)
			day := 1 + rng.IntN(365)
			month, dom := monthDay(day)
			// Each record pays pace% of the budget spread over the
			// project's expected records, ± 50%.
			amt := plans[p].initial * plans[p].pace / 100 / perProject * (50 + rng.Int64N(101)) / 100
			line = fmt.Appendf(line[:0], "P%06d,2021-%02d-%02d,%s,%d\n", p, month, dom, fen(amt), 30201+rng.IntN(20))
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		return nil
	})
}

// monthDay returns the month and day of day d (1–365) of 2021.
func monthDay(d int) (int, int) {
	days := [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	m := 0
	for d > days[m] {
		d -= days[m]
		m++
	}
	return m + 1, d
}

var items = []struct{ name, unit string }{
	{"设备维护", "项"}, {"物业管理", "平方米·年"}, {"培训费", "人·天"}, {"软件运维", "套·年"}, {"印刷费", "册"}, {"劳务费", "人·月"},
}

// expertSheets is one project's entry in experts.json, as the command
// reads it.
type expertSheets struct {
	ProjectID string          `json:"project_id"`
	Round     int             `json:"round"`
	Experts   []exante.Expert `json:"experts"`
}

var kinds = []string{"one_off", "development", "routine"}

func (c *config) portfolio(rng *rand.Rand) error {
	amounts := make([]int64, c.projects) // fen, from the cost lines
	err := c.create("cost_lines.csv", func(w *bufio.Writer) error {
		w.WriteString("project_id,item,specification,quantity,unit,unit_price,amount,standard_id\n")
		var line []byte
		for p := range c.projects {
			for l := range c.lines {
				it := items[(p+l)%len(items)]
				q, price := 1+rng.Int64N(50), 100*(500+rng.Int64N(200_000))
				amounts[p] += q * price
				line = fmt.Appendf(line[:0], "XM2021-%06d,%s,第%d项,%d,%s,%s,%s,\n", p, it.name, l+1, q, it.unit, fen(price), fen(q*price))
				if _, err := w.Write(line); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = c.create("projects.csv", func(w *bufio.Writer) error {
		w.WriteString("project_id,name,unit_id,fiscal_year,kind,new,category,basis,content,period_start,period_end,total_investment,invested_to_date,amount,fund_source,round\n")
		var line []byte
		for p := range c.projects {
			a := fen(amounts[p])
			line = fmt.Appendf(line[:0], "XM2021-%06d,项目%06d,unit-%03d,2021,%s,%s,%s,部门职责及年度工作计划,按年度工作计划实施,2021-01,2021-12,%s,0,%s,一般公共预算,1\n",
				p, p, p%100, kinds[p%len(kinds)], []string{"否", "是"}[p%2], []string{"运维", "培训", "信息化"}[p%3], a, a)
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if c.goals {
		tree, err := sample.GoalTree("项目")
		if err != nil {
			return err
		}
		data, err := json.Marshal(tree)
		if err != nil {
			return err
		}
		err = c.create("goals.json", func(w *bufio.Writer) error {
			w.WriteString("{\n")
			for p := range c.projects {
				if p > 0 {
					w.WriteString(",\n")
				}
				fmt.Fprintf(w, "%q: %s", fmt.Sprintf("XM2021-%06d", p), data)
			}
			_, err := w.WriteString("\n}\n")
			return err
		})
		if err != nil {
			return err
		}
	}
	if c.experts == 0 {
		return nil
	}
	assessItems := exante.ThreeEItems()
	return c.create("experts.json", func(w *bufio.Writer) error {
		w.WriteString("[\n")
		for p := range c.projects {
			q := 50 + rng.Int64N(51) // the project's quality: 50–100% of each item's weight
			sheets := make([]exante.Expert, c.experts)
			for e := range sheets {
				sheets[e].ID = fmt.Sprintf("ZJ%02d", 1+rng.IntN(40))
				for _, it := range assessItems {
					// Half points: 2 × weight × quality% ± 1, clamped to [0, 2 × weight].
					max2 := it.Weight.IntPart() * 2
					v := min(max(max2*q/100+rng.Int64N(3)-1, 0), max2)
					sheets[e].Scores = append(sheets[e].Scores, exante.ItemScore{Item: it.ID, Score: decimal.New(v*5, -1)})
				}
			}
			data, err := json.Marshal(expertSheets{ProjectID: fmt.Sprintf("XM2021-%06d", p), Round: 1, Experts: sheets})
			if err != nil {
				return err
			}
			if p > 0 {
				w.WriteString(",\n")
			}
			w.Write(data)
		}
		_, err := w.WriteString("\n]\n")
		return err
	})
}
