package history_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

// bundledCSV writes the first n bundled records (all for n ≤ 0) in the CSV
// layout and returns the two files' lines, headers first.
func bundledCSV(t *testing.T, n int) (recs, lines []string) {
	t.Helper()
	var rb, lb bytes.Buffer
	w := history.NewCSVWriter(&rb, &lb)
	k := 0
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		require.NoError(t, w.Write(r))
		if k++; k == n {
			break
		}
	}
	require.NoError(t, w.Flush())
	split := func(s string) []string {
		out := strings.SplitAfter(s, "\n")
		require.Equal(t, "", out[len(out)-1])
		return out[:len(out)-1]
	}
	return split(rb.String()), split(lb.String())
}

func replayCSV(t *testing.T, p *history.Program, recs, lines []string) *history.Summary {
	t.Helper()
	s, err := history.Replay(context.Background(), p, history.ReadCSV(strings.NewReader(strings.Join(recs, "")), strings.NewReader(strings.Join(lines, ""))), history.StreamOptions{})
	require.NoError(t, err)
	return s
}

// TestReadCSVCostLineOutOfOrder is issue 16's input: the first 300 bundled
// records as CSV (approved total 678,177,756.05 under v1) with the last
// cost line moved to the front. Joined by position, that line matched no
// record and every record after it lost its cost lines: approved 0.00.
// Joined by key the replay is the same as from the JSON lines.
func TestReadCSVCostLineOutOfOrder(t *testing.T) {
	b := loadBundle(t)
	v1 := b.Program(t, "policy_v1.json")
	want, err := history.Replay(context.Background(), v1, history.Slice(bundled(t, 300)), history.StreamOptions{})
	require.NoError(t, err)
	require.Equal(t, "678177756.05", want.Total.ApprovedA.StringFixed(2), "the JSON history's approved total")

	recs, lines := bundledCSV(t, 300)
	require.Len(t, recs, 1+300)
	n := len(lines)
	moved := append([]string{lines[0], lines[n-1]}, lines[1:n-1]...)
	got := replayCSV(t, v1, recs, moved)
	assert.Equal(t, "678177756.05", got.Total.ApprovedA.StringFixed(2))
	assert.Equal(t, jsonOf(t, want), jsonOf(t, got))
}

// bundled returns the first n bundled records.
func bundled(t *testing.T, n int) []*history.Record {
	t.Helper()
	var out []*history.Record
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		if out = append(out, r); len(out) == n {
			break
		}
	}
	return out
}

// TestReplayCSVShuffled: replay's summary does not depend on the order of
// the rows of either CSV file (the first 400 bundled records, 1,2xx cost
// lines, each shuffled five times with fixed seeds).
func TestReplayCSVShuffled(t *testing.T) {
	b := loadBundle(t)
	v1 := b.Program(t, "policy_v1.json")
	recs, lines := bundledCSV(t, 400)
	want := jsonOf(t, replayCSV(t, v1, recs, lines))
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 16))
		r2 := append([]string{}, recs...)
		l2 := append([]string{}, lines...)
		rng.Shuffle(len(r2)-1, func(i, j int) { r2[i+1], r2[j+1] = r2[j+1], r2[i+1] })
		rng.Shuffle(len(l2)-1, func(i, j int) { l2[i+1], l2[j+1] = l2[j+1], l2[i+1] })
		assert.Equal(t, want, jsonOf(t, replayCSV(t, v1, r2, l2)), "seed %d", seed)
	}
}

// TestReadCSVOrphans: a cost line whose record is missing is rejected with
// its line, one error each, and a second record of a key with cost lines
// is rejected rather than given the same lines.
func TestReadCSVOrphans(t *testing.T) {
	recs := "fiscal_year,project_id,unit_id,amount\n" +
		"2022,A,u1,100\n" +
		"2022,B,u1,200\n" +
		"2022,A,u1,100\n"
	lines := "fiscal_year,project_id,item,amount\n" +
		"2022,Z,orphan,1\n" +
		"2022,B,y,200\n" +
		"2022,A,x,100\n" +
		"2021,A,orphan,2\n"
	var got []string
	var errs []string
	for r, err := range history.ReadCSV(strings.NewReader(recs), strings.NewReader(lines)) {
		if err != nil {
			assert.ErrorIs(t, err, history.ErrRecord)
			errs = append(errs, err.Error())
			continue
		}
		got = append(got, r.Project.ID+":"+r.Project.CostLines[0].Item)
	}
	assert.Equal(t, []string{"A:x", "B:y"}, got)
	assert.Equal(t, []string{
		"history: records line 4, column project_id: history: bad record: A 2022 is also on line 2, and cost lines name no record but by project and year",
		"history: cost_lines line 2: history: bad record: cost line of Z 2022 matches no record",
		"history: cost_lines line 5: history: bad record: cost line of A 2021 matches no record",
	}, errs)
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
