package performance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadScheme(t testing.TB, name string) Scheme {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var s Scheme
	require.NoError(t, DecodeJSON(b, &s))
	require.NoError(t, s.Validate(), "scheme %s", name)
	return s
}

// gradeCase is a score (as written) and the label and national grade the
// scheme must give, worked out from the scheme's bounds.
type gradeCase struct {
	score string
	label string
	grade Grade
}

func checkGrades(t *testing.T, s Scheme, cases []gradeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.score, func(t *testing.T) {
			b, err := s.Grade(num(c.score))
			require.NoError(t, err)
			assert.Equal(t, c.label, b.Label)
			assert.Equal(t, c.grade, b.Grade)
		})
	}
}

func TestDefaultSchemeBoundaries(t *testing.T) {
	s := DefaultScheme()
	require.NoError(t, s.Validate())
	checkGrades(t, s, []gradeCase{
		{"100", "优", Excellent},
		{"100.000", "优", Excellent},
		{"1e2", "优", Excellent}, // 1 × 10²: the exponent is positive
		{"90", "优", Excellent},  // lower bounds are inclusive
		{"90.00", "优", Excellent},
		{"0.9e2", "优", Excellent},
		{"89.999999", "良", Good},
		{"89.995", "良", Good}, // exact: not rounded up to 90.00 first
		{"89.99", "良", Good},
		{"80", "良", Good},
		{"79.99", "中", Fair},
		{"60", "中", Fair},
		{"60.0", "中", Fair},
		{"59.99", "差", Poor},
		{"0.01", "差", Poor},
		{"0", "差", Poor},
		{"-0", "差", Poor},
		// 22 significant digits: beyond int64, graded through Cmp.
		{"89.99999999999999999999", "良", Good},
		{"90.00000000000000000000", "优", Excellent},
	})
}

func TestSchemeGradeOutOfRange(t *testing.T) {
	s := DefaultScheme()
	for _, score := range []string{"-0.01", "-100", "100.01", "100.0000000000000000000001", "1e3", "-1e-30"} {
		t.Run(score, func(t *testing.T) {
			b, err := s.Grade(num(score))
			assert.ErrorIs(t, err, ErrScoreOutOfRange)
			assert.Equal(t, Band{}, b)
		})
	}
}

func TestDefaultSchemeIsFresh(t *testing.T) {
	s := DefaultScheme()
	s.Bands[0].Min = num("95")
	s.Bands[0].Label = "changed"
	again := DefaultScheme()
	assert.Equal(t, "优", again.Bands[0].Label)
	assert.True(t, again.Bands[0].Min.Equal(num("90")))
}

// The national scheme written as JSON data decodes to what DefaultScheme
// returns.
func TestDefaultSchemeMatchesData(t *testing.T) {
	s := loadScheme(t, "scheme_national.json")
	def := DefaultScheme()
	assert.Equal(t, def.Name, s.Name)
	assert.Equal(t, def.Source, s.Source)
	require.Len(t, s.Bands, len(def.Bands))
	for i := range def.Bands {
		assert.Equal(t, def.Bands[i].Label, s.Bands[i].Label)
		assert.Equal(t, def.Bands[i].Grade, s.Bands[i].Grade)
		assert.True(t, def.Bands[i].Min.Equal(s.Bands[i].Min))
	}
}

func TestSchemesAsData(t *testing.T) {
	t.Run("district whose 中 starts at 70", func(t *testing.T) {
		checkGrades(t, loadScheme(t, "scheme_district_fair70.json"), []gradeCase{
			{"70", "中", Fair},
			{"69.99", "差", Poor}, // 中 under the national scheme, 差 here
			{"60", "差", Poor},
		})
	})
	t.Run("a 低 grade", func(t *testing.T) {
		checkGrades(t, loadScheme(t, "scheme_low_grade.json"), []gradeCase{
			{"70", "中", Fair},
			{"69.99", "低", Fair},
			{"60", "低", Fair},
			{"59.99", "差", Poor},
		})
	})
	t.Run("city labels", func(t *testing.T) {
		checkGrades(t, loadScheme(t, "scheme_city_labels.json"), []gradeCase{
			{"95", "优秀", Excellent},
			{"85", "良好", Good},
			{"65", "一般", Fair},
			{"5", "差", Poor},
		})
	})
	t.Run("merged 优良", func(t *testing.T) {
		checkGrades(t, loadScheme(t, "scheme_merged.json"), []gradeCase{
			{"100", "优良", GradeNone},
			{"80", "优良", GradeNone},
			{"79.99", "中", Fair},
		})
	})
	t.Run("US PART", func(t *testing.T) {
		s := loadScheme(t, "scheme_part.json")
		checkGrades(t, s, []gradeCase{
			{"85", "Effective", GradeNone},
			{"84.99", "Moderately Effective", GradeNone},
			{"70", "Moderately Effective", GradeNone},
			{"50", "Adequate", GradeNone},
			{"49.99", "Ineffective", GradeNone},
		})
		// Results Not Demonstrated wins over any score, even a perfect one,
		// and over an out-of-range one, which is then not looked at.
		for _, score := range []string{"100", "0", "120"} {
			b, err := s.Grade(num(score), "some_other_flag", "no_performance_data")
			require.NoError(t, err)
			assert.Equal(t, "Results Not Demonstrated", b.Label)
			assert.True(t, b.Min.IsZero())
		}
		// A flag the scheme does not know is ignored.
		b, err := s.Grade(num("90"), "unknown")
		require.NoError(t, err)
		assert.Equal(t, "Effective", b.Label)
	})
}

func TestSchemeValidateProblems(t *testing.T) {
	tests := []struct {
		name string
		s    Scheme
		want []string // code@path
	}{
		{"no bands", Scheme{Name: "empty"}, []string{CodeNoBands + "@bands"}},
		{"gap at the bottom", Scheme{Bands: []Band{
			{Label: "合格", Min: num("60")},
		}}, []string{CodeRangeNotCovered + "@bands[0].min"}},
		{"overlap: equal bounds", Scheme{Bands: []Band{
			{Label: "A", Min: num("80")}, {Label: "B", Min: num("80.00")}, {Label: "C", Min: num("0")},
		}}, []string{CodeBandOrder + "@bands[1].min"}},
		{"ascending order", Scheme{Bands: []Band{
			{Label: "差", Grade: Poor, Min: num("0")}, {Label: "优", Grade: Excellent, Min: num("90")},
		}}, []string{CodeGradeOrder + "@bands[1].grade", CodeBandOrder + "@bands[1].min", CodeRangeNotCovered + "@bands[1].min"}},
		{"bounds out of range", Scheme{Bands: []Band{
			{Label: "A", Min: num("100.5")}, {Label: "B", Min: num("50")}, {Label: "C", Min: num("-1")},
		}}, []string{CodeBandOutOfRange + "@bands[0].min", CodeBandOutOfRange + "@bands[2].min"}},
		{"labels missing and repeated", Scheme{
			Bands: []Band{
				{Label: "优", Min: num("90")}, {Label: " ", Min: num("60")}, {Label: "优", Min: num("0")},
			},
			Overrides: []Override{{Flag: "f", Label: "优"}},
		}, []string{
			CodeMissingLabel + "@bands[1].label",
			CodeDuplicateLabel + "@bands[2].label",
			CodeDuplicateLabel + "@overrides[0].label",
		}},
		{"invalid grade", Scheme{Bands: []Band{{Label: "A", Grade: Grade(9), Min: num("0")}}},
			[]string{CodeInvalidGrade + "@bands[0].grade"}},
		{"grade better below", Scheme{Bands: []Band{
			{Label: "A", Grade: Good, Min: num("80")}, {Label: "B", Min: num("70")}, {Label: "C", Grade: Excellent, Min: num("0")},
		}}, []string{CodeGradeOrder + "@bands[2].grade"}},
		{"equal grades in neighbouring bands are fine", Scheme{Bands: []Band{
			{Label: "中", Grade: Fair, Min: num("70")}, {Label: "低", Grade: Fair, Min: num("0")},
		}}, nil},
		{"overrides", Scheme{
			Bands: []Band{{Label: "A", Min: num("0")}},
			Overrides: []Override{
				{Flag: "", Label: "X"}, {Flag: "f", Label: "Y"}, {Flag: "f", Label: "Z", Grade: Grade(7)},
			},
		}, []string{
			CodeMissingFlag + "@overrides[0].flag",
			CodeDuplicateFlag + "@overrides[2].flag",
			CodeInvalidGrade + "@overrides[2].grade",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			var ps Problems
			require.ErrorAs(t, err, &ps)
			var got []string
			for _, p := range ps {
				got = append(got, p.Code+"@"+p.Path)
				assert.NotEmpty(t, p.Message.ZH)
				assert.NotEmpty(t, p.Message.EN)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// On an invalid scheme Grade still answers without panicking.
func TestSchemeGradeInvalidScheme(t *testing.T) {
	_, err := Scheme{}.Grade(num("50"))
	assert.ErrorIs(t, err, ErrNoBand)
	s := Scheme{Bands: []Band{{Label: "合格", Min: num("60")}}}
	_, err = s.Grade(num("59"))
	assert.ErrorIs(t, err, ErrNoBand)
	b, err := s.Grade(num("60"))
	require.NoError(t, err)
	assert.Equal(t, "合格", b.Label)
}

func TestSchemeJSONRoundTrip(t *testing.T) {
	s := loadScheme(t, "scheme_part.json")
	b, err := json.Marshal(s)
	require.NoError(t, err)
	// Decimals are strings; a GradeNone grade is omitted.
	assert.Contains(t, string(b), `{"label":"Effective","min":"85"}`)
	assert.Contains(t, string(b), `"overrides":[{"flag":"no_performance_data","label":"Results Not Demonstrated"}]`)
	var back Scheme
	require.NoError(t, DecodeJSON(b, &back))
	assert.Equal(t, s, back)

	b, err = json.Marshal(DefaultScheme())
	require.NoError(t, err)
	assert.Equal(t, `{"name":"national","source":"财预〔2020〕10号","bands":[`+
		`{"label":"优","grade":"优","min":"90"},{"label":"良","grade":"良","min":"80"},`+
		`{"label":"中","grade":"中","min":"60"},{"label":"差","grade":"差","min":"0"}]}`, string(b))
}

func TestSchemeGradeDoesNotAllocate(t *testing.T) {
	s := DefaultScheme()
	p := loadScheme(t, "scheme_part.json")
	for _, score := range []string{"100", "90", "89.99", "59.99", "0", "72.125"} {
		v := num(score)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := s.Grade(v); err != nil {
				t.Fatal(err)
			}
			if _, err := p.Grade(v, "no_performance_data"); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "grading %s allocated", score)
	}
}
