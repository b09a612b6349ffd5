package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/jixiao-go/jixiao/sqlstore"
)

func decisionsCmd() *command {
	return &command{
		name:     "decisions",
		summary:  "query the decision log of a database: by project, by policy hash, or what changed between two runs (决策日志)",
		synopsis: "decisions --db DB (--project ID | --policy HASH | --changes RUN_A,RUN_B)",
		about: `Decisions reads the decision log that import (the decisions recorded with
the history, run "recorded") and replay --db --log RUN wrote: every
decision of one project (--project), every decision made by the policy
whose hash is HASH (--policy), or every stage decision that differs
between two runs or that only one of them made (--changes A,B). Each line
names the project, year, stage, run, policy (id, version, hash) and the
outcome; --format json prints the records (csv is not offered). The same questions are SQL
views of the database: decision_log, decision_changes, decision_only_in
and policy_decisions (go doc ./sqlstore).
Exit 1 when --changes finds changes; 2 on bad usage or when the database
fails.`,
		example: `jixiao decisions --db history.db --changes recorded,v2
jixiao decisions --db history.db --project XM000004 --format json`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			o.common(fs)
			dbSpec := fs.String("db", "", "the database: a SQLite file, or a postgres:// URL")
			project := fs.String("project", "", "every decision of this project")
			policyHash := fs.String("policy", "", "every decision made by the policy with this hash")
			changes := fs.String("changes", "", "what changed between two runs: RUN_A,RUN_B")
			return func(args []string) int {
				set := 0
				for _, v := range []string{*project, *policyHash, *changes} {
					if v != "" {
						set++
					}
				}
				if *dbSpec == "" || set != 1 || len(args) != 0 {
					return o.fail("decisions", errors.New("want --db DB and one of --project, --policy, --changes; run 'jixiao help decisions'"))
				}
				if o.format == "csv" {
					return o.fail("decisions", errors.New("--format csv is not offered: use text or json"))
				}
				ctx := o.context()
				s, db, err := openStore(ctx, *dbSpec, false)
				if err != nil {
					return o.fail("decisions", err)
				}
				defer db.Close()
				var out []any
				emit := func(v any, line string) error {
					if o.format == "json" {
						out = append(out, v)
						return nil
					}
					_, err := io.WriteString(o.stdout, line+"\n")
					return err
				}
				code := exitOK
				switch {
				case *changes != "":
					a, b, ok := strings.Cut(*changes, ",")
					if !ok || a == "" || b == "" {
						return o.fail("decisions", errors.New("--changes wants RUN_A,RUN_B"))
					}
					for c, err := range s.Changes(ctx, a, b) {
						if err == nil {
							code = exitFindings
							err = emit(c, fmt.Sprintf("%s %d %s: %s → %s", c.ProjectID, c.FiscalYear, c.Stage, outcome(c.A), outcome(c.B)))
						}
						if err != nil {
							return o.fail("decisions", err)
						}
					}
				default:
					q := s.DecisionsOf(ctx, *project)
					if *policyHash != "" {
						q = s.DecisionsBy(ctx, *policyHash)
					}
					for l, err := range q {
						if err == nil {
							err = emit(l, fmt.Sprintf("%s %d %s %s %s %s %s %s", l.ProjectID, l.FiscalYear, l.Stage, l.Run,
								l.Policy.ID, l.Policy.Version, short(l.Policy.Hash), l.Outcome))
						}
						if err != nil {
							return o.fail("decisions", err)
						}
					}
				}
				if o.format == "json" {
					if out == nil {
						out = []any{}
					}
					if err := writeJSON(o.stdout, out); err != nil {
						return o.fail("decisions", err)
					}
				}
				return code
			}
		},
	}
}

func outcome(l *sqlstore.Logged) string {
	if l == nil {
		return "—"
	}
	return string(l.Outcome)
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
