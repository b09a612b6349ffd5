package performance

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/enum"
)

// Kind is the kind of a budget project (项目类别). It is data, not a closed
// set: bureaus use the four named kinds, and others may appear in input.
// The zero value "" means unspecified.
type Kind string

const (
	// KindRoutine is a routine project (经常性项目).
	KindRoutine Kind = "routine"
	// KindDevelopment is a development project (发展性项目), re-justified every
	// year (一年一梳理、一年一论证).
	KindDevelopment Kind = "development"
	// KindOneOff is a one-off project (一次性项目).
	KindOneOff Kind = "one_off"
	// KindOther is any other kind (其他).
	KindOther Kind = "other"
)

// ErrUnknownKind is wrapped by the error of [ParseKind] for a value that
// names no project kind.
var ErrUnknownKind = errors.New("performance: unknown project kind")

// kindTable is the project kinds with the Chinese terms forms print (Zh is
// the one [enum.Table.Want] names), read by [ParseKind]. It is never
// written.
var kindTable = enum.Table[Kind]{
	{V: KindRoutine, Code: string(KindRoutine), Zh: "经常性", Aliases: []string{"经常性项目", "常规", "常规项目"}},
	{V: KindDevelopment, Code: string(KindDevelopment), Zh: "发展性", Aliases: []string{"发展性项目"}},
	{V: KindOneOff, Code: string(KindOneOff), Zh: "一次性", Aliases: []string{"一次性项目"}},
	{V: KindOther, Code: string(KindOther), Zh: "其他", Aliases: []string{"其它", "其他项目"}},
}

// ParseKind reads a project kind by its code (routine, development,
// one_off, other, in any case) or by the Chinese term a form prints
// (经常性, 发展性, 一次性, 其他, with or without 项目), normalised to the
// code. Surrounding spaces are ignored; the empty string is the empty
// Kind (not stated). Anything else is an error wrapping ErrUnknownKind that
// names the allowed values.
func ParseKind(s string) (Kind, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	if k, ok := kindTable.Parse(s); ok {
		return k, nil
	}
	return "", fmt.Errorf("%w %q (%s)", ErrUnknownKind, s, kindTable.Want())
}

// UnmarshalText decodes any form [ParseKind] accepts, so that
// "kind": "一次性" in JSON reads as KindOneOff and an unknown kind is an
// error rather than a kind no rule matches.
func (k *Kind) UnmarshalText(b []byte) error { return kindSpellings.Decode(k, b) }

// kindSpellings is the codes, the Chinese terms and the empty string,
// read without an allocation.
var kindSpellings = enum.MustSpellings(ParseKind, append(kindTable.Texts(false), "")...)

// Month is a calendar month, the granularity of implementation periods
// (实施周期). Its text form is "2021-03". The zero value is "no month".
type Month struct {
	Year  int
	Month time.Month
}

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m.Year == 0 && m.Month == 0 }

// Before reports whether m is earlier than n.
func (m Month) Before(n Month) bool {
	return m.Year < n.Year || m.Year == n.Year && m.Month < n.Month
}

// String returns "YYYY-MM", or "" for the zero Month.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// ParseMonth reads "YYYY-MM". The empty string gives the zero Month.
func ParseMonth(s string) (Month, error) {
	if s == "" {
		return Month{}, nil
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("performance: month %q is not YYYY-MM", s)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}

// MarshalText encodes the month as "YYYY-MM".
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes "YYYY-MM".
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Period is a project's implementation period (实施周期): the first and the
// last month, both inclusive.
type Period struct {
	Start Month `json:"start"`
	End   Month `json:"end"`
}

// Months returns the number of months in the period, counting both ends, or
// 0 when either end is missing or the period ends before it starts.
func (p Period) Months() int {
	if p.Start.IsZero() || p.End.IsZero() || p.End.Before(p.Start) {
		return 0
	}
	return (p.End.Year-p.Start.Year)*12 + int(p.End.Month-p.Start.Month) + 1
}

// A Project is a budget project (预算项目) as a budget unit applies for it and
// as it sits in the project library (项目库). Amounts are in yuan.
//
// Performance goals (绩效目标) belong to the project too, but live in package
// goals, which builds on this one; stages pair a Project with its goals.
type Project struct {
	// ID is the project's stable identifier (项目编码).
	ID string `json:"id"`
	// Name is the project's name (项目名称).
	Name string `json:"name"`
	// UnitID is the ID of the budget unit (预算单位) that applies, a node of
	// an [Org].
	UnitID string `json:"unit_id"`
	// FiscalYear is the budget year (预算年度), for example 2021.
	FiscalYear int `json:"fiscal_year"`
	// Kind is routine, development, one-off or other.
	Kind Kind `json:"kind,omitempty"`
	// New marks a new project (新增项目) as opposed to a continuing one (延续项目).
	New bool `json:"new"`
	// Category is a free classification used by policies, such as 信息化 or
	// 基建.
	Category string `json:"category,omitempty"`
	// Basis is the basis for the project (立项依据): the law, plan or decision
	// it rests on.
	Basis string `json:"basis"`
	// Content is the project's content and objectives (项目内容和目标).
	Content string `json:"content"`
	// Period is the implementation period (实施周期).
	Period Period `json:"period"`
	// TotalInvestment is the total investment over the whole period (投入总额).
	TotalInvestment decimal.Decimal `json:"total_investment"`
	// InvestedToDate is the amount invested in earlier years (已投入金额).
	InvestedToDate decimal.Decimal `json:"invested_to_date"`
	// Amount is this year's requested amount (本年度预算金额); the cost lines
	// must sum to it.
	Amount decimal.Decimal `json:"amount"`
	// FundSource is the source of funds (资金来源), such as 一般公共预算.
	FundSource string `json:"fund_source,omitempty"`
	// CostLines is the detailed cost estimate (明细资金测算). A project without
	// one is not funded (无明细测算不予安排).
	CostLines []CostLine `json:"cost_lines"`
	// Host holds the host service's own fields of the project (宿主字段),
	// declared in the policy and read by every stage's rules by name.
	Host HostValues `json:"host,omitempty"`
}

// A CostLine is one line of a project's detailed cost estimate (测算明细行):
// Amount should equal Quantity × UnitPrice to the fen.
type CostLine struct {
	// Item is what is bought or paid for (测算项目).
	Item string `json:"item"`
	// Specification describes the item (规格/说明).
	Specification string `json:"specification,omitempty"`
	// Quantity is how many units (数量); it may be fractional (e.g. 0.5 人年).
	Quantity decimal.Decimal `json:"quantity"`
	// Unit is the unit of Quantity (单位), such as 台, 人·天, 平方米.
	Unit string `json:"unit,omitempty"`
	// UnitPrice is the price of one unit in yuan (单价).
	UnitPrice decimal.Decimal `json:"unit_price"`
	// Amount is the line's amount in yuan (金额).
	Amount decimal.Decimal `json:"amount"`
	// StandardID names the [ExpenditureStandard] the unit price is measured
	// against, if any (支出标准).
	StandardID string `json:"standard_id,omitempty"`
}

// An ExpenditureStandard is a unified expenditure standard (支出标准): a cap on
// the unit cost of one kind of spending, such as a per-person-per-day
// training cost. Standards are data, loaded with a policy.
type ExpenditureStandard struct {
	// ID identifies the standard; cost lines refer to it.
	ID string `json:"id"`
	// Name is the standard's name, such as 培训费（一类）.
	Name string `json:"name"`
	// Unit is the unit the cap applies to, such as 人·天.
	Unit string `json:"unit"`
	// Cap is the highest allowed unit cost, in yuan (标准上限).
	Cap decimal.Decimal `json:"cap"`
	// Scope says where the standard applies (适用范围), as text.
	Scope string `json:"scope,omitempty"`
}
