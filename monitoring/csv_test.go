package monitoring_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/monitoring"
)

// tally reads a records CSV: the accepted records and the errors, in order.
func tally(t *testing.T, in string) ([]monitoring.Record, []*monitoring.ParseError) {
	t.Helper()
	var recs []monitoring.Record
	var errs []*monitoring.ParseError
	for r, err := range monitoring.ReadRecords(strings.NewReader(in)) {
		if err != nil {
			var pe *monitoring.ParseError
			require.ErrorAs(t, err, &pe)
			errs = append(errs, pe)
			continue
		}
		recs = append(recs, r)
	}
	return recs, errs
}

func sampleRecords(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../testdata/monitoring/records.csv")
	require.NoError(t, err)
	lines := strings.SplitAfter(string(data), "\n")
	require.Equal(t, "", lines[len(lines)-1])
	return lines[:len(lines)-1] // the header and 962 rows
}

// TestReadRecordsUnmatchedQuote is issue 16's input: one unmatched quote on
// line 3 of the sample's 962 records. encoding/csv read lines 3–963 as one
// field and reported "rows read 2, accepted 1"; now line 3 alone is
// rejected, with its line and the quote's character column.
func TestReadRecordsUnmatchedQuote(t *testing.T) {
	lines := sampleRecords(t)
	require.Len(t, lines, 963)
	// XM2021001,2021-04-08,… becomes XM2021001,"2021-04-08,…
	lines[2] = strings.Replace(lines[2], ",", `,"`, 1)
	recs, errs := tally(t, strings.Join(lines, ""))
	assert.Len(t, recs, 961)
	require.Len(t, errs, 1)
	assert.Equal(t, 3, errs[0].Line)
	assert.Equal(t, 2, errs[0].Field)
	assert.Equal(t, 11, errs[0].Char, "XM2021001, is ten characters")
	assert.ErrorIs(t, errs[0], scan.ErrQuote)
	assert.Equal(t, `monitoring: line 3, field 2: extraneous or missing " in quoted-field: the quoted field opened here is not closed at character 11`, errs[0].Error())
	assert.Equal(t, 962, len(recs)+len(errs), "read = accepted + rejected")
}

// TestReadRecordsBadBytes: an invalid byte (or the U+FFFD a GB18030
// decoder writes for one) rejects its row only.
func TestReadRecordsBadBytes(t *testing.T) {
	in := "project_id,date,amount\nP1,2021-01-05,1\nP\xff2,2021-01-06,2\nP3,2021-01-07,\uFFFD3\nP4,2021-01-08,4\n"
	recs, errs := tally(t, in)
	require.Len(t, recs, 2)
	assert.Equal(t, "P1", recs[0].ProjectID)
	assert.Equal(t, "P4", recs[1].ProjectID)
	require.Len(t, errs, 2)
	assert.Equal(t, [2]int{3, 4}, [2]int{errs[0].Line, errs[1].Line})
	assert.Equal(t, [2]int{2, 15}, [2]int{errs[0].Char, errs[1].Char})
	assert.True(t, errors.Is(errs[0], scan.ErrEncoding) && errors.Is(errs[1], scan.ErrEncoding))
}
