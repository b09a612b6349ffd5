// Package policy is one fiscal year's policy (政策版本) for every stage of
// performance budgeting, compiled once and identified by one hash.
//
// # Where it sits
//
// policy is on its own floor, above the stages and below their users:
// {performance, rules} → goals → {evaluation, monitoring} → policy →
// {history, examples, cmd}. It imports the stage packages and drives them
// through their public APIs; no stage imports it. A live service imports
// policy alone to run a year; package history replays the same Program over
// recorded years.
//
// # What it owns
//
// A [Policy] is plain data, one JSON document: id, version, description,
// fiscal year and effective dates; the host's field declarations; the
// expenditure standards inline or a standards_file beside the policy; the
// goals scoring configuration (goals.Config); the grading scheme
// (performance.Scheme); the key-evaluation framework; the ex-ante
// assessment policy (exante.Policy: sheet, thresholds, rules);
// the monitoring policy and rule set; the results-application policy
// (evaluation.ApplyPolicy); and the performance management of public
// policies ([PublicPolicies], public_policies: the ex-ante sheet, by
// default exante.PolicySheet, and the ex-post conclusion rules,
// evaluation.PolicyRules; run by [Program.AssessPublicPolicies] and
// [Program.ConcludePublicPolicies]; left out of the hash when absent).
// Every part is optional.
//
// There is one form for compiling: [Parse] (or [Load], which also reads the
// standards file) and then [Policy.Compile] with the organisation tree, the
// standards when the policy has none, and the host's rules.Options. The
// [Program] it returns has a method per stage, each with its dates as
// parameters: [Program.AssessRound] (事前绩效评估), [Program.CheckQuarter]
// (绩效运行监控; [Program.Monitor] for a year of checks), [Program.ReconcileSelf]
// (单位自评复核), [Program.EvaluateKey] (重点评价), [Program.Apply] (结果应用)
// and [Program.Grade].
//
// # The hash
//
// [Program.Ref] is a performance.PolicyRef: the id, the version and a
// sha256 over a versioned canonical encoding (compact JSON of fixed-order
// structs, format "jixiao-policy/1") of everything that can change a
// result: every rule set (ids, conditions, outputs, priorities, groups,
// tags, effective periods), the ex-ante sheet and thresholds, the
// monitoring policy, the goals configuration, the scheme's bands and
// overrides, the framework, the expenditure standards (sorted by id), the
// org tree (sorted by id; its names count, as results-application rules
// read them), the host field declarations (sorted by name) and the host's
// options fingerprint. Descriptions, rule and standard names, schedule and
// trigger names, the scheme's name and source and the JSON key order do
// not count. Every result a stage method returns carries the ref in its
// Policy field.
//
// # Concurrency
//
// A Program is immutable and safe for concurrent use: one Program may serve
// every request of a service. Its methods start no goroutines, except
// ReconcileSelf, which uses the number of workers it is given. A Policy is
// plain data; do not modify one while a Compile of it runs.
//
// # Errors
//
// Parse, Load and Compile return every problem at once, joined; each is an
// [*Error] whose Stage is the part's path in the JSON ("exante",
// "monitoring.rules", "apply", "scheme", "fields", "standards", …) and
// whose cause is the stage package's error: *rules.Error with the rule id,
// line, column and snippet for expressions, performance.Problems with paths
// for data. All of them match [ErrPolicy] with errors.Is. A stage method of
// a stage the policy lacks returns an error wrapping [ErrNoStage]; the
// stage methods otherwise return what the stage packages return, one bad
// submission, budget or form never costing the others.
//
// # Rounding
//
// The stages round as they document; this package adds no arithmetic. Round
// summaries are given with reduction rates to 2 places of a percent, half
// up, as the bureaus' reports publish them.
package policy
