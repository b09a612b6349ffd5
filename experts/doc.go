// Package experts is the expert library (专家库) and the register of
// third-party agencies (第三方机构) of a finance bureau, as data plus pure
// functions: panels of experts drawn reproducibly from a recorded seed with
// every recusal listed, the quality of experts' scoring and of agencies'
// reports, and the selection and ranking of agencies.
//
// The national rules behind it are 财预〔2021〕6号 (财政部关于委托第三方机构参与
// 预算绩效管理的指导意见, 2021-01-28), whose basic principles require
// conflicts of interest to be avoided (严格执行利益冲突回避制度) and the
// entrusting party to be kept apart from what is evaluated, and 财监〔2021〕4号
// (第三方机构预算绩效评价业务监督管理暂行办法, 2021-04-29), whose article 2
// defines a third party as independent of the entrusting party and of the
// object of evaluation and which puts the quality of its work
// (执业质量) under the finance bureau's supervision. Which relations count
// as conflicts, the yearly panel limit, the cap on concurrent engagements,
// the report-quality framework and every threshold here are not set by
// those documents: they are illustrative defaults, said so where defined,
// which a bureau replaces with its own as data.
//
// # Draws
//
// [Draw] picks a [Panel] for a [Request] from a [Library]. The randomness is
// ChaCha8 (math/rand/v2's [rand.ChaCha8], the generator specified by
// C2SP chacha8rand, whose output for a seed is fixed across Go versions),
// seeded with the request's recorded Seed; integers in a range are taken
// from its Uint64 stream by this package's own rejection sampling, not by
// math/rand/v2's methods, so that nothing but the specified stream decides
// the panel. The algorithm is versioned ([DrawAlgorithm]); the same seed,
// library and request give the same panel in any input order of the
// library, because candidates are taken in expert ID order.
//
// # Concurrency
//
// Every function is pure: it reads its arguments, changes none of them and
// starts no goroutines. Values are safe to share once built.
//
// # Errors
//
// Validation returns [performance.Problems], every problem at once, each
// with its JSON path. A request the library cannot satisfy is an
// [*UnsatisfiableError] naming the constraint (errors.As), which also
// matches [ErrUnsatisfiable] (errors.Is). Parsing errors are those of
// [performance.DecodeJSON]; CSV rows that cannot be read are
// *[RowError]s with file, line and column, every one at once.
//
// # Rounding
//
// Means of scores are rounded half away from zero (四舍五入) to two places
// ([ScorePlaces]); deviations are kept to four places before they are
// compared with a threshold.
package experts
