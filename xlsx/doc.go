// Package xlsx reads and writes the spreadsheets finance staff keep: the
// national forms as printed, portfolios and records as sheets, and the
// budget-integration system's indicator table. It is an adapter (floor 4
// of DESIGN.md): the stages never import it, and it holds the library's
// only spreadsheet dependency, github.com/xuri/excelize/v2, whose types it
// does not expose.
//
// # Forms
//
// [ReadSelfForms] reads project self-evaluation forms (项目支出绩效自评表,
// 财预〔2020〕10号 附件), one per sheet, into [SelfForm]: the
// evaluation.SelfEvaluation the rules score, with every stated figure
// (执行率, each 得分, 总分, 等级) exactly as printed, and the text the
// scoring does not use. [ReadGoalForms] reads goal declaration forms
// (项目支出绩效目标申报表) into [GoalForm], a goals.Tree with the project
// header. [ReadMonitorForms] reads monitoring forms (项目支出绩效目标执行监控表,
// 财预〔2019〕136号) into [MonitorForm], the monitoring.Form the bureau
// reviews with the printed header, budget rows, levels and targets beside
// it; [WriteMonitorForms] writes them back. Blocks are found by their labels, not by fixed cells, so local
// variants read too: columns in another order or added, rows in another
// order, 权重 for 分值, a 成本指标 level 1, amounts in 元 or 万元, cells
// typed as text or as numbers, level-1 and level-2 cells merged or
// repeated. [WriteSelfForms] and [WriteGoalForms] write the national
// layout, which the readers read back to the same forms;
// [WriteReviewed] writes a reconciliation with the computed figure beside
// each stated one and every deviation as a cell comment.
// [ReadDepartmentForms] and [WriteDepartmentForms] do the same for the
// department-wide self-evaluation form (部门整体支出绩效自评表) into
// [DepartmentForm], a goals.DepartmentForm with the stated figures: its
// level-1 cells name the department kinds (履职效能, 管理效率 …, or the
// caller's), and a 得分系数 column marks the 得分系数 × 权重 method.
//
// # Tables
//
// A [Workbook]'s sheets are record sources for the command's CSV reader
// (internal/csvio): the same decoders read a sheet's rows as they read a
// CSV file's lines, with the same rejected rows and counts, each error
// naming "book.xlsx!sheet:row:column". [Mapping] maps the columns of a
// budget-integration (预算管理一体化) indicator table onto goals; the
// bundled [DefaultMapping] says in its Source what it rests on.
//
// # Errors
//
// A sheet that cannot be read gives [Problems], one [*CellError] per
// problem with the sheet, the cell and the label expected, wrapping
// [ErrMissingLabel], [ErrNotNumber] or [ErrBadValue]: every problem of the
// workbook at once, and the good sheets' forms beside them. A workbook
// that cannot be opened or exceeds the limits is an error wrapping
// [ErrWorkbook] or [ErrLimit], with nothing read.
//
// # Limits
//
// [Limits] bound one workbook: 64 MiB (compressed and unpacked, passed to
// excelize), 1,000 sheets, 10,000 rows a sheet, 256 cells a row by default.
// Reading is linear in the cells read; a form's blocks are located by
// scanning its rows a bounded number of times.
//
// # Rounding
//
// Nothing is rounded on reading: amounts in 万元 become yuan by an exact
// shift of four places. Writing prints each stated figure with its own
// places, amounts in 万元 with at least two, computed figures at the places
// goals gives them.
//
// # Concurrency
//
// The functions keep no state between calls; a [Workbook] is not safe for
// concurrent use.
package xlsx
