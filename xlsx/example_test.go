package xlsx_test

import (
	"fmt"
	"os"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/xlsx"
)

// Read the national self-evaluation forms of a workbook and reconcile each
// with the national rule: the stated total beside the computed one.
func ExampleReadSelfForms() {
	f, err := os.Open("testdata/self_national.xlsx")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	forms, err := xlsx.ReadSelfForms(f, xlsx.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sf := range forms {
		rc, err := sf.Evaluation.Reconcile(goals.Config{}, performance.DefaultScheme())
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: stated %s, computed %s, %d deviation(s)\n", sf.ProjectName, sf.Evaluation.Stated.Total.Decimal, rc.Total, len(rc.Deviations))
	}
	// Output:
	// 2021年基层干部培训项目: stated 95.64, computed 99.14, 4 deviation(s)
	// 2021年农村公路养护: stated 86, computed 86, 2 deviation(s)
	// 2021年医疗设备购置: stated 100, computed 100, 3 deviation(s)
}
