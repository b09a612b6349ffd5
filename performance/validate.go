package performance

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Validation codes of [Project.Validate] and [Project.ValidateStandards].
// They are stable: services and other packages branch on them. A project
// without an ID, a name or a unit reports [CodeMissingID], [CodeMissingName]
// and CodeMissingUnit.
const (
	// CodeMissingUnit: no budget unit (unit_id).
	CodeMissingUnit = "missing_unit"
	// CodeMissingFiscalYear: no (or a non-positive) budget year.
	CodeMissingFiscalYear = "missing_fiscal_year"
	// CodeMissingBasis: no basis for the project (立项依据).
	CodeMissingBasis = "missing_basis"
	// CodeMissingContent: no content and objectives (项目内容和目标); a project
	// without concrete content is not funded.
	CodeMissingContent = "missing_content"
	// CodeMissingPeriod: the implementation period lacks its start or end
	// month.
	CodeMissingPeriod = "missing_period"
	// CodePeriodReversed: the period ends before it starts.
	CodePeriodReversed = "period_reversed"
	// CodeYearOutsidePeriod: the budget year is not within the period.
	CodeYearOutsidePeriod = "year_outside_period"
	// CodeNegativeAmount: an amount, quantity or unit price below zero.
	CodeNegativeAmount = "negative_amount"
	// CodeInvestedExceedsTotal: invested to date (已投入金额) is more than the
	// total investment (投入总额).
	CodeInvestedExceedsTotal = "invested_exceeds_total"
	// CodeAmountExceedsRemaining: invested to date plus this year's amount
	// is more than the total investment.
	CodeAmountExceedsRemaining = "amount_exceeds_remaining"
	// CodeNoCostLines: no detailed cost estimate; such a project is not
	// funded (无明细测算不予安排).
	CodeNoCostLines = "no_cost_lines"
	// CodeMissingItem: a cost line that does not say what it pays for.
	CodeMissingItem = "missing_item"
	// CodeLineAmountMismatch: a cost line whose amount is not its quantity ×
	// unit price rounded half up to the fen.
	CodeLineAmountMismatch = "line_amount_mismatch"
	// CodeLinesSumMismatch: the cost lines do not add up to this year's
	// amount.
	CodeLinesSumMismatch = "lines_sum_mismatch"
	// CodeUnknownStandard: a cost line refers to an expenditure standard
	// (支出标准) that is not among those given.
	CodeUnknownStandard = "unknown_standard"
)

// Validate checks a project application and returns every problem at once as
// [Problems], or nil. Paths are those of the project's JSON form, such as
// "cost_lines[3].amount". It checks:
//
//   - id, name, unit_id, fiscal_year, basis (立项依据) and content
//     (项目内容和目标) are present;
//   - the period has both months, does not end before it starts, and
//     contains the fiscal year;
//   - no amount, quantity or unit price is negative;
//   - invested_to_date ≤ total_investment, and invested_to_date + amount ≤
//     total_investment (reported only when the first holds);
//   - there is at least one cost line (无明细测算不予安排), each names its
//     item, and each line's amount equals (quantity × unit_price) rounded
//     half up to 2 places, the fen;
//   - the lines' amounts sum exactly to amount.
//
// Checking unit prices against expenditure standards is not validation but
// assessment (an over-standard price is cut, not rejected); references to
// unknown standards are checked by [Project.ValidateStandards].
//
// An ordinary project is decided in int64 fen without allocating (the fast
// path, validate_fast.go); one it cannot decide so, and every project with
// a problem, is checked in decimals. [Project.ValidateFen] is Validate that
// also gives the cost lines in fen.
func (p *Project) Validate() error {
	if p.quickValid(nil) {
		return nil
	}
	return p.validate()
}

// validate is Validate in decimals: the rule itself, reporting every
// problem.
func (p *Project) validate() error {
	var ps Problems
	if strings.TrimSpace(p.ID) == "" {
		ps.Add(CodeMissingID, "id", "缺少项目编码", "project has no id")
	}
	if strings.TrimSpace(p.Name) == "" {
		ps.Add(CodeMissingName, "name", "缺少项目名称", "project has no name")
	}
	if strings.TrimSpace(p.UnitID) == "" {
		ps.Add(CodeMissingUnit, "unit_id", "缺少预算单位", "project has no budget unit")
	}
	if p.FiscalYear <= 0 {
		ps.Add(CodeMissingFiscalYear, "fiscal_year", "缺少预算年度", "project has no fiscal year")
	}
	if strings.TrimSpace(p.Basis) == "" {
		ps.Add(CodeMissingBasis, "basis", "缺少立项依据", "project has no basis (立项依据)")
	}
	if strings.TrimSpace(p.Content) == "" {
		ps.Add(CodeMissingContent, "content", "缺少项目内容和目标，无具体内容的项目不予安排",
			"project has no content and objectives; a project without concrete content is not funded")
	}
	p.validatePeriod(&ps)

	negative(&ps, "total_investment", "投入总额", "total investment", p.TotalInvestment)
	negative(&ps, "invested_to_date", "已投入金额", "amount invested to date", p.InvestedToDate)
	negative(&ps, "amount", "本年度预算金额", "this year's amount", p.Amount)
	if p.InvestedToDate.GreaterThan(p.TotalInvestment) {
		ps.Add(CodeInvestedExceedsTotal, "invested_to_date",
			fmt.Sprintf("已投入金额 %s 元超过投入总额 %s 元", yuan(p.InvestedToDate), yuan(p.TotalInvestment)),
			fmt.Sprintf("invested to date %s yuan exceeds the total investment %s yuan", yuan(p.InvestedToDate), yuan(p.TotalInvestment)))
	} else if sum := p.InvestedToDate.Add(p.Amount); sum.GreaterThan(p.TotalInvestment) {
		ps.Add(CodeAmountExceedsRemaining, "amount",
			fmt.Sprintf("已投入金额 %s 元加本年度预算金额 %s 元共 %s 元，超过投入总额 %s 元",
				yuan(p.InvestedToDate), yuan(p.Amount), yuan(sum), yuan(p.TotalInvestment)),
			fmt.Sprintf("invested to date %s yuan plus this year's amount %s yuan is %s yuan, more than the total investment %s yuan",
				yuan(p.InvestedToDate), yuan(p.Amount), yuan(sum), yuan(p.TotalInvestment)))
	}

	if len(p.CostLines) == 0 {
		ps.Add(CodeNoCostLines, "cost_lines", "无明细测算，不予安排预算",
			"no detailed cost estimate: the project is not fundable")
		return ps.Err()
	}
	var sum decimal.Decimal
	for i, l := range p.CostLines {
		l.validate(&ps, "cost_lines["+strconv.Itoa(i)+"]")
		sum = sum.Add(l.Amount)
	}
	if !sum.Equal(p.Amount) {
		ps.Add(CodeLinesSumMismatch, "cost_lines",
			fmt.Sprintf("明细测算合计 %s 元，与本年度预算金额 %s 元不符", yuan(sum), yuan(p.Amount)),
			fmt.Sprintf("cost lines sum to %s yuan, not this year's amount %s yuan", yuan(sum), yuan(p.Amount)))
	}
	return ps.Err()
}

func (p *Project) validatePeriod(ps *Problems) {
	start, end := p.Period.Start, p.Period.End
	if start.IsZero() {
		ps.Add(CodeMissingPeriod, "period.start", "缺少实施周期起始月份", "implementation period has no start month")
	}
	if end.IsZero() {
		ps.Add(CodeMissingPeriod, "period.end", "缺少实施周期结束月份", "implementation period has no end month")
	}
	if start.IsZero() || end.IsZero() {
		return
	}
	if end.Before(start) {
		ps.Add(CodePeriodReversed, "period.end",
			fmt.Sprintf("实施周期结束月份 %s 早于起始月份 %s", end, start),
			fmt.Sprintf("implementation period ends (%s) before it starts (%s)", end, start))
		return
	}
	if p.FiscalYear > 0 && (p.FiscalYear < start.Year || p.FiscalYear > end.Year) {
		ps.Add(CodeYearOutsidePeriod, "fiscal_year",
			fmt.Sprintf("预算年度 %d 不在实施周期 %s 至 %s 内", p.FiscalYear, start, end),
			fmt.Sprintf("fiscal year %d is outside the implementation period %s to %s", p.FiscalYear, start, end))
	}
}

func (l CostLine) validate(ps *Problems, path string) {
	if strings.TrimSpace(l.Item) == "" {
		ps.Add(CodeMissingItem, path+".item", "测算明细行缺少测算项目", "cost line does not name its item")
	}
	neg := negative(ps, path+".quantity", "数量", "quantity", l.Quantity)
	neg = negative(ps, path+".unit_price", "单价", "unit price", l.UnitPrice) || neg
	neg = negative(ps, path+".amount", "金额", "amount", l.Amount) || neg
	if neg {
		return
	}
	// The line amount is quantity × unit price to the fen, rounded half up
	// (四舍五入, decimal.Round), as cost estimates are written.
	want := l.Quantity.Mul(l.UnitPrice).Round(2)
	if !l.Amount.Equal(want) {
		ps.Add(CodeLineAmountMismatch, path+".amount",
			fmt.Sprintf("金额 %s 元不等于数量 %s × 单价 %s = %s 元", yuan(l.Amount), l.Quantity, yuan(l.UnitPrice), yuan(want)),
			fmt.Sprintf("amount %s yuan is not quantity %s × unit price %s = %s yuan", yuan(l.Amount), l.Quantity, yuan(l.UnitPrice), yuan(want)))
	}
}

// yuan writes an amount for a message: with two decimals when that is
// exact (999.00), else in full (40000.005), never rounded.
func yuan(d decimal.Decimal) string {
	if d.Equal(d.Round(2)) {
		return d.StringFixed(2)
	}
	return d.String()
}

// negative adds a CodeNegativeAmount problem when d < 0 and reports whether
// it did.
func negative(ps *Problems, path, zh, en string, d decimal.Decimal) bool {
	if d.Sign() >= 0 {
		return false
	}
	ps.Add(CodeNegativeAmount, path,
		fmt.Sprintf("%s %s 为负数", zh, d),
		fmt.Sprintf("%s %s is negative", en, d))
	return true
}

// ValidateStandards checks that every cost line's standard_id names one of
// the given expenditure standards (支出标准) and returns [Problems] with
// [CodeUnknownStandard] at "cost_lines[i].standard_id", or nil. Lines
// without a standard_id are not checked. Whether a unit price exceeds its
// standard's cap is a matter for ex-ante assessment, not validation.
func (p *Project) ValidateStandards(standards []ExpenditureStandard) error {
	var ps Problems
	for i, l := range p.CostLines {
		if l.StandardID == "" {
			continue
		}
		found := false
		for _, s := range standards {
			if s.ID == l.StandardID {
				found = true
				break
			}
		}
		if !found {
			ps.Add(CodeUnknownStandard, "cost_lines["+strconv.Itoa(i)+"].standard_id",
				fmt.Sprintf("支出标准 %q 不存在", l.StandardID),
				fmt.Sprintf("no expenditure standard %q", l.StandardID))
		}
	}
	return ps.Err()
}
