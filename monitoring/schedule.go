package monitoring

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Schedule gives a project's expected progress (序时进度) at a date: the
// share of the year's budget that should be spent by then. The zero value is
// the default, completed months ÷ 12 (25/50/75/100% at quarter ends):
// common practice, not national (财预〔2019〕136号, the Ministry's interim
// measures for monitoring central departments' performance, fixes no
// schedule).
//
// Mid-month dates count completed months only: on 15 March the expected
// progress is 2/12 (16.67%), reaching 3/12 (25%) on 31 March. Use MethodDays
// for a smooth line, or a table for a published or back-loaded schedule.
type Schedule struct {
	// ID names the schedule so budgets and categories can refer to it.
	ID string `json:"id"`
	// Name describes it, such as 基建项目（前低后高）.
	Name string `json:"name,omitempty"`
	// Method is months (zero), days or table.
	Method Method `json:"method"`
	// Table holds, for MethodTable, twelve cumulative percentages at the
	// ends of January … December, as published (possibly rounded, such as
	// 8.33, 16.67); they must not decrease and must lie in 0–100.
	Table []decimal.Decimal `json:"table,omitempty"`
}

var (
	twelve  = decimal.NewFromInt(12)
	hundred = decimal.NewFromInt(100)
)

// Expected returns the expected progress of fiscal year y on date asOf as an
// exact fraction of the budget (0 to 1): 0 before the year, 1 after it.
func (s Schedule) Expected(y int, asOf time.Time) (performance.Ratio, error) {
	switch s.Method {
	case MethodMonths:
		return performance.NewRatio(decimal.NewFromInt(int64(completedMonths(y, asOf))), twelve)
	case MethodDays:
		n := daysIn(y)
		var e int
		switch ay := asOf.Year(); {
		case ay < y:
		case ay > y:
			e = n
		default:
			e = asOf.YearDay()
		}
		return performance.NewRatio(decimal.NewFromInt(int64(e)), decimal.NewFromInt(int64(n)))
	case MethodTable:
		if len(s.Table) != 12 {
			return performance.Ratio{}, fmt.Errorf("monitoring: schedule %q: table has %d values, want 12", s.ID, len(s.Table))
		}
		c := completedMonths(y, asOf)
		if c == 0 {
			return performance.NewRatio(decimal.Zero, hundred)
		}
		return performance.NewRatio(s.Table[c-1], hundred)
	}
	return performance.Ratio{}, fmt.Errorf("%w: schedule method %d", ErrUnknownName, s.Method)
}

// Validate reports every problem of the schedule: an unknown method, a table
// on a non-table schedule, a table without twelve values, values outside
// 0–100 or decreasing.
func (s Schedule) Validate() error {
	var ps performance.Problems
	if s.Method > MethodTable {
		ps.Add("unknown_method", "method", "未知的序时进度计算方法", "unknown schedule method")
	}
	if s.Method != MethodTable {
		if len(s.Table) > 0 {
			ps.Add("table_not_used", "table", "非进度表方法不应提供进度表", "a table is given but the method is not table")
		}
		return ps.Err()
	}
	if len(s.Table) != 12 {
		ps.Add("table_length", "table", fmt.Sprintf("进度表应有12个月末值，实有%d个", len(s.Table)),
			fmt.Sprintf("the table needs 12 month-end values, has %d", len(s.Table)))
	}
	for i, v := range s.Table {
		p := fmt.Sprintf("table[%d]", i)
		if v.Sign() < 0 || v.GreaterThan(hundred) {
			ps.Add("table_range", p, "进度值应在0至100之间", "a progress value must lie in 0–100")
		}
		if i > 0 && v.LessThan(s.Table[i-1]) {
			ps.Add("table_decreasing", p, "累计进度不应下降", "cumulative progress must not decrease")
		}
	}
	return ps.Err()
}
