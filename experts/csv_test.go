package experts_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpertsCSVRoundTrip(t *testing.T) {
	lib := library()
	for i := range lib.Experts {
		lib.Experts[i].History = nil // JSON only
	}
	lib.Experts[6].Title, lib.Experts[6].Level, lib.Experts[6].Region = "高级会计师", "副高", "城关区"
	var buf bytes.Buffer
	require.NoError(t, experts.WriteExpertsCSV(&buf, lib))
	got, err := experts.ReadExpertsCSV("experts.csv", &buf, nil)
	require.NoError(t, err)
	assert.Equal(t, lib.Experts, got.Experts)

	var abuf bytes.Buffer
	as := agencies()
	for i := range as {
		as[i].Engagements = nil
	}
	require.NoError(t, experts.WriteAgenciesCSV(&abuf, as))
	back, err := experts.ReadAgenciesCSV("agencies.csv", &abuf)
	require.NoError(t, err)
	assert.Equal(t, as, back)
}

func TestExpertsCSVBadRows(t *testing.T) {
	in := "id,name,fields,status,status_reason,status_date,conflicts\n" +
		"E1,甲,finance,active,,,\n" +
		"E2,乙,astrology,active,,,\n" + // line 3: unknown field
		"E1,丙,cost,active,,,\n" + // line 4: repeats E1
		"E4,丁,cost,suspended,,,\n" + // line 5: no reason, no date
		"E5,\"戊,cost,active,,,\n" + // line 6: a quote never closed
		"E6,己,cost,active,,,D1:配偶任职\n"
	lib, err := experts.ReadExpertsCSV("experts.csv", strings.NewReader(in), nil)
	require.Error(t, err)
	var ids []string
	for _, e := range lib.Experts {
		ids = append(ids, e.ID)
	}
	assert.Equal(t, []string{"E1", "E6"}, ids, "the good rows are kept")
	assert.Equal(t, []experts.Conflict{{UnitID: "D1", Relation: "配偶任职"}}, lib.Experts[1].Conflicts)
	var lines []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *scan.RowError
		require.True(t, errors.As(e, &re), "%v", e)
		lines = append(lines, re.Error())
	}
	assert.Equal(t, []string{
		"experts.csv:3:3: fields: unknown field of expertise: astrology (unknown_field)",
		`experts.csv:4:1: id: expert "E1" repeats line 2`,
		"experts.csv:5:5: status_reason: a suspension or removal needs its reason (status_no_reason)",
		"experts.csv:5:6: status_date: a suspension or removal needs its date (YYYY-MM-DD):  (bad_date)",
		`experts.csv:6:4: extraneous or missing " in quoted-field: the quoted field opened here is not closed`,
	}, lines)

	_, err = experts.ReadExpertsCSV("experts.csv", strings.NewReader("id,name,feilds\n"), nil)
	assert.ErrorIs(t, err, experts.ErrHeader)
	assert.ErrorContains(t, err, `unknown column "feilds"; missing column "fields"; missing column "status"`)

	_, err = experts.ReadAgenciesCSV("a.csv", strings.NewReader("id,name,qualifications,status,staff\nA1,甲,cpa,active,many\n"))
	assert.EqualError(t, err, `a.csv:2:5: staff: not a whole number: "many"`)
}
