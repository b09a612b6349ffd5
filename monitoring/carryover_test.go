package monitoring_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAgedYearEndHandWorked: the year end of 2021 with carry-overs from
// 2020 and 2019, worked by hand under the default policy (surpluses
// recovered; a carry-over recovered when execution is below 60%).
func TestAgedYearEndHandWorked(t *testing.T) {
	a := budget("A", "U1", "1000000")
	a.Continuing = true
	b := budget("B", "U1", "1000000")
	b.Continuing = true
	c := budget("C", "U2", "100000")
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{a, b, c}, nil)
	require.NoError(t, err)
	end := day(2021, 12, 31)
	l := mustLedger(t, 2021, end, rec("A", day(2021, 6, 1), "800000"), rec("B", day(2021, 6, 1), "500000"), rec("C", day(2021, 6, 1), "100000"))
	ay, err := m.AgedYearEnd(l, []monitoring.PriorBalance{
		{ProjectID: "A", Year: 2020, Amount: dec("300000"), Spent: dec("100000")}, // 200,000 left, age 2
		{ProjectID: "A", Year: 2019, Amount: dec("300000"), Spent: dec("300000")}, // spent in full
		{ProjectID: "B", Year: 2020, Amount: dec("50000")},                        // 50,000 left, age 2
		{ProjectID: "C", Year: 2018, Amount: dec("10000")},                        // 10,000 left, age 4
		{ProjectID: "Z", Year: 2020, Amount: dec("1")},
		{ProjectID: "A", Year: 2021, Amount: dec("1")},
		{ProjectID: "A", Year: 2020, Amount: dec("1")},
		{ProjectID: "B", Year: 2019, Amount: dec("1"), Spent: dec("2")},
		{ProjectID: "B", Year: 2018, Amount: dec("-1")},
	})
	require.NoError(t, err)
	// This year: A 1,000,000 − 800,000 = 200,000 carried over (80% ≥ 60%,
	// kept); B 500,000 carried over at 50% < 60%: recovered; C spent.
	// Carried in: A's 2020 200,000, B's 2020 50,000 and C's 2018 10,000,
	// unspent for two year ends or more: surpluses, recovered (预算法 第四十二条).
	type row struct {
		id      string
		age     int
		amount  string
		kind    monitoring.BalanceKind
		recover string
		reason  string
	}
	var got []row
	for _, x := range ay.Balances {
		got = append(got, row{x.ProjectID, x.Age, x.Amount.String(), x.Kind, x.Recover.String(), x.Reason})
	}
	assert.Equal(t, []row{
		{"A", 2, "200000", monitoring.Surplus, "200000", "two_years_unspent"},
		{"A", 1, "200000", monitoring.CarryOver, "0", ""},
		{"B", 2, "50000", monitoring.Surplus, "50000", "two_years_unspent"},
		{"B", 1, "500000", monitoring.CarryOver, "500000", "year_end_carry_over"},
		{"C", 4, "10000", monitoring.Surplus, "10000", "two_years_unspent"},
	}, got)
	// By age: 1 → 700,000 carried over, 500,000 recovered; 2 → 250,000
	// surplus recovered; 4 → 10,000. Recovered in all 500,000 + 250,000 +
	// 10,000 = 760,000.
	require.Len(t, ay.Ages, 3)
	assert.Equal(t, 1, ay.Ages[0].Age)
	assert.True(t, ay.Ages[0].CarryOver.Equal(dec("700000")))
	assert.True(t, ay.Ages[0].Recover.Equal(dec("500000")))
	assert.True(t, ay.Ages[1].Surplus.Equal(dec("250000")))
	assert.Equal(t, 4, ay.Ages[2].Age)
	assert.True(t, ay.Recover.Equal(dec("760000")), "recover %s", ay.Recover)
	require.Len(t, ay.Actions, 3)
	assert.Equal(t, monitoring.Recover, ay.Actions[0].Kind)
	assert.Equal(t, []string{"unknown_project", "bad_year", "duplicate", "overspent", "negative"}, ay.Problems.Codes())
	paths := []string{}
	for _, p := range ay.Problems {
		paths = append(paths, p.Path)
	}
	assert.Equal(t, []string{"prior[4].project_id", "prior[5].year", "prior[6]", "prior[7].spent", "prior[8].amount"}, paths)

	// A ledger short of the year end: YearEnd's error.
	_, err = m.AgedYearEnd(mustLedger(t, 2021, day(2021, 9, 30)), nil)
	assert.ErrorIs(t, err, monitoring.ErrAsOf)
}
