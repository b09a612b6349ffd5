package performance_test

import (
	"fmt"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// The national scheme of 财预〔2020〕10号 grades scores 90 and above 优, 80 to
// below 90 良, 60 to below 80 中 and below 60 差. Scores are compared
// exactly: 89.995 is still 良.
func ExampleDefaultScheme() {
	s := performance.DefaultScheme()
	for _, score := range []string{"96.5", "90", "89.995", "80", "60", "59.99"} {
		b, err := s.Grade(decimal.RequireFromString(score))
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-6s %s (%s)\n", score, b.Label, b.Grade.Name(performance.LangEN))
	}
	_, err := s.Grade(decimal.RequireFromString("100.5"))
	fmt.Println(err)
	// Output:
	// 96.5   优 (excellent)
	// 90     优 (excellent)
	// 89.995 良 (good)
	// 80     良 (good)
	// 60     中 (fair)
	// 59.99  差 (poor)
	// performance: score outside 0–100: 100.5
}

// A district whose 中 starts at 70 and which adds a 低 grade is a scheme
// written as data, here in JSON as a policy file would hold it.
func ExampleScheme_district() {
	policy := []byte(`{
	  "name": "district",
	  "bands": [
	    {"label": "优", "grade": "优", "min": "90"},
	    {"label": "良", "grade": "良", "min": "80"},
	    {"label": "中", "grade": "中", "min": "70"},
	    {"label": "低", "grade": "中", "min": "60"},
	    {"label": "差", "grade": "差", "min": "0"}
	  ]
	}`)
	var s performance.Scheme
	if err := performance.DecodeJSON(policy, &s); err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	for _, score := range []string{"75", "69.5", "58"} {
		b, _ := s.Grade(decimal.RequireFromString(score))
		fmt.Printf("%s → %s, nationally %s\n", score, b.Label, b.Grade)
	}
	// Output:
	// 75 → 中, nationally 中
	// 69.5 → 低, nationally 中
	// 58 → 差, nationally 差
}

// The US Program Assessment Rating Tool rated programs Effective (85 and
// above), Moderately Effective (70), Adequate (50) or Ineffective, but
// "Results Not Demonstrated" whatever the score when measures or baselines
// were missing: an override raised by a flag.
func ExampleScheme_Grade_override() {
	part := performance.Scheme{
		Name: "us-part",
		Bands: []performance.Band{
			{Label: "Effective", Min: decimal.NewFromInt(85)},
			{Label: "Moderately Effective", Min: decimal.NewFromInt(70)},
			{Label: "Adequate", Min: decimal.NewFromInt(50)},
			{Label: "Ineffective", Min: decimal.Zero},
		},
		Overrides: []performance.Override{
			{Flag: "no_performance_data", Label: "Results Not Demonstrated"},
		},
	}
	if err := part.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	score := decimal.RequireFromString("88")
	b, _ := part.Grade(score)
	fmt.Println(b.Label)
	b, _ = part.Grade(score, "no_performance_data")
	fmt.Println(b.Label)
	// Output:
	// Effective
	// Results Not Demonstrated
}

// Validation reports every problem of a scheme at once.
func ExampleScheme_Validate() {
	s := performance.Scheme{Bands: []performance.Band{
		{Label: "优良", Min: decimal.NewFromInt(80)},
		{Label: "中", Min: decimal.NewFromInt(80)},
		{Label: "差", Min: decimal.NewFromInt(10)},
	}}
	fmt.Println(s.Validate())
	// Output:
	// 2 problems
	// bands[1].min: lower bound 80 is not below the previous band's 80: bands must run from the highest down without overlapping (band_order)
	// bands[2].min: the lowest band starts at 10: scores from 0 to below 10 have no band (range_not_covered)
}
