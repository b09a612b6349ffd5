// Package performance is the vocabulary of performance budgeting
// (预算绩效管理) that every other Jixiao package speaks: amounts of money as
// printed in Chinese budget documents (元, 万元, 亿元), exact rates and
// percentages (审减率, 预算执行率), the organisation tree of regions
// (市本级, 县区), departments (部门) and budget units (预算单位), budget
// projects (预算项目) with their detailed cost estimates (明细测算) and
// expenditure standards (支出标准), execution figures, grades (优/良/中/差)
// and grade schemes, and grade distributions with a check of published
// figures.
//
// It imports no other Jixiao package.
//
// # Where it sits
//
// performance is the ground floor, beside rules: it imports nothing of
// Jixiao's, and every other package speaks it. The floors are
// {performance, rules} → goals → {evaluation, monitoring} → policy → {history, examples, cmd}.
//
// # Money and rounding
//
// Amounts are [github.com/shopspring/decimal.Decimal] values in yuan; 万元 and
// 亿元 are presentation units. Rates are kept as exact [Ratio] values and
// rounded only when shown, half away from zero (四舍五入) to a stated number of
// places. Nothing here reads or sets shopspring's global DivisionPrecision.
//
// # Limits
//
// Numbers that come from input and drive the cost of later arithmetic are
// bounded, each by one documented constant checked by every parser of the
// Jixiao packages: decimal places by [MaxPlaces] ([ValidatePlaces]), the
// exponent of a decimal by [MaxExponent] ([DecodeJSON], [ParseDecimal],
// [ParseAmount], [ParsePercent]), and counts of projects by [MaxCount]
// ([ValidateCount]). Beyond a limit the error is a [*LimitError] naming the
// path, matched by errors.Is(err, [ErrLimit]).
//
// # Errors
//
// Validation returns [Problems]: every problem at once, each a [*Problem] with a
// stable code, a field path and a message in Chinese and English. errors.Is(err,
// [ErrInvalid]) holds for any of them. Parsers return typed errors such as
// *ParseError that carry the input. [DecodeJSON] reports unknown and repeated
// members as Problems and JSON that does not decode as a *[JSONError] with
// its line, character column and path.
//
// # Concurrency
//
// Values of this package are plain data; functions are pure and safe for
// concurrent use.
package performance
