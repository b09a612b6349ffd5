// Package goals models performance goals (绩效目标) and scores results against
// them: indicator trees of level-1 kinds (产出, 效益, 满意度, 成本, 决策, 过程),
// level-2 kinds (数量, 质量, 时效, 成本, 经济/社会/生态效益, 可持续影响,
// 服务对象满意度, and 经济/社会/生态环境成本 under a level-1 cost) and level-3
// indicators with an operator, a target, a unit and
// a weight (分值); targets as goals tables publish them ([ParseTarget]);
// validation of trees; scoring of an indicator, a tree and a self-evaluation
// form under the national rule of 财预〔2020〕10号, each part configurable
// ([Config]).
//
// # Where it sits
//
// goals is on the second floor: it imports performance and rules, and the
// stages (evaluation, monitoring) import it. The floors are
// {performance, rules} → goals → {evaluation, monitoring} → policy → {history, examples, cmd}.
//
// # Targets
//
// [ParseTarget] reads targets as goals tables print them: "≥100人", "≤90万元"
// (held as 900000 元), "100%" (≥, and the result says the operator was
// implied), "80%-90%", "[80,90]", deadlines such as "2022年12月31日前" or
// "≤2023年10月", and qualitative phrases such as "明显提升". Units are
// normalised by [NormalizeUnit]; money goes through performance.ParseAmount
// and is held in yuan.
//
// # Scoring
//
// A [Scorer] is built once per tree and configuration with [NewScorer] and
// scores actuals ([Actual]) into a [Result]: one [Score] per indicator, each
// keeping the rule that produced it, subtotals per level-1 and level-2 group,
// and the total. A target met scores the full weight; a ≥ target not met
// scores weight × actual ÷ target, a ≤ target exceeded weight × target ÷
// actual, never above the weight nor below zero (Config.Overshoot chooses
// full marks or (1 − overshoot ÷ target) × weight instead; target ÷ actual is
// the national default); qualitative indicators score the evaluator's point
// inside a rating's band (80% belongs to achieved, 60% to partly achieved,
// per 财预〔2020〕10号); deadlines score by date. An actual without a unit
// against a target with one is a missing_unit problem unless
// Config.AssumeTargetUnit reads it in the target's printed unit.
// [Form] adds the budget-execution item (weight × executed ÷ budget) to make a
// self-evaluation form; grading its total is left to the caller.
//
// An indicator may carry a custom scoring expression (Indicator.Scoring,
// 自定义评分公式) in the syntax of the rules package, evaluated against
// [ScoringEnv] with exact arithmetic; its value is held to [0, weight] and
// rounded like any score. Such indicators are scored through the rules
// engine and allocate; the others take the fast path below. Expressions
// may call a host service's own functions: the rules options that register
// them (rules.WithFunction, rules.WithType) are passed to [NewScorer],
// [Tree.Validate], [Form.Validate], [Form.Score] and [NewLibrary] (package
// policy passes the options its Program was compiled with); without them a
// call is an invalid_scoring problem naming the unknown function.
//
// # Indicator library
//
// A [Library] (指标库) holds reusable [Definition] values by industry and
// category with suggested targets, units, weights, standards and historical
// values; [Library.Search] finds them by keyword and category in a
// deterministic order, and [Library.Tree] instantiates picks into a validated
// tree. Libraries are read from and written to JSON ([ParseLibrary],
// Library.MarshalJSON).
//
// # Goal review, versions and adjustment
//
// The finance bureau reviews a unit's submitted goals before the budget
// (绩效目标审核, 财预〔2015〕88号 第二十四条: completeness, relevance,
// appropriateness, feasibility): [ReviewRules] hold, as data, the checks
// run (the three levels present, a quantitative indicator per output
// level-2 kind, measurable targets, no target below last year's actual or
// the core value of the category's core indicators, cost indicators that
// agree with the cost estimate, experts' comments), what each finding
// costs, and the grade scale (优/良/中/差 of 第二十五条, [FourGrades], or
// 通过/修改后通过/不通过, [PassGrades]). [ReviewRules.Review] gives a
// [Review]: score, grade, pass, and every finding with its check, code,
// path and message in Chinese and English. A review that does not pass
// blocks funding through the ex-ante gates (package evaluation).
//
// Goals then live as dated [Versions] (申报 submitted, 批复 approved with the
// budget, 调整 adjusted; 第二十七至二十九条): [Versions.InForce] gives the
// version in force on a day, [Versions.Log] and [Diff] what changed, by
// whom and why. [AdjustmentRules.Decide] approves or refuses an
// [AdjustmentRequest] by rules held as data, every refusal at once
// ([ReadAdjustmentCSV] reads requests from CSV, one row per indicator). The
// stages score against the version in force at their date and name it
// ([VersionRef]); the zero VersionRef means no versions were supplied, the
// goals taken as submitted.
//
// A multi-year project's whole-period and annual goals ([PeriodGoals],
// 总体目标/年度目标) are checked against each other by indicator kind
// (summed counts and amounts, progressing rates, deadlines), and
// [PeriodGoals.Attainment] gives the whole-period attainment the last
// year's evaluation reports.
//
// Core indicators (核心绩效指标) are library definitions marked Core, with a
// source; [CoreLibrary] bundles an illustrative set per category shaped
// after 财预〔2021〕101号, and [ReadLibraryCSV] reads a bureau's own list.
//
// # Performance
//
// [NewScorer] converts every weight and target once to an exact int64
// coefficient and exponent. Scoring then compares and divides with 128-bit
// intermediates and allocates nothing when the result is reused
// ([Scorer.ScoreTo]); figures too large for that path fall back to
// shopspring/decimal, and tests prove both paths give identical scores.
//
// # Rounding
//
// Scores are exact decimals. Each indicator's score (and the execution item)
// is computed from the exact quotient and rounded once, half away from zero
// (四舍五入), to the places of [Config].Indicator: two by default, whole points,
// or [WorkingPlaces] for "no rounding". Subtotals are sums of rounded scores;
// the total is rounded as [Config].Total says, never to more places than the
// scores carry. Nothing reads or sets shopspring's DivisionPrecision.
//
// # Errors
//
// Validation ([Tree.Validate], [Form.Validate], [Config.Validate],
// [NewScorer]) returns [performance.Problems]: every problem at once, each
// with a stable code, a JSON path ("indicators[2].weight") and a message in
// Chinese and English. Scoring never stops at one bad actual: the indicator
// scores zero and the problem is returned beside the complete result.
// [ParseTarget] returns a *[TargetError] carrying the input and the byte
// offset, wrapping [ErrEmpty], [ErrSyntax], [ErrDate], [ErrInvertedRange] or
// [ErrOperator] (an unknown symbol before a number).
//
// # Concurrency
//
// A [Scorer] is immutable and safe for concurrent use; each call needs its own
// [Result]. Trees and forms are plain data: do not modify one while another
// goroutine reads it. Nothing here starts goroutines.
package goals
