package goals_test

import (
	"fmt"
	"os"

	"github.com/jixiao-go/jixiao/goals"
)

// A department-wide self-evaluation form (部门整体支出绩效自评表) scored both
// ways. Worked by hand:
//
//	execution 9,137,000 ÷ 10,000,000 = 91.37% × 10             =  9.14
//	重点工作完成数 17 of ≥20:   30 × 17/20 = 25.50; attainment 0.85   → 0.8 × 30 = 24
//	预算调整率 12% against ≤10%: 15 × 10/12 = 12.50; attainment 0.833 → 0.8 × 15 = 12
//	公用经费 450万元 ≤ 500万元: met, 10;                                  1.0 × 10 = 10
//	入学率 95% of ≥98%: 25 × 95/98 = 24.2347 → 24.23; 0.969          → 0.8 × 25 = 20
//	满意度 54% of ≥90%: 10 × 54/90 = 6.00; attainment 0.6             → 0.6 × 10 = 6
//	proportional: 9.14 + 25.5 + 12.5 + 10 + 24.23 + 6 = 87.37
//	coefficient:  9.14 + 24 + 12 + 10 + 20 + 6       = 81.14 (stated 82)
func ExampleDepartmentForm_Score() {
	data, err := os.ReadFile("../testdata/expost/department_forms.json")
	if err != nil {
		panic(err)
	}
	forms, err := goals.ParseDepartmentForms(data)
	if err != nil {
		panic(err)
	}
	f := forms[0]
	for _, m := range []goals.DepartmentMethod{goals.MethodProportional, goals.MethodCoefficient} {
		f.Method = m
		r, err := f.Score(goals.Config{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("method %q: execution %s", m, r.ExecutionPoints.StringFixed(2))
		for _, k := range r.Kinds {
			fmt.Printf(", %s %s", k.Name, k.Points.StringFixed(2))
		}
		fmt.Printf("; total %s (stated %s)\n", r.Total.StringFixed(2), r.StatedTotal.Decimal)
	}
	// Output:
	// method "": execution 9.14, 履职效能 25.50, 管理效率 12.50, 运行成本 10.00, 社会效应 24.23, 服务对象满意度 6.00; total 87.37 (stated 82)
	// method "coefficient": execution 9.14, 履职效能 24.00, 管理效率 12.00, 运行成本 10.00, 社会效应 20.00, 服务对象满意度 6.00; total 81.14 (stated 82)
}
