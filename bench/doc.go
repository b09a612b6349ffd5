// Package bench holds the peer benchmarks of Jixiao's rules engine: the
// reference workload of shared/bench/reference-rules.md run by raw expr
// (one program per rule, and the whole set as one program, each compiled
// against a value environment), cel-go, hand-written Go over exact
// decimals and over int64 fen, and Jixiao's Eval and EvalTo, every one
// checked to give the same decisions on the same 10,000 generated projects
// before any is timed.
//
// It is its own module, so that the library's dependencies stay
// shopspring/decimal and expr-lang/expr: cel-go and what it brings are
// needed here only.
//
// Run: cd bench && go test -run '^$' -bench . -benchmem -count 5
package bench
