package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/sqlstore"
)

// bundledRecords is the number of lines of testdata/history/records.jsonl.gz
// (zcat | wc -l).
const bundledRecords = 3227

// TestRoundTrip imports the bundled history and checks that the database
// gives back every record exactly (the same JSON, record by record, in the
// same order) and that replay, diff and verify from it print byte for byte
// what they print from the file.
func TestRoundTrip(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := openStore(t, be.open(t))
			st, err := s.Import(ctx, docs(recordsFile()), sqlstore.ImportOptions{})
			require.NoError(t, err)
			assert.Equal(t, sqlstore.ImportStats{Read: bundledRecords, Imported: bundledRecords}, st)

			// Record by record.
			next, stop := iterPull(history.Decode(s.Records(ctx)))
			defer stop()
			n := 0
			for want, err := range history.ReadFile(recordsFile()) {
				require.NoError(t, err)
				got, err, ok := next()
				require.True(t, ok, "database ended after %d records", n)
				require.NoError(t, err)
				wj, _ := json.Marshal(want)
				gj, _ := json.Marshal(got)
				require.Equal(t, string(wj), string(gj), "record %d (%s %d)", n+1, want.Project.ID, want.Project.FiscalYear)
				n++
			}
			_, _, more := next()
			assert.False(t, more, "database holds more records than the file's %d", n)

			b := loadBundle(t)
			v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
			fromFile := history.ReadFile(recordsFile())
			fromDB := history.Decode(s.Records(ctx))

			sf, err := history.Replay(ctx, v1, fromFile, history.StreamOptions{})
			require.NoError(t, err)
			sd, err := history.Replay(ctx, v1, fromDB, history.StreamOptions{Workers: 2})
			require.NoError(t, err)
			jf, _ := json.Marshal(sf)
			jd, _ := json.Marshal(sd)
			assert.Equal(t, string(jf), string(jd), "replay summary")
			assert.Equal(t, bundledRecords, sd.Records)

			rf, err := history.Diff(ctx, v1, v2, fromFile, history.StreamOptions{Sample: 8})
			require.NoError(t, err)
			rd, err := history.Diff(ctx, v1, v2, fromDB, history.StreamOptions{Sample: 8})
			require.NoError(t, err)
			for _, l := range []performance.Lang{performance.LangZH, performance.LangEN} {
				var a, b bytes.Buffer
				require.NoError(t, rf.WriteText(&a, l))
				require.NoError(t, rd.WriteText(&b, l))
				assert.Equal(t, a.String(), b.String(), "diff text")
			}
			var ca, cb bytes.Buffer
			require.NoError(t, rf.WriteCSV(&ca))
			require.NoError(t, rd.WriteCSV(&cb))
			assert.Equal(t, ca.String(), cb.String(), "diff CSV")
			assert.Positive(t, rd.Changed, "v2 changes something (the golden diff says so)")

			vf, err := history.Verify(ctx, []*history.Program{v1, v2}, fromFile, history.StreamOptions{})
			require.NoError(t, err)
			vd, err := history.Verify(ctx, []*history.Program{v1, v2}, fromDB, history.StreamOptions{})
			require.NoError(t, err)
			jf, _ = json.Marshal(vf)
			jd, _ = json.Marshal(vd)
			assert.Equal(t, string(jf), string(jd), "verification")

			// Importing again changes nothing.
			st, err = s.Import(ctx, docs(recordsFile()), sqlstore.ImportOptions{})
			require.NoError(t, err)
			assert.Equal(t, sqlstore.ImportStats{Read: bundledRecords, Unchanged: bundledRecords}, st)
		})
	}
}
