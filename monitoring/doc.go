// Package monitoring is in-year double monitoring (绩效运行监控, 双监控): budget
// execution against schedule and goal progress against targets, checked each
// quarter (or month) of a fiscal year, with alert levels, absolute triggers,
// escalating actions, rectification tracking, quarterly reports per region
// and department, and year-end recovery candidates.
//
// The pieces, in the order a bureau uses them:
//
//   - A [Ledger] sums execution records (支付记录) per project and month,
//     streamed from an iterator ([Aggregate], [ReadRecords]); memory grows
//     with the number of projects, never with the number of records. A
//     year's checks read the records once: [NewLedgerDates] keeps what
//     each check date needs and [Ledger.At] gives each date's ledger.
//   - A [Policy] holds the rules as data (budget base, [Schedule]s, the
//     yellow gap, [Trigger]s, escalation [Step]s, rectification period,
//     [YearEndPolicy]); [DefaultPolicy] is the bundled default, local practice
//     (Taiyuan 2020, Shuozhou 2015) and illustrative figures, each cited in
//     its Sources, not national rules. Alert levels
//     and triggers can instead come from a rule set over [Env] ([Rules],
//     [DefaultRules], [Monitor.WithRules]), written by finance staff.
//   - [New] builds an immutable [Monitor] of one year's budgets (批复预算) and
//     adjustments (追加, 调减); [Monitor.Check] runs one check as of a date
//     and returns a [Report] with the [State] to pass to the next check;
//     [Monitor.Goals] compares goal progress reports with the indicator
//     trees of package goals; [Monitor.YearEnd] classifies unspent balances
//     into carry-overs (结转) and surpluses (结余) and proposes recoveries.
//   - A unit's quarterly monitoring form ([Form], 绩效监控情况表 after
//     财预〔2019〕136号: per indicator the actual to date, the year-end
//     projection, the [Likelihood] of meeting the target, the deviation
//     [Cause] and the corrective measure) is read from JSON ([ParseForms])
//     or CSV ([ReadForms]); [Monitor.ReviewForms] is the bureau's check of
//     it beside a check's execution figures, ending in the double-monitoring
//     [Recommendation] (继续执行, 调整目标, 暂缓拨款, 收回资金).
//   - [Monitor.AgedYearEnd] ages the year end's balances with those
//     carried in from earlier years ([PriorBalance]): a carry-over unspent
//     for two years is a surplus and recovered (预算法 第四十二条).
//   - [Report.WriteText] renders a report in Chinese or English.
//
// Time is always a parameter: nothing here reads the clock. Dates are
// calendar dates (the year, month and day of a time.Time in its own
// location).
//
// # Where it sits
//
// monitoring is a stage, on the third floor beside evaluation: it imports
// performance, rules and goals, never evaluation; package policy drives it
// for a whole year. The floors are
// {performance, rules} → goals → {evaluation, monitoring} → policy → {history, examples, cmd}.
//
// # Expected progress
//
// By default expected progress (序时进度) is completed months ÷ 12: a month
// counts once its last day is reached, so 31 March is 25% and 15 March still
// 2/12. [MethodDays] uses elapsed days; [MethodTable] reads a published table
// of month-end percentages (possibly rounded, used as published). Schedules
// are chosen per project, per category (construction back-loaded, salaries
// even) or by default.
//
// # Levels, triggers and actions
//
// Deviation = execution rate − expected progress, exactly. Green is not
// behind; yellow is behind by at most the yellow gap (10 points by default,
// inclusive); red is behind by more. Triggers raise a project to red and put
// it under key monitoring (重点监控): a budget of 2,000,000 yuan or more below
// 60% at the end of August; below 60% at the end of the third quarter with
// 2,000,000 or more unspent. A trigger is evaluated on the figures as of its
// month end by the first check on or after it, and fires once a year.
// Steps escalate actions — notify (通报), interview (约谈), rectify (整改),
// suspend disbursement (暂缓拨款), reduce (调减), recover (收回), reallocate
// (调剂) — as a project or unit stays behind. A rectification is open until
// a check finds the project no longer red (done, late if after its due
// date) and overdue once its due date passes while still red.
//
// # Concurrency
//
// A Monitor, a Policy, Rules and Reports are immutable once built and safe
// for concurrent use. A Ledger is not safe for concurrent use: aggregate on
// several goroutines with one Ledger each and combine them with
// [Ledger.Merge], or hand [AggregateParallel] one stream per core: it and
// [Monitor.CheckBatch] are the only functions that start goroutines (two
// per stream, or the workers the caller gives, all finished when they
// return); AggregateParallel shards records by project so each goroutine
// owns its sums.
//
// [Aggregate] and [AggregateParallel] take a context and check it before
// each record; [Monitor.CheckContext] checks it before each project. A
// cancelled call stops within one record or project and returns ctx's
// error wrapped and no ledger or report: sums and tallies of part of the
// input are never presented as the whole.
//
// # Errors
//
// Input problems are [performance.Problems] with stable codes and paths
// ("budgets[3].unit_id", "records[17].date"), in Chinese and English; one
// bad budget, adjustment, record or goal report is left out and listed while
// the rest is checked. A Ledger keeps the first 100 record problems and
// counts the rest ([Ledger.Stats]). Calls that cannot be answered return
// wrapped sentinels: [ErrAsOf] (a date the ledger does not cover, or a check
// not after the previous one), [ErrMismatch] (ledgers of different years or
// cut-offs), [ErrUnknownName] (unknown level, action or method names),
// [ErrHeader], [ErrFieldCount], [ErrMissingProject], [ErrOutOfYear] and
// *[RowError] (records CSV: a row that cannot be read, a row with more or
// fewer fields than the header, which is never read in part, a row without
// a project ID or, with [ReadRecordsIn], dated outside the fiscal year is
// rejected with its line and reading goes on; aggregated it is a problem at
// "line N"). A decimal beyond performance.MaxExponent (a policy's
// "1e999999999", a record's amount) is refused with its path or line as a
// *performance.LimitError. No input makes the package panic.
//
// # Rounding
//
// Money is exact decimal yuan; sums are exact (int64 fen where amounts are
// whole fen, exact decimals otherwise, with equal results). Rates, expected
// progress and deviations are exact ratios ([performance.Ratio]) and every
// comparison with a threshold is exact: 10.00 points behind is yellow,
// 10.0001 red. Rounding happens only for display (percentages and points to
// two places, half away from zero, 四舍五入) and for the shortfall (Budget ×
// Expected − Executed, rounded half up to the fen). Rule environments ([Env])
// carry percentages rounded half up to 10 places; compare money fields
// there when exactness at a boundary matters.
package monitoring
