// Package exante is the ex-ante assessment (事前绩效评估) of budget projects:
// who must be assessed, the gates a project must pass before money, the
// experts' scores and the verdict, and the reductions (审减) of its cost
// estimate, per round (一上, 二上) with the rounds' totals; and factor-method
// allocation (因素法). The ex-post half (self-evaluation, key evaluation,
// results application) is package [github.com/jixiao-go/jixiao/evaluation].
//
// # Where it sits
//
// exante is a stage, on the third floor beside evaluation and monitoring:
// it imports performance, rules, goals and experts, never evaluation or
// monitoring; package policy drives it for a whole year.
//
// # The assessment
//
// An [ExAntePolicy] (loaded with [ParseExAntePolicy]) holds the scoring sheet
// and thresholds ([AssessCriteria]) and a rule set of package rules. Built
// once into an [Assessor] with [NewAssessor], it assesses each [Submission]
// (a project in one budget round, 一上 or 二上, with its experts' sheets)
// together with its performance goals:
//
//  1. Who must be assessed: project rules tagged "must_assess" fire on new
//     projects, development projects (一年一论证), amounts above a threshold,
//     or anything a policy names ([Assessment].RequiredBy).
//  2. Gates before money ([CheckGates]): a project without a detailed cost
//     estimate, without goals, failing project or goal validation, citing an
//     unknown expenditure standard, or required but not assessed, is not
//     fundable; every reason is listed with a code, a path and a message in
//     Chinese and English, and the project is reduced in full.
//  3. Score and verdict: experts' sheets over the dimensions a scoring
//     sheet declares (data: [AssessCriteria.Dimensions], or a bundled sheet,
//     [NationalSheet] with the five contents of 中发〔2018〕34号 四（六）, or
//     [ThreeESheet], the default, with [Necessity], [Feasibility],
//     [Economy], [Efficiency], [Effectiveness]) are combined by mean or trimmed mean ([AssessCriteria.Combine]), or
//     rules compute the item scores (outputs score_N1, score_C1, …) or the
//     total; [VerdictThresholds] or a rule give the verdict:
//     [Support], [SupportAfterAdjustment] or [Reject]. A rejected project is
//     reduced in full.
//  4. Reductions (审减) per cost line: line rules (tag "line") see each line
//     with its expenditure standard ([CostLineEnv]) and cut it — to the
//     standard, when it lacks a basis, when it repeats another — then project
//     rules cut shares (政策性压减) or record increases (审增). Every
//     [Reduction] names its rule, kind, amount and reason, with the rules
//     engine's explanation when asked; none exceeds what is left of its line.
//     Approved (审定) = Submitted − Reduced; increases are kept apart.
//
// Public policies (公共政策, performance.PublicPolicy) are assessed before
// they are adopted or extended on the same machinery: [PolicySheet], a
// bundled sheet of the five [PolicyDimensions] (政策必要性, 政策目标合理性,
// 政策工具可行性, 资金保障与筹资合规性, 预期效益; after 中发〔2018〕34号
// 四（六）, the weights illustrative), scores each [PolicyProposal] through
// a [PolicyAssessor] into a [PolicyAssessment] with its verdict; only a
// supported policy may request a budget.
//
// [AssessExAnte] is the whole stage as one pure function. [SummarizeRounds]
// totals the assessments per round, per department and per region, with
// pooled reduction rates; the parts add up exactly to the totals.
// [Allocate] splits an amount among recipients by the factor method (因素法).
//
// # Concurrency
//
// An [Assessor] is immutable and safe for concurrent use. Functions start no
// goroutines except [Assessor.AssessBatch], whose worker count the caller
// chooses. A [ScoreShare], through which assessors of equal scoring sheets
// combine one batch's expert scores once, is per batch and not safe for
// concurrent use.
//
// # Errors
//
// Invalid input is reported as [performance.Problems] (codes, paths, Chinese
// and English messages), all problems at once. A project failing a gate is
// not an error but an [Assessment] with Fundable false. A submission that
// cannot be assessed at all (invalid expert sheets, a rule failing at run
// time) gives an [*AssessError] beside the other submissions' results.
// Allocation errors wrap [ErrAllocation]. Text naming no value of an enum
// (ParseVerdict, ParseReductionKind, ParseDimension, ParseCombineMethod,
// and so the JSON fields of those types) is an error wrapping
// [ErrUnknownName] that names the allowed codes and Chinese names.
//
// Places read from input (criteria.places) are checked when parsed against
// performance.MaxPlaces: beyond it the problem has code
// performance.CodeLimit and unwraps to a *performance.LimitError.
//
// # Rounding
//
// Amounts are exact decimals in yuan. Reductions are rounded half away from
// zero (四舍五入) to the fen when a rule's result has more places. Scores are
// combined exactly and rounded half up once, to [AssessCriteria].Places
// (2 by default). Reduction rates are exact ratios, shown as percentages
// rounded half up to the places the caller names (2 in the reports: 19.13).
// Factor allocations are computed in exact rational arithmetic and cut to the
// fen by largest remainder, so the parts always sum to the total.
package exante
