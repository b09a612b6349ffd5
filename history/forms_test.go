package history_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(num(s)) }

// formRecords are handRecords with T-001's third-quarter form and one
// rectification item, due 30 June 2022 and never completed.
func formRecords(t *testing.T) []*history.Record {
	recs := handRecords(t)
	q3 := time.Date(2022, 9, 30, 0, 0, 0, 0, time.UTC)
	recs[0].Forms = []monitoring.Form{
		{ProjectID: "T-001", AsOf: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC)}, // another date: not reviewed
		{ProjectID: "T-001", AsOf: q3, Indicators: []monitoring.FormIndicator{
			{Indicator: "培训人数", Actual: nd("60"), Projected: nd("100"), Likelihood: monitoring.Possible, Cause: monitoring.CauseFunding, Measure: "加快拨付"},
			{Indicator: "服务覆盖人数", Actual: nd("4000"), Projected: nd("5000"), Likelihood: monitoring.Certain},
			{Indicator: "服务对象满意度", Projected: nd("92"), Likelihood: monitoring.Certain},
		}},
	}
	recs[0].Rectifications = []evaluation.RectificationItem{{ID: "T-001-K1", ProjectID: "T-001", Source: "key_evaluation",
		Finding: "资金拨付滞后", Owner: "city-jyj-0", Issued: time.Date(2022, 3, 15, 0, 0, 0, 0, time.UTC), Due: time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC)}}
	return recs
}

// TestReplayForms: T-001's form of 30 September is reviewed at the check.
// 培训人数 60 of 100 by then is behind (60% < 75% − 10%) and 有可能: at
// risk, with a cause and a measure; its projection, 40 more in a quarter
// against 60 in three, is exactly twice the pace (40·9 = 2·60·3): not
// flagged; the form passes. Under v1 T-001 is yellow: continue; under v2
// red: suspend. T-002 has no form: no decision.
func TestReplayForms(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	recs := formRecords(t)
	da, err := v1.Decide(recs)
	require.NoError(t, err)
	db, err := v2.Decide(recs)
	require.NoError(t, err)
	require.NotNil(t, da[0].Form)
	assert.Equal(t, history.FormDecision{Outlook: monitoring.OutlookAtRisk, Recommendation: monitoring.RecommendContinue, Passed: true}, *da[0].Form)
	assert.Equal(t, monitoring.RecommendSuspend, db[0].Form.Recommendation)
	assert.Nil(t, da[1].Form)

	// The item is overdue at the apply date; v1 has no rule reading it,
	// so T-001 is cut as 中 to 48,000 as in TestDiffByHand.
	assert.True(t, da[0].NextYear.Amount.Equal(num("48000")), "%s", da[0].NextYear.Amount)

	// A policy with a rule on overdue rectification cuts further: 60,000 ×
	// 0.5 = 30,000.
	pol := readPolicy(t, "policy_v1.json")
	apply := pol["apply"].(map[string]any)["projects"].(map[string]any)
	apply["rules"] = append([]any{map[string]any{"id": "cut_unrectified", "name": "未按期整改，按50%调减", "priority": 999.0, "group": "action",
		"when": "RectifyOverdue > 0", "outputs": []any{
			map[string]any{"name": "action", "type": "string", "expr": `"cut"`},
			map[string]any{"name": "amount", "type": "money", "expr": "round(Requested * 0.5, 2)"}}}}, apply["rules"].([]any)...)
	data, err := json.Marshal(pol)
	require.NoError(t, err)
	p, err := history.ParsePolicy(data)
	require.NoError(t, err)
	v3, err := history.Compile(p, b.Org, b.Standards)
	require.NoError(t, err)
	dc, err := v3.Decide(recs)
	require.NoError(t, err)
	assert.True(t, dc[0].NextYear.Amount.Equal(num("30000")), "%s", dc[0].NextYear.Amount)
	assert.Equal(t, "cut_unrectified", dc[0].NextYear.Rule)
	assert.True(t, dc[1].NextYear.Amount.Equal(num("100000")), "T-002 has no items")

	// A record with forms and items reads back; one without reads as
	// before (the members are optional).
	var buf bytes.Buffer
	for _, r := range recs {
		line, err := json.Marshal(r)
		require.NoError(t, err)
		buf.Write(append(line, '\n'))
	}
	var back []*history.Record
	for r, err := range history.Read(&buf) {
		require.NoError(t, err)
		back = append(back, r)
	}
	require.Len(t, back, 2)
	assert.Len(t, back[0].Forms, 2)
	assert.Len(t, back[0].Rectifications, 1)
	assert.Nil(t, back[1].Forms)
}

// TestReplayFormProblems: a form line of an unknown indicator is an error
// of its record; the form is still reviewed.
func TestReplayFormProblems(t *testing.T) {
	b := loadBundle(t)
	v1 := b.Program(t, "policy_v1.json")
	recs := formRecords(t)
	recs[0].Forms[1].Indicators = append(recs[0].Forms[1].Indicators, monitoring.FormIndicator{Indicator: "无此指标", Likelihood: monitoring.Certain})
	ds, err := v1.Decide(recs)
	var re *history.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "forms", re.Stage)
	assert.Equal(t, "T-001", re.Key.ProjectID)
	require.NotNil(t, ds[0].Form)
}

func readPolicy(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}
