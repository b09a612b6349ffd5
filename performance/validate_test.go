package performance

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func num(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// validProject is a continuing training project of the city's 教育局 whose
// figures agree with each other:
//
//	line 0: 120 人·天 × 450.00 = 54,000.00
//	line 1: 3 台 × 5,999.50   = 17,998.50
//	line 2: 0.5 人年 × 80,000.01 = 40,000.005 → 40,000.01 (half up)
//	sum: 54,000.00 + 17,998.50 + 40,000.01 = 111,998.51 = Amount
//	invested 200,000 + amount 111,998.51 = 311,998.51 ≤ total 500,000
func validProject() *Project {
	return &Project{
		ID: "P2021-001", Name: "教师培训", UnitID: "city-edu-office", FiscalYear: 2021,
		Kind: KindDevelopment, Basis: "拉萨市教育发展规划", Content: "培训中小学教师 120 人·天",
		Period:          Period{Start: Month{2020, 1}, End: Month{2022, 12}},
		TotalInvestment: num("500000"), InvestedToDate: num("200000"), Amount: num("111998.51"),
		CostLines: []CostLine{
			{Item: "培训费", Quantity: num("120"), Unit: "人·天", UnitPrice: num("450.00"), Amount: num("54000.00"), StandardID: "train-1"},
			{Item: "设备购置", Quantity: num("3"), Unit: "台", UnitPrice: num("5999.50"), Amount: num("17998.50")},
			{Item: "聘用人员", Quantity: num("0.5"), Unit: "人年", UnitPrice: num("80000.01"), Amount: num("40000.01")},
		},
	}
}

func TestProjectValidateValid(t *testing.T) {
	assert.NoError(t, validProject().Validate())
}

// A deliberately broken project reports every problem at once, in a stable
// order, each with its code and path.
func TestProjectValidateBroken(t *testing.T) {
	p := &Project{
		ID: "", Name: " ", UnitID: "", FiscalYear: 2021,
		Basis: "", Content: "",
		Period:          Period{Start: Month{2021, 6}, End: Month{2021, 3}},
		TotalInvestment: num("100000"), InvestedToDate: num("150000"), Amount: num("-10"),
		CostLines: []CostLine{
			// 10 × 99.99 = 999.90, not 999.00
			{Item: "办公设备", Quantity: num("10"), UnitPrice: num("99.99"), Amount: num("999.00")},
			// no item; 3 × 33.335 = 100.005 → 100.01 (half up), and 100.01 is given: no mismatch
			{Item: "", Quantity: num("3"), UnitPrice: num("33.335"), Amount: num("100.01")},
			// negative quantity: no product check on top
			{Item: "退费", Quantity: num("-1"), UnitPrice: num("5"), Amount: num("-5")},
			// 2 × 0.125 = 0.25; 0.3 given
			{Item: "邮费", Quantity: num("2"), UnitPrice: num("0.125"), Amount: num("0.3")},
		},
	}
	err := p.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	var ps Problems
	require.ErrorAs(t, err, &ps)

	type cp struct{ code, path string }
	var got []cp
	for _, q := range ps {
		got = append(got, cp{q.Code, q.Path})
		assert.NotEmpty(t, q.Message.ZH, "%s at %s has no Chinese message", q.Code, q.Path)
		assert.NotEmpty(t, q.Message.EN, "%s at %s has no English message", q.Code, q.Path)
	}
	// sum of lines: 999.00 + 100.01 + (-5) + 0.3 = 1094.31 ≠ −10
	assert.Equal(t, []cp{
		{CodeMissingID, "id"},
		{CodeMissingName, "name"},
		{CodeMissingUnit, "unit_id"},
		{CodeMissingBasis, "basis"},
		{CodeMissingContent, "content"},
		{CodePeriodReversed, "period.end"},
		{CodeNegativeAmount, "amount"},
		{CodeInvestedExceedsTotal, "invested_to_date"},
		{CodeLineAmountMismatch, "cost_lines[0].amount"},
		{CodeMissingItem, "cost_lines[1].item"},
		{CodeNegativeAmount, "cost_lines[2].quantity"},
		{CodeNegativeAmount, "cost_lines[2].amount"},
		{CodeLineAmountMismatch, "cost_lines[3].amount"},
		{CodeLinesSumMismatch, "cost_lines"},
	}, got)

	// The messages carry the figures that disagree.
	assert.Equal(t, "amount 999.00 yuan is not quantity 10 × unit price 99.99 = 999.90 yuan", ps[8].Message.EN)
	assert.Equal(t, "cost lines sum to 1094.31 yuan, not this year's amount -10.00 yuan", ps[13].Message.EN)
	assert.Equal(t, "金额 0.30 元不等于数量 2 × 单价 0.125 = 0.25 元", ps[12].Message.ZH)
}

func TestProjectValidateCases(t *testing.T) {
	tests := []struct {
		name   string
		modify func(p *Project)
		want   []string // code@path
	}{
		{"no cost lines: not fundable", func(p *Project) { p.CostLines = nil },
			[]string{CodeNoCostLines + "@cost_lines"}},
		{"empty cost lines slice", func(p *Project) { p.CostLines = []CostLine{} },
			[]string{CodeNoCostLines + "@cost_lines"}},
		{"line off by one fen", func(p *Project) {
			// 0.5 × 80,000.01 = 40,000.005 → 40,000.01; 40,000.00 is one fen short,
			// and the lines then sum to 111,998.50.
			p.CostLines[2].Amount = num("40000.00")
		}, []string{CodeLineAmountMismatch + "@cost_lines[2].amount", CodeLinesSumMismatch + "@cost_lines"}},
		{"line amount with trailing zeros is equal", func(p *Project) {
			p.CostLines[0].Amount = num("54000.0000")
		}, nil},
		{"line amount unrounded is not to the fen", func(p *Project) {
			// 40,000.005 is the exact product but amounts are to the fen.
			p.CostLines[2].Amount = num("40000.005")
			p.Amount = num("111998.505")
		}, []string{CodeLineAmountMismatch + "@cost_lines[2].amount"}},
		{"lines do not sum to amount", func(p *Project) { p.Amount = num("111998.52") },
			[]string{CodeLinesSumMismatch + "@cost_lines"}},
		{"invested equals total is fine if nothing more is asked", func(p *Project) {
			p.InvestedToDate = num("388001.49") // 388,001.49 + 111,998.51 = 500,000.00
		}, nil},
		{"amount exceeds the remaining investment", func(p *Project) {
			p.InvestedToDate = num("388001.50") // 388,001.50 + 111,998.51 = 500,000.01 > 500,000
		}, []string{CodeAmountExceedsRemaining + "@amount"}},
		{"invested exceeds total", func(p *Project) { p.InvestedToDate = num("500000.01") },
			[]string{CodeInvestedExceedsTotal + "@invested_to_date"}},
		{"negative total", func(p *Project) { p.TotalInvestment = num("-1") },
			[]string{CodeNegativeAmount + "@total_investment", CodeInvestedExceedsTotal + "@invested_to_date"}},
		{"missing period ends", func(p *Project) { p.Period = Period{} },
			[]string{CodeMissingPeriod + "@period.start", CodeMissingPeriod + "@period.end"}},
		{"one-month period is fine", func(p *Project) { p.Period = Period{Month{2021, 5}, Month{2021, 5}} }, nil},
		{"fiscal year before the period", func(p *Project) { p.Period.Start = Month{2022, 1} },
			[]string{CodeYearOutsidePeriod + "@fiscal_year"}},
		{"fiscal year after the period", func(p *Project) { p.Period.End = Month{2020, 12} },
			[]string{CodeYearOutsidePeriod + "@fiscal_year"}},
		{"no fiscal year", func(p *Project) { p.FiscalYear = 0 },
			[]string{CodeMissingFiscalYear + "@fiscal_year"}},
		{"blank basis", func(p *Project) { p.Basis = "\t" },
			[]string{CodeMissingBasis + "@basis"}},
		{"negative unit price", func(p *Project) {
			p.CostLines[1].UnitPrice = num("-5999.50")
		}, []string{CodeNegativeAmount + "@cost_lines[1].unit_price"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProject()
			tt.modify(p)
			err := p.Validate()
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			var ps Problems
			require.ErrorAs(t, err, &ps)
			var got []string
			for _, q := range ps {
				got = append(got, q.Code+"@"+q.Path)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestProjectValidateStandards(t *testing.T) {
	p := validProject()
	p.CostLines[1].StandardID = "equip-9"
	standards := []ExpenditureStandard{{ID: "train-1", Name: "培训费（一类）", Unit: "人·天", Cap: num("450")}}
	err := p.ValidateStandards(standards)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, CodeUnknownStandard, ps[0].Code)
	assert.Equal(t, "cost_lines[1].standard_id", ps[0].Path)

	p.CostLines[1].StandardID = ""
	assert.NoError(t, p.ValidateStandards(standards))
	// Without standards, any reference is unknown.
	assert.True(t, errors.Is(p.ValidateStandards(nil), ErrInvalid))
}

// Validation always terminates and never reports an empty Problems as an
// error.
func TestProjectValidateNilOnSuccess(t *testing.T) {
	err := validProject().Validate()
	assert.Nil(t, err, "a valid project must give a nil error, not an empty Problems")
}
