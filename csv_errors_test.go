package jixiao_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/monitoring"
)

// TestOneCSVRowError: a bad CSV row from history, monitoring and experts
// is one type (issue 15), so any of their names is an errors.As target for
// the others' errors, and each keeps the text it has always printed.
func TestOneCSVRowError(t *testing.T) {
	// monitoring: line 3's amount does not parse.
	var monErr error
	for _, err := range monitoring.ReadRecords(strings.NewReader("project_id,date,amount\nP1,2021-03-01,10\nP2,2021-03-02,abc\n")) {
		if err != nil {
			monErr = err
		}
	}
	require.Error(t, monErr)
	var asHistory *history.CSVError
	require.True(t, errors.As(monErr, &asHistory), "a monitoring row error is a *history.CSVError: %T", monErr)
	assert.Equal(t, 3, asHistory.Line)
	assert.Equal(t, "amount", asHistory.Field)
	assert.Equal(t, 3, asHistory.Index, "amount is the third field")
	assert.True(t, strings.HasPrefix(monErr.Error(), "monitoring: line 3, column amount: "), monErr.Error())

	// history: the records file lacks its required columns.
	var histErr error
	for _, err := range history.ReadCSV(strings.NewReader("fiscal_year,project_id\n2021,P1\n"), strings.NewReader("fiscal_year,project_id,item,amount\n")) {
		if err != nil {
			histErr = err
			break
		}
	}
	require.Error(t, histErr)
	var asMonitoring *monitoring.RowError
	require.True(t, errors.As(histErr, &asMonitoring), "a history row error is a *monitoring.RowError: %T", histErr)
	assert.Equal(t, "records", asMonitoring.File)
	assert.Equal(t, 1, asMonitoring.Line)
	assert.True(t, strings.HasPrefix(histErr.Error(), "history: records line 1, column "), histErr.Error())

	// experts: line 2 has no name.
	_, expErr := experts.ReadExpertsCSV("experts.csv", strings.NewReader("id,name,fields,status\nE1,,财务,active\n"), nil)
	require.Error(t, expErr)
	var asExperts *experts.RowError
	require.True(t, errors.As(expErr, &asExperts))
	var asHistoryToo *history.CSVError
	require.True(t, errors.As(expErr, &asHistoryToo))
	assert.Equal(t, "experts.csv", asHistoryToo.File)
	assert.Equal(t, 2, asHistoryToo.Line)
	assert.True(t, strings.HasPrefix(expErr.Error(), "experts.csv:2:"), expErr.Error())
}
