package exante

import (
	"encoding/json"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The national sheet has the five contents of 中发〔2018〕34号 四（六） in
// the order the opinion lists them, with their names as written there;
// each dimension's items add to its weight and the sheet to 100.
func TestNationalSheet(t *testing.T) {
	s := NationalSheet()
	var names []string
	for _, d := range s.Dimensions {
		names = append(names, d.Name.ZH)
		assert.Contains(t, d.Source, "中发〔2018〕34号", d.Code)
		assert.Contains(t, d.Source, "illustrative", d.Code) // the weight is not the opinion's
	}
	assert.Equal(t, []string{"立项必要性", "投入经济性", "绩效目标合理性", "实施方案可行性", "筹资合规性"}, names)
	checkSheetAdds(t, s, "20", "20", "20", "20", "20")
	require.NoError(t, (&AssessCriteria{Sheet: SheetNational}).Validate())
	require.NoError(t, (&AssessCriteria{Sheet: " National "}).Validate(), "sheet IDs in any case")
}

// The 3E sheet is unchanged: the items of ThreeEItems, dimensions
// necessity 20, feasibility 20, economy 20, efficiency 15, effectiveness 25
// (N1+N2 = 10+10, F1+F2 = 10+10, C1+C2 = 12+8, E1+E2 = 8+7,
// B1+B2+B3 = 10+10+5); named, or its items listed without dimensions (the
// form of policies written before dimensions were data), it resolves to
// itself. Until issue 18 it was also the default; criteria naming nothing
// now resolve to the national sheet (TestNationalSheetIsTheDefault).
func TestThreeESheet(t *testing.T) {
	s := ThreeESheet()
	assert.Equal(t, ThreeEItems(), s.Items)
	checkSheetAdds(t, s, "20", "20", "20", "15", "25")
	r := (&AssessCriteria{Items: ThreeEItems()}).Resolved()
	assert.Equal(t, s.Dimensions, r.Dimensions)
	assert.Equal(t, s.Items, r.Items)
	assert.Equal(t, r, (&AssessCriteria{Sheet: SheetThreeE}).Resolved())
	for _, d := range s.Dimensions {
		assert.Contains(t, d.Source, "拉财字〔2022〕9号", d.Code)
	}
}

// Criteria that name no sheet and declare no dimensions or items use the
// national sheet of 中发〔2018〕34号 四（六）: its five contents in the
// document's order, 20 points each (NN1+NN2 = 10+10, NE1+NE2 = 12+8,
// NG1+NG2 = 10+10, NF1+NF2 = 10+10, NC1+NC2 = 10+10).
func TestNationalSheetIsTheDefault(t *testing.T) {
	var zero AssessCriteria
	r := zero.Resolved()
	s := NationalSheet()
	checkSheetAdds(t, s, "20", "20", "20", "20", "20")
	assert.Equal(t, s.Dimensions, r.Dimensions)
	assert.Equal(t, s.Items, r.Items)
	assert.Equal(t, r, (&AssessCriteria{Sheet: SheetNational}).Resolved())
	var names []string
	for _, d := range r.Dimensions {
		names = append(names, d.Name.ZH)
	}
	assert.Equal(t, []string{"立项必要性", "投入经济性", "绩效目标合理性", "实施方案可行性", "筹资合规性"}, names)
}

// checkSheetAdds checks each dimension's weight against want and against
// the sum of its items, and the whole sheet against 100.
func checkSheetAdds(t *testing.T, s AssessSheet, want ...string) {
	t.Helper()
	require.Len(t, s.Dimensions, len(want))
	total := decimal.Zero
	for i, d := range s.Dimensions {
		sum := decimal.Zero
		for _, it := range s.Items {
			if it.Dimension == d.Code {
				sum = sum.Add(it.Weight)
			}
		}
		assert.Equal(t, want[i], d.Weight.String(), d.Code)
		assert.True(t, d.Weight.Equal(sum), "%s: weight %s, items %s", d.Code, d.Weight, sum)
		total = total.Add(sum)
	}
	assert.Equal(t, "100", total.String())
}

// Four experts on the national sheet, trimmed mean, worked by hand:
//
//	item       NN1 NN2 NE1 NE2 NG1 NG2 NF1 NF2 NC1 NC2  total
//	e1           9   8  10   6   8   7   9   8  10   9   84 (17,16,15,17,19)
//	e2           7   6   8   5   6   6   7   7   8   8   68 (13,13,12,14,16)
//	e3          10  10  12   8  10  10  10  10  10  10  100 (20,20,20,20,20)
//	e4           8   8   9   6   7   8   8   7   9   9   79 (16,15,15,15,18)
//
// The trimmed mean drops e2 (68, lowest) and e3 (100, highest): (84 + 79)
// ÷ 2 = 81.5, support (≥ 80). Dimensions over e1 and e4, in the sheet's
// order: necessity (17+16)/2 = 16.5, economy (16+15)/2 = 15.5, goals
// (15+15)/2 = 15, feasibility (17+15)/2 = 16, financing (19+18)/2 = 18.5;
// they add to 81.5.
func TestCombineNationalSheetByHand(t *testing.T) {
	ids := []string{"NN1", "NN2", "NE1", "NE2", "NG1", "NG2", "NF1", "NF2", "NC1", "NC2"}
	rows := map[string][]int64{
		"e1": {9, 8, 10, 6, 8, 7, 9, 8, 10, 9},
		"e2": {7, 6, 8, 5, 6, 6, 7, 7, 8, 8},
		"e3": {10, 10, 12, 8, 10, 10, 10, 10, 10, 10},
		"e4": {8, 8, 9, 6, 7, 8, 8, 7, 9, 9},
	}
	var experts []Expert
	for _, e := range []string{"e1", "e2", "e3", "e4"} {
		ex := Expert{ID: e}
		for i, v := range rows[e] {
			ex.Scores = append(ex.Scores, ItemScore{Item: ids[i], Score: decimal.NewFromInt(v)})
		}
		experts = append(experts, ex)
	}
	c := AssessCriteria{Sheet: SheetNational, Method: CombineTrimmedMean}
	cs, err := c.Combine(experts)
	require.NoError(t, err)
	assert.Equal(t, "81.5", cs.Total.String())
	assert.Equal(t, Support, c.Thresholds.Verdict(cs.Total))
	var got [][2]string
	for _, d := range cs.Dimensions {
		got = append(got, [2]string{string(d.Dimension), d.Score.String()})
	}
	assert.Equal(t, [][2]string{{"necessity", "16.5"}, {"economy", "15.5"}, {"goal_reasonableness", "15"},
		{"feasibility", "16"}, {"financing_compliance", "18.5"}}, got)
	assert.Equal(t, []bool{false, true, true, false}, []bool{cs.Experts[0].Dropped, cs.Experts[1].Dropped, cs.Experts[2].Dropped, cs.Experts[3].Dropped})
}

// A sheet declared in a policy file, with a dimension the closed list did
// not know (筹资合规性) and items naming their dimension by its Chinese
// name. One expert gives A 30 of 40 and B 45 of 60: total 75, which is at
// least 60 and below 80, so support after adjustment; the dimensions in
// declared order are compliance 30 of 40 and necessity 45 of 60.
func TestDeclaredSheetFromJSON(t *testing.T) {
	p, err := ParsePolicy([]byte(`{"id":"p","criteria":{
		"dimensions":[
			{"code":"compliance","name":{"zh":"筹资合规性","en":"compliance of financing"},"weight":"40","source":"中发〔2018〕34号 四（六）"},
			{"code":"necessity","name":{"zh":"立项必要性","en":"necessity"},"weight":"60"}],
		"items":[
			{"id":"A","dimension":"筹资合规性","name":"资金来源是否合规","weight":"40"},
			{"id":"B","dimension":"立项必要性","name":"立项依据","weight":"60"}]},
		"rules":{"id":"r","rules":[]}}`))
	require.NoError(t, err)
	cs, err := p.Criteria.Combine([]Expert{{ID: "e", Scores: []ItemScore{{Item: "A", Score: exDec("30")}, {Item: "B", Score: exDec("45")}}}})
	require.NoError(t, err)
	assert.Equal(t, "75", cs.Total.String())
	assert.Equal(t, SupportAfterAdjustment, p.Criteria.Thresholds.Verdict(cs.Total))
	require.Len(t, cs.Dimensions, 2)
	assert.Equal(t, [3]string{"compliance", "40", "30"}, [3]string{string(cs.Dimensions[0].Dimension), cs.Dimensions[0].Weight.String(), cs.Dimensions[0].Score.String()})
	assert.Equal(t, [3]string{"necessity", "60", "45"}, [3]string{string(cs.Dimensions[1].Dimension), cs.Dimensions[1].Weight.String(), cs.Dimensions[1].Score.String()})
	r := p.Criteria.Resolved()
	assert.Equal(t, []Dimension{"compliance", Necessity}, []Dimension{r.Items[0].Dimension, r.Items[1].Dimension}, "items name their dimension by code once resolved")

	// The same sheet through the assessor.
	a, err := p.Compile(nil)
	require.NoError(t, err)
	require.NotNil(t, a)
}

func TestSheetProblems(t *testing.T) {
	w := exDec
	dim := func(code, zh, weight string) AssessDimension {
		return AssessDimension{Code: Dimension(code), Name: performance.Text{ZH: zh}, Weight: w(weight)}
	}
	tests := []struct {
		name  string
		c     AssessCriteria
		codes []string
		paths []string
	}{
		{"undeclared dimension", AssessCriteria{
			Dimensions: []AssessDimension{dim("a", "甲", "10")},
			Items:      []AssessItem{{ID: "1", Dimension: "a", Weight: w("10")}, {ID: "2", Dimension: "筹资合规性", Weight: w("5")}},
		}, []string{"item_dimension_invalid"}, []string{"items[1].dimension"}},
		{"the 3E list has no 筹资合规性", AssessCriteria{
			Items: []AssessItem{{ID: "1", Dimension: "筹资合规性", Weight: w("10")}},
		}, []string{"item_dimension_invalid"}, []string{"items[0].dimension"}},
		// 甲 weighs 50 but its items add to 10 + 30 = 40; 乙 has none.
		{"weights and empty dimension", AssessCriteria{
			Dimensions: []AssessDimension{dim("a", "甲", "50"), dim("b", "乙", "0")},
			Items:      []AssessItem{{ID: "1", Dimension: "a", Weight: w("10")}, {ID: "2", Dimension: "甲", Weight: w("30")}},
		}, []string{"dimension_weight_mismatch", "dimension_empty"}, []string{"dimensions[0].weight", "dimensions[1]"}},
		{"duplicates and no code", AssessCriteria{
			Dimensions: []AssessDimension{dim("a", "甲", "0"), dim("b", "甲", "0"), dim("", "", "0")},
			Items:      []AssessItem{{ID: "1", Dimension: "a", Weight: w("10")}, {ID: "2", Dimension: "b", Weight: w("10")}},
		}, []string{"dimension_duplicate", "dimension_code_missing"}, []string{"dimensions[1]", "dimensions[2].code"}},
		{"unknown sheet with items", AssessCriteria{
			Sheet: "provincial", Items: []AssessItem{{ID: "1", Dimension: Necessity, Weight: w("10")}},
		}, []string{"sheet_unknown", "sheet_and_items", "item_dimension_invalid"}, []string{"sheet", "sheet", "items[0].dimension"}},
		{"dimensions without items", AssessCriteria{Dimensions: []AssessDimension{dim("a", "甲", "0")}},
			[]string{"items_missing", "dimension_empty"}, []string{"items", "dimensions[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps performance.Problems
			require.ErrorAs(t, tt.c.Validate(), &ps)
			assert.Equal(t, tt.codes, ps.Codes())
			var paths []string
			for _, p := range ps {
				paths = append(paths, p.Path)
			}
			assert.Equal(t, tt.paths, paths)
		})
	}
}

// A sheet written in JSON round-trips, sources and names included.
func TestSheetJSONRoundTrip(t *testing.T) {
	for _, s := range Sheets() {
		b, err := json.Marshal(s)
		require.NoError(t, err)
		var back AssessSheet
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, s.ID, back.ID)
		assert.Equal(t, len(s.Items), len(back.Items))
		for i := range s.Dimensions {
			assert.Equal(t, s.Dimensions[i].Code, back.Dimensions[i].Code)
			assert.Equal(t, s.Dimensions[i].Name, back.Dimensions[i].Name)
			assert.Equal(t, s.Dimensions[i].Source, back.Dimensions[i].Source)
			assert.True(t, s.Dimensions[i].Weight.Equal(back.Dimensions[i].Weight))
		}
	}
}
