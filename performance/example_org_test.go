package performance_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

func lhasa() []performance.Node {
	return []performance.Node{
		{ID: "lhasa", Name: "拉萨市", Kind: performance.NodeRegion},
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion, Parent: "lhasa"},
		{ID: "cg", Name: "城关区", Kind: performance.NodeRegion, Parent: "lhasa"},
		{ID: "city-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "city-edu-1", Name: "拉萨中学", Kind: performance.NodeUnit, Parent: "city-edu"},
		{ID: "city-edu-2", Name: "教育局本级", Kind: performance.NodeUnit, Parent: "city-edu"},
		{ID: "city-hw", Name: "卫健委", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "city-hw-1", Name: "卫健委本级", Kind: performance.NodeUnit, Parent: "city-hw"},
		{ID: "cg-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "cg"},
		{ID: "cg-edu-1", Name: "城关区实验小学", Kind: performance.NodeUnit, Parent: "cg-edu"},
	}
}

// Figures given per budget unit roll up exactly to departments, regions and
// the city.
func ExampleNewOrg() {
	org, err := performance.NewOrg(lhasa())
	if err != nil {
		fmt.Println(err)
		return
	}
	approved := map[string]decimal.Decimal{ // yuan
		"city-edu-1": decimal.RequireFromString("3386970.15"),
		"city-edu-2": decimal.RequireFromString("1200000.00"),
		"city-hw-1":  decimal.RequireFromString("987654.32"),
		"cg-edu-1":   decimal.RequireFromString("17702.19"),
	}
	totals, err := org.RollUp(approved)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range org.Outline(totals) {
		fmt.Printf("%s%s %s\n", strings.Repeat("  ", t.Depth), t.Node.Name, t.Amount.StringFixed(2))
	}
	dept, _ := org.Ancestor("city-edu-1", performance.NodeDepartment)
	region, _ := org.Ancestor("city-edu-1", performance.NodeRegion)
	fmt.Println("拉萨中学:", region.Name, dept.Name)
	// Output:
	// 拉萨市 5592326.66
	//   城关区 17702.19
	//     教育局 17702.19
	//       城关区实验小学 17702.19
	//   市本级 5574624.47
	//     教育局 4586970.15
	//       拉萨中学 3386970.15
	//       教育局本级 1200000.00
	//     卫健委 987654.32
	//       卫健委本级 987654.32
	// 拉萨中学: 市本级 教育局
}

// The city's 教育局 and 城关区's 教育局 are two departments of two
// governments; SumByName totals them as one line.
func ExampleOrg_SumByName() {
	org, _ := performance.NewOrg(lhasa())
	approved := map[string]decimal.Decimal{
		"city-edu-1": decimal.RequireFromString("3386970.15"),
		"city-edu-2": decimal.RequireFromString("1200000.00"),
		"city-hw-1":  decimal.RequireFromString("987654.32"),
		"cg-edu-1":   decimal.RequireFromString("17702.19"),
	}
	lines, _ := org.SumByName(approved, performance.NodeDepartment)
	for _, l := range lines {
		fmt.Println(l.Name, l.Amount.StringFixed(2), l.IDs)
	}
	// Output:
	// 卫健委 987654.32 [city-hw]
	// 教育局 4604672.34 [cg-edu city-edu]
}

// A project application with several faults reports them all at once, each
// with a stable code and the path of the field.
func ExampleProject_Validate() {
	p := &performance.Project{
		ID: "P2021-017", Name: "智慧校园建设", UnitID: "city-edu-1", FiscalYear: 2021,
		Content:         "建设校园网络和多媒体教室",
		Period:          performance.Period{Start: performance.Month{Year: 2021, Month: 3}, End: performance.Month{Year: 2021, Month: 2}},
		TotalInvestment: decimal.RequireFromString("800000"),
		Amount:          decimal.RequireFromString("800000"),
		CostLines: []performance.CostLine{
			{Item: "多媒体教室", Quantity: decimal.NewFromInt(12), Unit: "间",
				UnitPrice: decimal.RequireFromString("45000"), Amount: decimal.RequireFromString("540000")},
			{Item: "网络设备", Quantity: decimal.NewFromInt(3), Unit: "套",
				UnitPrice: decimal.RequireFromString("86666.67"), Amount: decimal.RequireFromString("260000")},
		},
	}
	err := p.Validate()
	fmt.Println(err)
	var ps performance.Problems
	if errors.As(err, &ps) {
		for _, q := range ps {
			fmt.Println(q.Code, q.Path, q.Message.ZH)
		}
	}
	// Output:
	// 3 problems
	// basis: project has no basis (立项依据) (missing_basis)
	// period.end: implementation period ends (2021-02) before it starts (2021-03) (period_reversed)
	// cost_lines[1].amount: amount 260000.00 yuan is not quantity 3 × unit price 86666.67 = 260000.01 yuan (line_amount_mismatch)
	// missing_basis basis 缺少立项依据
	// period_reversed period.end 实施周期结束月份 2021-02 早于起始月份 2021-03
	// line_amount_mismatch cost_lines[1].amount 金额 260000.00 元不等于数量 3 × 单价 86666.67 = 260000.01 元
}

// Strict decoding names each unknown field with its full path, where
// encoding/json would skip it.
func ExampleDecodeJSON() {
	data := []byte(`{
	  "id": "P1",
	  "cost_lines": [
	    {"item": "办公费", "amount": "100"},
	    {"item": "印刷费", "amout": "50"}
	  ]
	}`)
	var p performance.Project
	fmt.Println(performance.DecodeJSON(data, &p))
	fmt.Println(json.Unmarshal(data, &p), len(p.CostLines))
	// Output:
	// 1 problem
	// cost_lines[1].amout: unknown field "cost_lines[1].amout" (unknown_field)
	// <nil> 2
}
