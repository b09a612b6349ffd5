package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/tools/gen/history/synth"
)

// historyYear is the fiscal year of the records -kind history writes.
const historyYear = 2024

// history writes a history folder as testdata/history lays it out:
// records.jsonl, N project-years of fiscal year 2024 made by
// tools/gen/history/synth (the generator of the bundled history), and the
// organisation tree and expenditure standards (org.json, standards.json)
// copied from c.src, over whose budget units the projects are spread.
// `jixiao replay --history DIR/records.jsonl POLICY` replays it.
func (c *config) history() error {
	var nodes []performance.Node
	for _, name := range []string{"org.json", "standards.json"} {
		data, err := os.ReadFile(filepath.Join(c.src, name))
		if err != nil {
			return err
		}
		if name == "org.json" {
			if err := json.Unmarshal(data, &nodes); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(c.out, name), data, 0o644); err != nil {
			return err
		}
	}
	var units []string
	for _, n := range nodes {
		if n.Kind == performance.NodeUnit {
			units = append(units, n.ID)
		}
	}
	cfg := synth.Config{Seed: c.seed, Years: []int{historyYear}, Projects: c.projects, Units: units}
	return c.create("records.jsonl", func(w *bufio.Writer) error {
		enc := json.NewEncoder(w) // one record a line
		enc.SetEscapeHTML(false)
		for r := range cfg.Records() {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	})
}
