package performance

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseGrade(t *testing.T) {
	tests := []struct {
		in   string
		want Grade
	}{
		{"优", Excellent}, {"优秀", Excellent}, {"excellent", Excellent}, {" Excellent ", Excellent},
		{"良", Good}, {"良好", Good}, {"GOOD", Good},
		{"中", Fair}, {"一般", Fair}, {"fair", Fair},
		{"差", Poor}, {"较差", Poor}, {"poor", Poor},
		{"", GradeNone}, {"  ", GradeNone},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseGrade(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	for _, bad := range []string{"低", "A", "优良", "ex"} {
		t.Run("bad "+bad, func(t *testing.T) {
			_, err := ParseGrade(bad)
			assert.ErrorIs(t, err, ErrUnknownGrade)
		})
	}
}

func TestGradeNames(t *testing.T) {
	assert.Equal(t, []Grade{Excellent, Good, Fair, Poor}, Grades())
	g := Grades()
	g[0] = Poor
	assert.Equal(t, Excellent, Grades()[0], "Grades returns a fresh slice")

	assert.Equal(t, "优", Excellent.String())
	assert.Equal(t, "", GradeNone.String())
	assert.Equal(t, "Grade(9)", Grade(9).String())
	assert.Equal(t, "未评级", GradeNone.Name(LangZH))
	assert.Equal(t, "none", GradeNone.Name(LangEN))
	assert.Equal(t, "poor", Poor.Name(LangEN))
	assert.Equal(t, "中", Fair.Name(LangZH))
	assert.True(t, GradeNone.Valid())
	assert.False(t, Grade(5).Valid())
}

func TestGradeJSON(t *testing.T) {
	type row struct {
		G []Grade `json:"g"`
	}
	out, err := json.Marshal(row{G: []Grade{Excellent, Good, Fair, Poor, GradeNone}})
	require.NoError(t, err)
	assert.Equal(t, `{"g":["优","良","中","差",""]}`, string(out))

	var back row
	require.NoError(t, json.Unmarshal([]byte(`{"g":["优秀","good","一般","差",""]}`), &back))
	assert.Equal(t, []Grade{Excellent, Good, Fair, Poor, GradeNone}, back.G)

	_, err = json.Marshal(Grade(7))
	assert.Error(t, err, "an invalid grade must not marshal")
	assert.ErrorIs(t, json.Unmarshal([]byte(`"A+"`), new(Grade)), ErrUnknownGrade)
}
