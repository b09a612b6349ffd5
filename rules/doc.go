// Package rules is Jixiao's domain-blind rules engine (规则引擎): finance
// staff write policy as rules in expr syntax; a host compiles a rule set once
// against its own environment type and evaluates it for many projects, with
// exact money, explanations and bounded cost.
//
// A [Rule] has a boolean condition (when) and named, typed outputs; a [Set]
// is a versioned list of rules with a [HitPolicy]; a [Policy] says which
// version of each set is in force from which date. [ParseSet] reads a set
// from strict JSON; [Compile] type-checks every expression against the
// environment struct E and returns a [Program]; [Program.Eval] evaluates one
// environment, [Program.EvalAll] a slice and [Program.EvalSeq] an iterator
// of environments with a worker pool, results in input order.
//
// # Where it sits
//
// rules is on the ground floor, beside performance, and knows no budget: it
// imports no domain package (its one language type is performance.Lang,
// defined in internal/lang so that neither imports the other). The floors
// are {performance, rules} → goals → {evaluation, monitoring} → policy → {history, examples, cmd}.
//
// # Expressions
//
// Expressions use expr's syntax (github.com/expr-lang/expr): fields of the
// environment by name (nested with a.b), literals, + - * /, comparisons,
// and/or/not (also && || !), c ? a : b, if/else, let x = …; …, in [list],
// contains, startsWith, endsWith, and these functions:
//
//	round(x, places)          x rounded half away from zero (四舍五入)
//	round(a / b, places)      a ÷ b rounded half away from zero
//	div(a, b, places)         the same as round(a / b, places)
//	percent(part, whole, places)  part ÷ whole × 100, rounded half away from zero
//	min(a, b, …), max(a, b, …), clamp(x, lo, hi), abs(x)
//	date("2024-08-31")        a date literal
//	len(s)                    the number of characters of s
//	asOf()                    the evaluation date, EvalOptions.AsOf (an error when zero)
//
// plus the functions a host registers with [WithFunction]. Not supported,
// and reported at compile time as ErrUnsupported: slices, maps, indexing,
// closures such as all(xs, {# > 0}), method calls, nil, ?., ??, %, ** and
// string matching with regular expressions. There is no
// now(), today() or bare date(): the evaluation date is an input, passed in
// the environment or as [EvalOptions.AsOf], which also selects the rules in
// their effective period.
//
// # Exact money
//
// Fields of type decimal.Decimal (and integer fields) are exact numbers, and
// so are numeric literals: Amount * 0.2 is exact, 1.0 == 1.00 and
// 0.1 + 0.2 == 0.3 are true, and comparisons follow decimal arithmetic. A
// division of exact numbers must name its rounding: write round(a / b, 2),
// div(a, b, 2) or percent(a, b, 2); a bare a / b is a compile error.
// Mixing an exact number with a float64 field is a compile error
// (ErrInexact) rather than a silent float; float fields compute among
// themselves in floating point (min and max as Go's: a NaN operand gives
// NaN), a float cannot become a money output, and a NaN or infinite float
// given as a number output is a runtime error wrapping ErrRuntime.
//
// Internally exact numbers are int64 coefficients with an exponent while
// they fit, and shopspring decimals when they do not, so typical money
// arithmetic allocates nothing; both paths give identical results.
//
// # Rounding
//
// Nothing is rounded implicitly. round, div and percent round half away
// from zero (the 四舍五入 of reports) to the places given; outputs keep the
// exponent decimal arithmetic gives (Requested * 0.2 of 100 is 20.0).
//
// # Evaluation order and hit policies
//
// Rules are evaluated by priority (higher first), then in file order, then
// by id. A disabled rule, a rule outside its effective period on the as-of
// date, and a rule whose group already fired are skipped with a [Reason].
// Under HitCollect every rule whose condition holds fires; under HitFirst
// evaluation stops at the first; under HitUnique a second firing rule makes
// Eval return ErrNotUnique along with the full result.
//
// # Explanations
//
// With [EvalOptions.Explain] each evaluated rule carries an [Explanation]:
// the value of every sub-condition and operand, as [Step] data and as one
// readable line in English or Chinese, such as
//
//	ExecutionRate (0.42) < 0.5 → true
//
// With Explain off evaluation pays nothing for the feature. With it on,
// Eval only keeps a copy of the environment (and of the fields it reaches
// through pointers); the explanation is computed when first rendered, by
// replaying the rule on that copy with a second, recording closure tree.
// Expressions are pure, so the replay gives exactly the evaluation's values,
// even if the caller has changed the environment since. The recording
// closures are compiled once, on a program's first explained evaluation.
//
// # Errors
//
// Compile returns all problems at once, joined with errors.Join; each is an
// [*Error] carrying the rule id, the field ("when" or an output name), the
// line and column (1-indexed, in characters) and a caret snippet, and wraps
// a sentinel (ErrSyntax, ErrUnknownName with a "did you mean" suggestion,
// ErrType, ErrInexact, ErrNondeterministic, ErrUnsupported, ErrLimit,
// ErrInvalid). A runtime error of one rule (ErrDivisionByZero,
// ErrMissingValue, ErrMemoryBudget, ErrLimit, ErrRuntime) is an *Error in
// Result.Errors and does not stop other rules or other environments. No
// input makes the package panic.
//
// # Limits
//
// [Limits] bound expression length and size at compile time and the memory
// one rule may use in one evaluation. Exact numbers are bounded too: a
// literal has at most 40 digits and an exponent within ±100 (a compile
// error wrapping ErrLimit), every number an evaluation reads or computes
// has an exponent within ±1000 (a runtime error wrapping ErrLimit), and
// numbers beyond the int64 fast path are charged against the memory budget
// at the size of their coefficient before they are computed, so
// let a1 = a0 * a0; let a2 = a1 * a1; … stops with ErrMemoryBudget instead
// of building megabytes. Places are literals from -18 to 18. Expressions
// have no loops, so an evaluation always terminates; batches honour context
// cancellation.
//
// # Concurrency
//
// A Program is immutable and safe for concurrent use by many goroutines;
// per-evaluation scratch state is pooled, and a Result filled by
// [Program.EvalTo] keeps it for the next call, so such a Result serves one
// goroutine at a time. Results, including their explanations, may be read
// from any goroutine. Eval starts no goroutines;
// EvalAll and EvalSeq start as many as the caller asks for.
//
// # Performance
//
// Expressions are parsed and positioned by expr's parser, then type-checked
// and compiled by this package into Go closures over the environment
// struct, reading fields at precomputed offsets. Exact numbers use an int64
// coefficient with an exponent while they fit (no allocation) and fall back
// to shopspring decimals on overflow, with identical results. Each decimal
// field is converted once per evaluation. [Program.Eval] evaluates into
// pooled scratch storage and copies the outcome (fired rules and their
// outputs) into one allocation of exactly its size; the skipped list is
// shared between results that skip the same rules for the same reasons,
// so Result.Skipped is read-only. With Explain, the environment's snapshot
// and the explanations go into the same allocation. That is one allocation
// (three when eight or more rules fire or sixteen or more outputs are set;
// four then with Explain), whatever the number of rules. [Program.EvalTo] reuses a Result
// and allocates nothing. Bulk runs that read only the outputs set
// [EvalOptions].FiredOnly and keep per-rule data in slices indexed by
// [Fired].Index, as the ex-ante assessment does over every cost line.
package rules
