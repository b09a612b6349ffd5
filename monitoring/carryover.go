package monitoring

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A PriorBalance is money carried into the monitor's year from an earlier
// one (上年结转资金) for one project: formed at the end of fiscal year Year,
// Amount carried in, Spent the part of it spent this year. The ledger does
// not tell carried-in money from this year's budget; Spent is what the
// unit's accounts attribute to the carry-over.
type PriorBalance struct {
	ProjectID string          `json:"project_id"`
	Year      int             `json:"year"`
	Amount    decimal.Decimal `json:"amount"`
	Spent     decimal.Decimal `json:"spent"`
}

// An AgedBalance is one balance at the year end with its age (结转结余账龄).
type AgedBalance struct {
	ProjectID string `json:"project_id"`
	UnitID    string `json:"unit_id"`
	// Formed is the fiscal year at whose end the balance was first left
	// unspent; Age the year ends it has stood unspent, counting this one:
	// 1 for this year's balance, 2 for last year's carry-over still
	// unspent.
	Formed int `json:"formed"`
	Age    int `json:"age"`
	// Amount is what is left unspent of it at this year end, in yuan.
	Amount decimal.Decimal `json:"amount"`
	Kind   BalanceKind     `json:"kind"`
	// Recover is the amount proposed for recovery; Reason says why:
	// "two_years_unspent" (结转 unspent for two years, 预算法 第四十二条) for
	// a carried-in balance, "year_end_surplus" or "year_end_carry_over"
	// (the [YearEndPolicy]) for this year's.
	Recover decimal.Decimal `json:"recover"`
	Reason  string          `json:"reason,omitempty"`
}

// An AgeBucket totals the balances of one age.
type AgeBucket struct {
	Age       int             `json:"age"`
	Amount    decimal.Decimal `json:"amount"`
	CarryOver decimal.Decimal `json:"carry_over"`
	Surplus   decimal.Decimal `json:"surplus"`
	Recover   decimal.Decimal `json:"recover"`
}

// An AgedYearEnd is the year end with every balance aged (结转结余账龄分析).
type AgedYearEnd struct {
	// YearEnd is this year's position, as [Monitor.YearEnd] gives it.
	YearEnd *YearEnd `json:"year_end"`
	// Balances holds every balance left at this year end, by project ID
	// then age, oldest first: this year's (age 1) and the carried-in ones
	// still unspent.
	Balances []AgedBalance `json:"balances"`
	// Ages totals the balances by age, youngest first.
	Ages []AgeBucket `json:"ages"`
	// Recover totals every proposed recovery, this year's and the aged
	// ones'; Actions are the recover actions of the carried-in balances
	// (this year's are in YearEnd.Actions).
	Recover decimal.Decimal `json:"recover"`
	Actions []Action        `json:"actions"`
	// Problems lists the prior balances left out, with paths
	// ("prior[2].year").
	Problems performance.Problems `json:"problems,omitempty"`
}

// recoverAge is the age at which a carry-over is recovered. Source:
// national, the Budget Law (预算法, 2014, amended 2018), 第四十二条 (article
// number as commonly cited; not verified verbatim here): 连续两年未用完的
// 结转资金，应当作为结余资金管理 — carry-overs unspent for two consecutive
// years are managed as surpluses (the clause verified as local rules
// reproduce it, e.g. Chaohu's 本级财政结转结余资金管理办法 第三条). Recovery:
// the Ministry's rules for central departments' carry-overs (连续两年未用完
// 的结转资金，由财政部收回, verified as reproduced; document number not
// verified), and for local budgets 国发〔2014〕45号 (国务院关于深化预算管理
// 制度改革的决定) and 财预〔2015〕15号 (关于推进地方盘活财政存量资金有关
// 事项的通知), as local rules cite them (articles not verified).
const recoverAge = 2

// AgedYearEnd is [Monitor.YearEnd] with the balances carried in from
// earlier years: each balance's age, those unspent for two years turned
// into surpluses (结余) and proposed for recovery (预算法 第四十二条), and
// the totals by age. A carried-in balance was formed before this year, so
// what is left of it at this year end has stood unspent for at least
// two year ends (age recoverAge or more): it is always a surplus and
// recovered; an age above 2 shows a recovery that is overdue. Prior
// balances of unknown projects, formed in this
// year or later, with a negative amount, spent beyond their amount, or
// given twice for one project and year are listed in Problems and left
// out. Errors are YearEnd's.
func (m *Monitor) AgedYearEnd(l *Ledger, prior []PriorBalance) (*AgedYearEnd, error) {
	ye, err := m.YearEnd(l)
	if err != nil {
		return nil, err
	}
	a := &AgedYearEnd{YearEnd: ye, Balances: []AgedBalance{}, Ages: []AgeBucket{}, Actions: []Action{}, Recover: ye.Recover}
	for _, b := range ye.Balances {
		if b.Unspent.Sign() > 0 {
			a.Balances = append(a.Balances, AgedBalance{ProjectID: b.ProjectID, UnitID: b.UnitID, Formed: m.year, Age: 1,
				Amount: b.Unspent, Kind: b.Kind, Recover: b.Recover, Reason: reasonOf(b)})
		}
	}
	type key struct {
		id   string
		year int
	}
	seen := map[key]bool{}
	for i, p := range prior {
		path := fmt.Sprintf("prior[%d]", i)
		j, ok := m.budgetIndex(p.ProjectID)
		switch {
		case !ok:
			a.Problems.Add("unknown_project", path+".project_id", "未监控该项目: "+p.ProjectID, "the project is not monitored: "+p.ProjectID)
			continue
		case m.year-p.Year+1 < recoverAge: // formed this year or later: not carried in
			a.Problems.Add("bad_year", path+".year", fmt.Sprintf("结转年度须早于 %d", m.year), fmt.Sprintf("the year must be before %d", m.year))
			continue
		case p.Amount.IsNegative() || p.Spent.IsNegative():
			a.Problems.Add("negative", path+".amount", "金额不能为负", "amounts must not be negative")
			continue
		case p.Spent.GreaterThan(p.Amount):
			a.Problems.Add("overspent", path+".spent", "支出超过结转金额", "spent exceeds the amount carried in")
			continue
		case seen[key{p.ProjectID, p.Year}]:
			a.Problems.Add("duplicate", path, "同一项目同一年度重复", "the project and year repeat an earlier balance")
			continue
		}
		seen[key{p.ProjectID, p.Year}] = true
		left := p.Amount.Sub(p.Spent)
		if left.Sign() == 0 {
			continue
		}
		// Formed before this year, so at least two year ends unspent:
		// always recoverAge or more.
		ab := AgedBalance{ProjectID: p.ProjectID, UnitID: m.budgets[j].UnitID, Formed: p.Year, Age: m.year - p.Year + 1,
			Amount: left, Kind: Surplus, Recover: left, Reason: "two_years_unspent"}
		a.Balances = append(a.Balances, ab)
		a.Recover = a.Recover.Add(ab.Recover)
		if ab.Recover.Sign() > 0 {
			a.Actions = append(a.Actions, Action{Kind: Recover, ProjectID: ab.ProjectID, UnitID: ab.UnitID,
				Date: time.Date(m.year, time.December, 31, 0, 0, 0, 0, time.UTC), Reason: ab.Reason, Amount: ab.Recover})
		}
	}
	slices.SortStableFunc(a.Balances, func(x, y AgedBalance) int {
		if c := strings.Compare(x.ProjectID, y.ProjectID); c != 0 {
			return c
		}
		return y.Age - x.Age
	})
	slices.SortStableFunc(a.Actions, func(x, y Action) int { return strings.Compare(x.ProjectID, y.ProjectID) })
	buckets := map[int]*AgeBucket{}
	for _, b := range a.Balances {
		k := buckets[b.Age]
		if k == nil {
			k = &AgeBucket{Age: b.Age}
			buckets[b.Age] = k
		}
		k.Amount = k.Amount.Add(b.Amount)
		if b.Kind == CarryOver {
			k.CarryOver = k.CarryOver.Add(b.Amount)
		} else {
			k.Surplus = k.Surplus.Add(b.Amount)
		}
		k.Recover = k.Recover.Add(b.Recover)
	}
	for _, age := range slices.Sorted(func(yield func(int) bool) {
		for k := range buckets {
			if !yield(k) {
				return
			}
		}
	}) {
		a.Ages = append(a.Ages, *buckets[age])
	}
	sortProblems(a.Problems)
	return a, nil
}

// reasonOf is the reason of a year-end balance's recovery, "" for none.
func reasonOf(b Balance) string {
	if b.Recover.Sign() > 0 {
		return "year_end_" + b.Kind.String()
	}
	return ""
}

// WriteText renders the aged year end in the given language: the
// balances by age (amount, carried over, surplus, to recover, in 万元) and
// the carried-in balances recovered as unspent for two years, then the
// problems. The output is byte-identical for the same value.
func (a *AgedYearEnd) WriteText(w io.Writer, lang performance.Lang) error {
	bw := bufio.NewWriter(w)
	tr := chooser(lang != performance.LangEN)
	fmt.Fprintf(bw, "%s\n", tr(fmt.Sprintf("%d 年终结转结余账龄（连续两年未用完的结转资金作为结余收回，预算法第四十二条）", a.YearEnd.Year),
		fmt.Sprintf("Balances at the end of %d by age (carry-overs unspent for two years are surpluses, recovered: Budget Law art. 42)", a.YearEnd.Year)))
	t := table.New(tr("账龄（年）", "age (years)"), tr("余额", "balance"), tr("结转", "carry-over"), tr("结余", "surplus"), tr("拟收回", "to recover")).Right(0, 1, 2, 3, 4)
	for _, b := range a.Ages {
		t.Add(strconv.Itoa(b.Age), wan(b.Amount), wan(b.CarryOver), wan(b.Surplus), wan(b.Recover))
	}
	_ = t.WriteText(bw)
	if len(a.Actions) > 0 {
		rt := table.New(tr("项目", "project"), tr("形成年度", "formed"), tr("账龄", "age"), tr("收回", "recover")).Right(1, 2, 3)
		for _, b := range a.Balances {
			if b.Reason == "two_years_unspent" {
				rt.Add(b.ProjectID, strconv.Itoa(b.Formed), strconv.Itoa(b.Age), wan(b.Recover))
			}
		}
		_ = rt.WriteText(bw)
	}
	fmt.Fprintf(bw, tr("合计拟收回 %s。\n", "%s to recover in all.\n"), wan(a.Recover))
	for _, p := range a.Problems {
		fmt.Fprintf(bw, "%s %s: %s\n", tr("问题", "problem"), p.Path, p.Message.In(lang))
	}
	return bw.Flush()
}
