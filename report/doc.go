// Package report renders the disclosure report (信息公开) of a fiscal year's
// performance budgeting as one self-contained HTML file: the ex-ante rounds,
// in-year monitoring, the evaluations with the check of published figures,
// units' self-evaluations reviewed, the use of results in next year's
// budget, and the public tables a bureau publishes on its portal (项目绩效目标、
// 单位自评结果、重点评价结果), in Chinese or English.
//
// It is an adapter: it takes the stages' results ([Input] holds them as the
// stages return them) and imports the stages, never the other way round.
//
// The file needs nothing from the network: no scripts, no web fonts, no
// images but inline SVG. Charts are SVG drawn here (bars and lines; a
// charting library would bring scripts or fonts the file must not load),
// each with a text alternative (<title>, <desc>, aria-labelledby) and the
// table of its figures beside it. CJK text uses the reader's system fonts
// through a font stack, and a print stylesheet lays the page out for paper.
//
// # Determinism
//
// The same results give the same bytes, whatever the order of the slices in
// [Input]: every list is sorted by a stated key before it is drawn (rounds by
// round, groups and projects by ID, grades in the scheme's order 优良中差).
//
// # Rounding
//
// Amounts are printed in 万元 to two decimals, rounded half away from zero
// (四舍五入), as the bureau's reports print them ([AmountPlaces]); rates and
// shares in percent to two decimals, rounded the same way ([RatePlaces]).
// Chart geometry is presentation only and uses float64; no printed figure
// comes from it.
//
// # Concurrency
//
// [Render] keeps no state between calls and may be called concurrently.
//
// # Errors
//
// [Render] returns the first error of the writer, wrapped, and
// [ErrNoInput] for a nil input.
package report
