// Package evaluation judges budget projects after the money is spent: the
// ex-post evaluation (事后评价) that grades what a project or a department
// achieved, and results application (结果应用) that turns the grades into
// next year's budget. The ex-ante assessment (事前绩效评估) that decides
// what a project may receive before it is funded is package
// [github.com/jixiao-go/jixiao/evaluation/exante].
//
// # Where it sits
//
// evaluation is a stage, on the third floor beside exante and monitoring:
// it imports performance, rules, goals and experts, never exante or
// monitoring; package policy drives the three for a whole year. The floors are
// {performance, rules} → {goals, experts} → {evaluation, exante, monitoring} → policy →
// {history, xlsx, report, sqlstore, cmd}.
//
// # Ex-post evaluation
//
// After the year, units evaluate their own projects and the bureau evaluates
// selected ones in depth; the results decide next year's budget.
//
//   - Self-evaluation (单位自评): [SelfEvaluation.Reconcile] scores a unit's form
//     with goals' national rule (execution 10 + output 50 + benefit 30 +
//     satisfaction 10, see goals.Form) and grades the total under a
//     performance.Scheme. The figures the unit stated ([StatedForm]) are never
//     overwritten: every difference becomes a [Deviation] with its size and
//     [DeviationKind] — points docked from a met target, an execution score
//     rounded to a whole number, a total that is not the sum of its parts,
//     non-default weights, a stated rate that is not executed ÷ budget, a rate
//     or score measured against the initial budget (年初预算数), a grade that is
//     not the total's. [SelfBatch] does the same for many forms with a worker
//     pool sized by the caller, preparing each shared goals tree once.
//   - Frameworks as data ([Framework]): weighted criteria with sub-indicators
//     and label scales, a scheme and its overrides. [KeyFramework] (决策 20,
//     过程 20, 产出 30, 效益 30; output + benefit ≥ 60, validated),
//     [DepartmentFramework] (部门整体支出绩效自评, scored by
//     [DepartmentEvaluation]; [ReadDepartmentCSV] reads department-wide
//     forms from CSV, one row per indicator, every bad row reported with
//     file:line:column), [LoanFramework] (relevance 20, efficiency 50,
//     effectiveness 20, sustainability 10, each on its own label scale) and
//     [PARTFramework] (20/10/20/50 with the Results Not Demonstrated override);
//     [ParseFramework] loads a bureau's own. [Framework.Score] averages several
//     evaluators' [Sheet]s exactly.
//   - Key and deep evaluation (重点评价, 深度绩效评价, 第三方): [KeyEvaluation] holds
//     the sheets, findings (问题) and recommendations (建议); a [KeyReport] is a
//     round of them with the figures its report published, and
//     [KeyReport.Evaluate] scores, tallies ([Distribute]), checks the
//     published figures ([CheckPublished], with performance.ShareCheck) and
//     applies the results.
//   - Review of self-evaluations (复核, 抽审): [DrawSample] draws a reproducible
//     sample stratified by department and amount band (math/rand/v2 PCG seeded
//     with the caller's seed and the stratum); [ReviewSelfEvaluations] compares
//     self scores with the bureau's, flags inflation beyond a threshold and
//     ranks units by the quality of their self-evaluation.
//   - Coverage (全覆盖): [MeasureCoverage] gives the share of projects and of
//     money with goals, monitoring, self-evaluation and key evaluation, in
//     total and per department and region.
//   - Results application (结果应用): an [ApplyPolicy] is two rule sets (package
//     rules; grades compare as "优"…"差" through a registered type): project
//     rules over [ProjectEnv] give each project's [BudgetAction] and amount, money
//     recovered (收回) and blocks on similar new projects; department rules over
//     [DepartmentEnv] cut a department's project budget when its carry-overs
//     grew (at least 30% of the growth, checked). [ApplyProgram.Apply] returns
//     [NextYear]: a [Consequence] per project with the deciding rule and its
//     explanation, and [Adjustment]s per department, region and in total.
//   - Rectification (整改): [RectificationsFrom] turns key evaluations'
//     findings (问题) and the review's inflated or missing self-evaluations
//     into [RectificationItem]s with an owner and a due date;
//     [RecordCompletions] records the units' [CompletionReport]s
//     ([ReadCompletionCSV] reads them from CSV, one row per report) (with
//     evidence, and the bureau's rejection of unsatisfactory ones) and, for
//     items nobody reported, infers completion from a later monitoring
//     check ([Clearance]), the fallback; [SummarizeRectifications] counts
//     them by [RectifyStatus] for [ProjectOutcome.Rectification], which
//     project rules read (RectifyOverdue, RectifyUnsatisfactory, …) to cut
//     further as rule-set data.
//   - Public-policy performance (政策绩效): the ex-post evaluation of a
//     performance.PublicPolicy (a subsidy policy, a support programme; not
//     package policy's whole-year rules) as a [PolicyEvaluation] is
//     concluded continue, adjust or exit (继续实施、调整完善、退出) by
//     rule-set data over [PolicyEnv] ([PolicyRules], bundled as
//     [DefaultPolicyRules] after 中发〔2018〕34号 and 财预〔2020〕10号, numbers
//     illustrative) with [PolicyProgram.Conclude]; each [PolicyOutcome]
//     lists a [PolicyStanding] per project funded under the policy (exit: no
//     funding, recovery; adjust: a cut share), which [WithPolicyOutcomes]
//     puts on [ProjectOutcome].Policy for project rules to read
//     (PolicyConclusion, PolicyCutShare, PolicyRecover). The ex-ante
//     assessment of public policies is package exante's (PolicySheet,
//     PolicyAssessor).
//
// # Concurrency
//
// Frameworks, compiled [ApplyProgram]s and schemes are read-only and safe for
// concurrent use. [SelfBatch.Reconcile] is the only function of the package
// that starts goroutines: SelfBatch.Workers of them, for the duration of
// the call. Everything else is synchronous.
//
// # Errors
//
// Invalid input is reported as [performance.Problems] (codes, paths, Chinese
// and English messages), all problems at once. Text naming no value of an enum
// (ParseAction, ParseDepth, …, and so the JSON fields of those types) is
// an error wrapping [ErrUnknownName] that names the allowed codes and
// Chinese names; the Chinese terms forms print are read as the code.
//
// Bad input is reported as performance.Problems — every problem at once, each
// with a stable code and a path such as "sheets[1].ratings[3].points" — beside
// the results of the rest: one broken project, form or department never stops
// a run. Rule compile errors are *rules.Error values with positions; rule
// runtime errors name the rule and the project.
//
// Places and counts read from input (a framework's places,
// a report's published.places and counts) are checked when parsed against
// performance.MaxPlaces and performance.MaxCount: beyond them the problem
// has code performance.CodeLimit and unwraps to a *performance.LimitError.
//
// # Rounding
//
// Amounts are exact decimals in yuan. Weighted totals and evaluator means are exact (sums kept with their divisor,
// performance.Ratio) and rounded half away from zero (四舍五入) once, to the
// framework's Places. Self-evaluation scores round as goals.Config says. Money
// outputs of results application are rounded half up to the fen; department,
// region and total adjustments are exact sums of those.
package evaluation
