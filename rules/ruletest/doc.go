// Package ruletest tests rule sets the way net/http/httptest tests handlers:
// finance IT staff write table cases — an input environment and the rules
// expected to fire with their outputs — in JSON or Go, run them under go test
// with one subtest per case, and measure how well the cases cover the rules.
//
// The package is domain-blind like rules: it knows environment types only
// as the type parameter E of a [rules.Program], and never imports a stage
// package. Stage packages and hosts pass their own environment types
// (evaluation.ProjectEnv, monitoring.Env, a host's own struct). It sits on
// the ground floor with rules: {performance, rules} → goals → {evaluation,
// monitoring} → policy → {history, examples, cmd}.
//
// # Cases
//
// A [Case] names an environment, the expected fired rules (in evaluation
// order) and the expected outputs per rule. Cases are read from JSON with
// [ReadCases] or [LoadCases]:
//
//	{"cases": [
//	  {"name": "中 cut by 20%",
//	   "env": {"Grade": "中", "Requested": "1000000"},
//	   "fired": ["cut_fair"],
//	   "outputs": {"cut_fair": {"action": "cut", "amount": "800000.00"}}}
//	]}
//
// Numbers compare by value (800000 equals 800000.00); other outputs by text.
// A nil Fired (the member left out) does not check firing; an empty list
// expects no rule to fire. [Check] evaluates one case and reports every
// mismatch; [Run] runs a case list under go test, one subtest per case, and
// a failing subtest prints, for every evaluated rule, the explanation of
// what fired and why.
//
// # Coverage
//
// A [Coverage] accumulates evaluation results: per rule, how often it was
// evaluated and fired, and per condition — every boolean sub-expression of
// the rule's when, as the engine's explanations record it (see
// rules.Explanation.Steps) — how often it turned true and false. Rules that
// never fired, always fired, and conditions that never turned true or never
// turned false are listed by [Coverage.Gaps]. A sub-expression that no case
// ever evaluated (always short-circuited) cannot show its type; it is counted
// as a condition that never turned true nor false. Without explanations
// (results of a run with Explain off) only whole rules are counted: the when
// turned true when the rule fired and false when it was skipped for its
// condition. [Coverage.Check] fails below a [Threshold].
//
// # Golden files
//
// [Golden] compares rendered output with a file under testdata and rewrites
// it when asked. The package registers no flags: the test package defines
// its own (var update = flag.Bool("update", false, "rewrite golden files"))
// and passes *update.
//
// # Concurrency
//
// Check and the readers are safe for concurrent use. A Coverage is not: give
// each goroutine its own and Merge them.
package ruletest
