package monitoring

import (
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// BalanceKind classifies an unspent balance at year end (结转结余). The zero
// value BalanceNone means nothing is left unspent.
type BalanceKind uint8

const (
	// BalanceNone means the budget was spent in full (or overspent).
	BalanceNone BalanceKind = iota
	// CarryOver is a balance of a continuing project carried into next year
	// (结转资金).
	CarryOver
	// Surplus is a balance of a finished project, or one that can no longer
	// be used (结余资金).
	Surplus
)

// String returns "none", "carry_over" or "surplus".
func (k BalanceKind) String() string { return balanceTable.String(int(k), "balance") }

// Name returns the kind in the given language: 结转 or carry_over.
func (k BalanceKind) Name(lang performance.Lang) string {
	return balanceTable.Name(int(k), lang, "balance")
}

// MarshalText encodes the kind as its English name.
func (k BalanceKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// ParseBalanceKind reads a kind by its English code (carry_over) or its
// Chinese name (结转, also 结转资金; 结余, also 结余资金; 无), codes in any
// case, surrounding spaces ignored. An unknown value is an error wrapping
// [ErrUnknownName] naming the allowed ones.
func ParseBalanceKind(s string) (BalanceKind, error) {
	if v, ok := balanceTable.Parse(s); ok {
		return v, nil
	}
	return BalanceNone, enum.Errorf(ErrUnknownName, "monitoring: unknown balance kind %q (%s)", s, balanceTable.Want())
}

var balanceTable = enum.Table[BalanceKind]{
	{V: BalanceNone, Code: "none", Zh: "无"},
	{V: CarryOver, Code: "carry_over", Zh: "结转", Aliases: []string{"结转资金"}},
	{V: Surplus, Code: "surplus", Zh: "结余", Aliases: []string{"结余资金"}},
}

// UnmarshalText decodes any form [ParseBalanceKind] accepts.
func (k *BalanceKind) UnmarshalText(text []byte) error {
	return enum.DecodeTable(k, balanceTable, false, ParseBalanceKind, text)
}

// A Balance is one project's position at year end (年终结余).
type Balance struct {
	ProjectID string `json:"project_id"`
	Name      string `json:"name"`
	UnitID    string `json:"unit_id"`
	// Budget (of the policy's base) and Executed are as of 31 December.
	Budget   decimal.Decimal `json:"budget"`
	Executed decimal.Decimal `json:"executed"`
	// Unspent is Budget − Executed; negative when overspent.
	Unspent decimal.Decimal   `json:"unspent"`
	Rate    performance.Ratio `json:"rate"`
	Kind    BalanceKind       `json:"kind"`
	// Recover is the amount proposed for recovery (收回) under the policy:
	// the whole balance, or zero.
	Recover decimal.Decimal `json:"recover"`
}

// A YearEnd is the year-end position of the portfolio (年终结转结余情况).
type YearEnd struct {
	Year int `json:"year"`
	// Balances holds every project, sorted by ID.
	Balances []Balance `json:"balances"`
	// Totals in yuan.
	Unspent   decimal.Decimal `json:"unspent"`
	CarryOver decimal.Decimal `json:"carry_over"`
	Surplus   decimal.Decimal `json:"surplus"`
	Recover   decimal.Decimal `json:"recover"`
	// Actions are the recover actions, one per project with an amount.
	Actions []Action `json:"actions"`
}

// YearEnd classifies every project's unspent balance on 31 December of the
// monitor's year: a continuing project's balance is a carry-over, any other a
// surplus; recovery candidates follow the policy's YearEnd rules. The ledger
// must run to 31 December, else ErrAsOf.
func (m *Monitor) YearEnd(l *Ledger) (*YearEnd, error) {
	end := time.Date(m.year, time.December, 31, 0, 0, 0, 0, time.UTC)
	if l.year != m.year {
		return nil, fmt.Errorf("%w: ledger of %d, monitor of %d", ErrMismatch, l.year, m.year)
	}
	if dayKey(l.asOf) != dayKey(end) {
		return nil, fmt.Errorf("%w: year end needs a ledger up to %s, have %s", ErrAsOf,
			end.Format(time.DateOnly), l.asOf.Format(time.DateOnly))
	}
	y := &YearEnd{Year: m.year}
	pol := m.policy.YearEnd
	for i, b := range m.budgets {
		ini, adj := m.budgetsAt(i, end)
		bal := Balance{ProjectID: b.ProjectID, Name: b.Name, UnitID: b.UnitID,
			Budget: m.base(ini, adj), Executed: l.Executed(b.ProjectID)}
		bal.Unspent = bal.Budget.Sub(bal.Executed)
		if bal.Budget.Sign() > 0 {
			bal.Rate = performance.Ratio{Num: bal.Executed, Den: bal.Budget}
		}
		if bal.Unspent.Sign() > 0 {
			bal.Kind = Surplus
			if b.Continuing {
				bal.Kind = CarryOver
			}
			switch {
			case bal.Kind == Surplus && pol.RecoverSurplus:
				bal.Recover = bal.Unspent
			case bal.Kind == CarryOver && pol.RecoverCarryOverBelow != nil && bal.Rate.Valid() &&
				bal.Rate.CmpDecimal(pol.RecoverCarryOverBelow.Shift(-2)) < 0:
				bal.Recover = bal.Unspent
			}
			y.Unspent = y.Unspent.Add(bal.Unspent)
			if bal.Kind == CarryOver {
				y.CarryOver = y.CarryOver.Add(bal.Unspent)
			} else {
				y.Surplus = y.Surplus.Add(bal.Unspent)
			}
			y.Recover = y.Recover.Add(bal.Recover)
			if bal.Recover.Sign() > 0 {
				y.Actions = append(y.Actions, Action{Kind: Recover, ProjectID: b.ProjectID, UnitID: b.UnitID,
					Date: end, Reason: "year_end_" + bal.Kind.String(), Amount: bal.Recover})
			}
		}
		y.Balances = append(y.Balances, bal)
	}
	return y, nil
}
