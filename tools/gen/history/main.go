// Command history generates the bundled policy history in testdata/history/:
// three fiscal years (2021–2023) of synthetic projects of the Lhasa sample
// organisation — submissions with cost estimates, expert sheets and goals,
// monthly execution, evaluation scores, carry-overs and next year's
// requests — and the decisions the policy in force (policy_v1.json) took,
// each with its policy and rule-set hashes. It also writes policy_v2.json,
// a proposed revision, for replay against the history.
//
// policy_v1.json is composed from the project's bundled policies: the
// ex-ante policy (testdata/exante/policy.json), the monitoring rules
// (monitoring.DefaultRulesJSON), the results-application policy
// (testdata/expost/policy.json) and the national grading scheme. The
// revision v2 makes five changes a finance bureau might consider:
//   - ex-ante: training projects are cut by 15% instead of 10% (EA-P01);
//   - monitoring: yellow only within 5 points of schedule instead of 10;
//   - grading: 中 starts at 70 (scores 60–70 become 差), a district scheme;
//   - results application: 中 is cut by 30% instead of 20% (cut_fair), and
//     the low-execution cut applies below 70% instead of 60%.
//
// Usage, from the module root:
//
//	go run ./tools/gen/history [-out testdata/history]
//
// Same seed, same bytes; the generator verifies what it wrote by reading it
// back and replaying the recorded decisions.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/tools/gen/history/synth"
)

// Seed fixes the bundled history.
const Seed = 20211231

func main() {
	out := flag.String("out", "testdata/history", "directory to write into")
	src := flag.String("src", "testdata", "directory holding the bundled exante and expost policies")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		log.Fatal(err)
	}
}

func run(src, out string) error {
	orgJSON, err := os.ReadFile(filepath.Join(src, "exante", "org.json"))
	if err != nil {
		return err
	}
	stdJSON, err := os.ReadFile(filepath.Join(src, "exante", "standards.json"))
	if err != nil {
		return err
	}
	var nodes []performance.Node
	if err := json.Unmarshal(orgJSON, &nodes); err != nil {
		return err
	}
	org, err := performance.NewOrg(nodes)
	if err != nil {
		return err
	}
	var standards []performance.ExpenditureStandard
	if err := json.Unmarshal(stdJSON, &standards); err != nil {
		return err
	}
	v1, v2, err := policies(src)
	if err != nil {
		return err
	}
	p1, err := compile(v1, org, standards)
	if err != nil {
		return fmt.Errorf("v1: %w", err)
	}
	if _, err := compile(v2, org, standards); err != nil {
		return fmt.Errorf("v2: %w", err)
	}
	var units []string
	for _, n := range nodes {
		if n.Kind == performance.NodeUnit {
			units = append(units, n.ID)
		}
	}
	cfg := synth.Config{Seed: Seed, Years: []int{2021, 2022, 2023}, Projects: 2100, Units: units}

	var raw bytes.Buffer
	w := history.NewWriter(&raw)
	var batch []*history.Record
	records, distinct := 0, map[string]bool{}
	flush := func() error {
		ds, err := p1.Decide(batch)
		if err != nil {
			return err
		}
		for i, r := range batch {
			r.Decisions = ds[i]
			if err := w.Write(r); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	for r := range cfg.Records() {
		if len(batch) > 0 && batch[0].Project.FiscalYear != r.Project.FiscalYear {
			if err := flush(); err != nil {
				return err
			}
		}
		batch = append(batch, r)
		records++
		distinct[r.Project.ID] = true
	}
	if err := flush(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{
		"org.json": orgJSON, "standards.json": stdJSON,
		"policy_v1.json": v1, "policy_v2.json": v2, "records.jsonl.gz": gz.Bytes(),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	// Read back and verify.
	ver, err := history.Verify(context.Background(), []*history.Program{p1}, history.ReadFile(filepath.Join(out, "records.jsonl.gz")), history.StreamOptions{})
	if err != nil {
		return err
	}
	if !ver.OK() || ver.Verified != records {
		return fmt.Errorf("verification failed: %+v", ver)
	}
	fmt.Printf("wrote %s: %d records of %d projects, %d bytes gzip (%d raw); verified %d\n", out, records, len(distinct), gz.Len(), raw.Len(), ver.Verified)
	return nil
}

func compile(data []byte, org *performance.Org, standards []performance.ExpenditureStandard) (*history.Program, error) {
	p, err := history.ParsePolicy(data)
	if err != nil {
		return nil, err
	}
	return history.Compile(p, org, standards)
}

// policies composes v1 from the bundled policies and derives v2 by the
// edits in the package documentation.
func policies(src string) (v1, v2 []byte, err error) {
	exante, err := os.ReadFile(filepath.Join(src, "exante", "policy.json"))
	if err != nil {
		return nil, nil, err
	}
	apply, err := os.ReadFile(filepath.Join(src, "expost", "policy.json"))
	if err != nil {
		return nil, nil, err
	}
	national, err := json.Marshal(performance.DefaultScheme())
	if err != nil {
		return nil, nil, err
	}
	compose := func(id, version, desc string, exante, mon, apply, scheme []byte, fields ...map[string]any) ([]byte, error) {
		doc := map[string]any{
			"id": id, "version": version, "description": desc,
			"scheme":     json.RawMessage(scheme),
			"exante":     json.RawMessage(exante),
			"monitoring": map[string]any{"rules": json.RawMessage(mon)},
			"apply":      json.RawMessage(apply),
		}
		if len(fields) > 0 {
			doc["fields"] = fields
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return nil, err
		}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, b.Bytes(), "", "  "); err != nil {
			return nil, err
		}
		return pretty.Bytes(), nil
	}
	mon := monitoring.DefaultRulesJSON()
	v1, err = compose("lhasa-history", "v1", "政策版本v1：2021—2023年执行的事前评估、监控、评价分级和结果应用规则（由项目内置政策组成）",
		compact(exante), compact(mon), compact(apply), national)
	if err != nil {
		return nil, nil, err
	}
	exante2, err := edit(exante, "\"expr\": \"0.1\"", "\"expr\": \"0.15\"", "压减10%", "压减15%", "cut by 10%", "cut by 15%",
		"\"version\": \"2021.1\"", "\"version\": \"2024.1\"")
	if err != nil {
		return nil, nil, err
	}
	mon2, err := edit(mon, "\"Deviation >= -10\"", "\"Deviation >= -5\"", "滞后10个百分点以内", "滞后5个百分点以内", "滞后超过10个百分点", "滞后超过5个百分点",
		"\"version\": \"2021.1\"", "\"version\": \"2024.1\"")
	if err != nil {
		return nil, nil, err
	}
	apply2, err := edit(apply, "round(Requested * 0.8, 2)", "round(Requested * 0.7, 2)", "评为中，按20%调减", "评为中，按30%调减",
		"ExecutionRate < 0.6", "ExecutionRate < 0.7", "预算执行率低于60%", "预算执行率低于70%",
		"\"version\": \"2021\"", "\"version\": \"2024\"",
		// A host rule over the bureau's own fields: a project graded 中
		// two years running (PriorGrade, from the bureau's records) that
		// the bureau does not rank first (StrategicPriority < 3) is cut
		// by half, ahead of cut_fair.
		`{"id": "cut_fair", `, `{"id": "cut_fair_again", "name": "连续两年评为中且非重点项目，按50%调减", "priority": 75, "group": "action",
       "source": "illustrative: the second-year cut is invented for the sample",
       "when": "Grade == \"中\" && PriorGrade == \"中\" && StrategicPriority < 3",
       "outputs": [{"name": "action", "type": "string", "expr": "\"cut\""}, {"name": "amount", "type": "money", "expr": "round(Requested * 0.5, 2)"}]},
      {"id": "cut_fair", `)
	if err != nil {
		return nil, nil, err
	}
	district := performance.DefaultScheme()
	district.Name = "district-fair70"
	for i := range district.Bands {
		if district.Bands[i].Grade == performance.Fair {
			district.Bands[i].Min = decimal.NewFromInt(70)
		}
	}
	scheme2, err := json.Marshal(district)
	if err != nil {
		return nil, nil, err
	}
	v2, err = compose("lhasa-history", "v2", "政策版本v2（拟议）：培训类压减15%，黄灯限5个百分点，中等级下限70分，中调减30%，连续两年为中的非重点项目调减50%，执行率低于70%调减",
		compact(exante2), compact(mon2), compact(apply2), scheme2,
		map[string]any{"name": "PriorGrade", "type": "grade", "description": "项目上年绩效评价等级（本局系统记录）"},
		map[string]any{"name": "StrategicPriority", "type": "number", "default": "1", "description": "本局确定的项目优先级，1（一般）至3（重点）"})
	return v1, v2, err
}

// edit replaces each old with its new (pairs), failing when an old is
// missing so that a change in the bundled policies is noticed.
func edit(data []byte, pairs ...string) ([]byte, error) {
	s := string(data)
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			return nil, fmt.Errorf("edit: %q not found", pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return []byte(s), nil
}

func compact(data []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}
