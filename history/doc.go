// Package history replays policies against past years (政策回测): it keeps a
// project history — what was submitted, the goals, how budgets were
// executed, how projects were evaluated and the decisions taken — and runs
// one policy, or two versions of a policy, over it to report what changes
// before a change goes live.
//
// # Where it sits
//
// history is on the top floor, beside examples/ and cmd/: it imports
// performance, goals, evaluation and monitoring (and rules for rule sets),
// and nothing in the library imports it. Stage packages stay
// unaware of replay; history drives them through their public APIs only.
//
// # Policies
//
// A [Policy] bundles, as one versioned JSON file, the ex-ante assessment
// policy (exante.Policy), the monitoring policy and rule set, the
// grading scheme (performance.Scheme) and the results-application policy
// (evaluation.ApplyPolicy):
//
//	{"id": "lhasa-history", "version": "v2",
//	 "scheme": {...}, "exante": {...},
//	 "monitoring": {"policy": {...}, "rules": {...}}, "apply": {...}}
//
// [Compile] checks every stage and returns a [Program] whose [PolicyRef]
// carries a hash over the rule sets' content hashes ((*rules.Set).Hash), the
// scheme, the criteria and the monitoring policy.
//
// # Replay
//
// [Program.Decide] replays the stages for records of one year, each on the
// recorded facts: the ex-ante assessment of the submission (reductions,
// verdict), the monitoring check of 30 September (alert level, key
// monitoring, actions), the grade of the recorded score under the scheme,
// and the results application (next year's action, amount and recovery).
// Stages are independent: a different approved amount does not change the
// recorded execution, which no policy can know. Department-level rules of
// results application (the carry-over growth cut) are not replayed: they
// need the whole department's year.
//
// A record may carry the year's ex-post evaluation of the public policy
// funding its project (Record.PolicyEvaluation, 政策绩效评价). Under a
// policy with public_policies the replay concludes each public policy once
// (continue, adjust, exit), records the project's standing
// (Decisions.PublicPolicy) and feeds it to results application; a policy
// evaluated differently in two records is an error of the later one.
//
// [Diff] replays two programs over the same history and builds a [Report]:
// per record the exact deltas of approved amount, next year's amount and
// money recovered, grade flips, alert and action changes and the rules whose
// firing changed ([Compare]); in aggregate the counts per [ChangeKind], the
// transition matrices of grades (优→良 …), alert levels and actions, money
// deltas per fiscal year, region and department, rule firing counts, and a
// bounded sample of changed records with both sides' explanations. [Replay]
// runs one program the same way; [Verify] re-runs recorded decisions with
// the policy that recorded them and checks they come out exactly as
// recorded — a regression guard for an engine or stage upgrade.
//
// # Streaming
//
// Histories are read as iterators (iter.Seq2[*Record, error]) and cut into
// batches of one fiscal year; memory holds a few batches, the aggregates
// (bounded by the numbers of years, regions, departments and rules) and the
// sample, never the history. Records of a year must be contiguous.
// Records can come from files ([Read], [ReadFile], [ReadCSV]) or from any
// source yielding each record's JSON document, such as a database through
// package sqlstore ([Decode]).
// [Diff], [Replay] and [Verify] take a context, checked before each record
// read and each record decided: each goroutine stops within one record of
// a cancellation, and the call returns ctx's error wrapped and no report.
//
// # Layout: JSON lines
//
// A history is a file of JSON lines (records.jsonl, optionally gzipped),
// one [Record] per line, sorted by fiscal year, then project ID:
//
//	{"round": 1,
//	 "project": {performance.Project: id, name, unit_id, fiscal_year, kind,
//	             new, category, basis, content, period, total_investment,
//	             invested_to_date, amount, fund_source, cost_lines: [...],
//	             host: {"PriorGrade": "中", "StrategicPriority": 2}},
//	 "experts": [exante.Expert: {"id", "scores": [{"item", "score"}]}],
//	 "goals": {goals.Tree: "framework", "total", "indicators": [...]},
//	 "execution": {"initial": "…", "adjusted": "…", "monthly": ["…" × 12],
//	               "continuing": true},
//	 "evaluation": {"source": "self"|"key", "score": "85.5", "attainment": "0.92"},
//	 "carry_over": "…", "requested": "…",
//	 "forms": [monitoring.Form: {"project_id", "as_of", "executed",
//	           "indicators": [{"indicator", "actual", "projected", "likelihood",
//	                           "cause", "cause_note", "measure"}]}],
//	 "rectifications": [evaluation.RectificationItem: {"id", "project_id",
//	                    "source", "finding", "owner", "issued", "due",
//	                    "completed", "evidence", "inferred", "rejected"}],
//	 "decisions": {"policy": {"id", "version", "hash"},
//	               "exante": {"rule_set": {"id", "version", "hash"}, "fundable",
//	                          "verdict", "submitted", "reduced", "approved", "fired"},
//	               "alert": {"rule_set", "level", "key", "actions", "fired"},
//	               "form": {"outlook", "recommendation", "passed", "findings"},
//	               "grade": {"scheme", "rating", "grade"},
//	               "next_year": {"rule_set", "action", "requested", "amount",
//	                             "recovered", "blocks_similar", "rule", "fired"}}}
//
// Amounts are decimal strings in yuan. The project's host fields
// (performance.HostValues) are replayed with it: a policy that declares
// them ("fields") reads them in every stage's rules, so a backtest runs the
// bureau's own rules on the bureau's own data. A history is accompanied by the
// organisation tree (org.json, performance nodes) and the expenditure
// standards (standards.json). testdata/history in the module is such a
// history, generated by tools/gen/history. Forms and rectifications are
// optional (records written before them read as before, and decide as
// before): a replay reviews the form dated on its check date under the
// policy's form review, and results application reads the items' status at
// its date.
//
// # Layout: CSV
//
// A bureau exporting from a database may write two CSV files instead
// (UTF-8, header row, columns in any order; see [RecordColumns] and
// [CostLineColumns]): records.csv with one row per project and year —
// fiscal_year, project_id, name, unit_id, kind, new, category, basis,
// content, period_start and period_end (YYYY-MM), total_investment,
// invested_to_date, amount, fund_source, round, initial_budget,
// adjusted_budget, m01…m12 (spent per month), continuing,
// evaluation_source, score, attainment, carry_over, requested, and as JSON
// in their cells, in the JSON lines' layout, goals, experts, host (the
// host's own fields, an object of scalars), forms, rectifications,
// goal_versions, goal_experts, prior_actuals, department (the department's
// year, Record.Department) and decisions (the recorded decisions, the
// department's in next_year.department) — and cost_lines.csv with fiscal_year,
// project_id, item, specification, quantity, unit, unit_price, amount and
// standard_id, in any order: a cost line belongs to the record of its
// fiscal_year and project_id, and one whose record is missing is rejected
// with its line. [ReadCSV] streams the records (holding the cost lines); a
// record goes through CSV and back unchanged, so CSV histories replay,
// diff and verify as JSON lines do.
//
// # Concurrency
//
// A Program is immutable and safe for concurrent use. Diff and Replay start
// goroutines only when StreamOptions.Workers asks for more than one, and return
// when they are done; the report is identical for any number of workers
// and any batch size.
//
// # Errors
//
// One broken record never stops a run: unreadable lines (*LineError,
// *CSVError, wrapping ErrRecord) and stages failing for one record
// (*RecordError) are counted in the report and returned, joined, beside it.
// A history that cannot be read on (a read or decompression failure, a bad
// CSV header: errors wrapping ErrRead, or any stream error not wrapping
// ErrRecord) stops the run: Diff, Replay and Verify return no report and
// the error, with the line it happened on, so that the totals of part of a
// history are never presented as the whole. Lines may be of any length up
// to MaxLine (256 MiB).
// Policies that do not parse or compile return errors wrapping ErrPolicy.
// A change kind naming no kind ([ParseChangeKind]) is an error wrapping
// ErrUnknownName that names the allowed values.
//
// # Rounding
//
// Amounts are exact decimals from the stages, to the fen; sums and deltas
// are exact. Nothing here rounds.
package history
