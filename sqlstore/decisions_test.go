package sqlstore_test

import (
	"context"
	"encoding/json"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/sqlstore"
)

func dec(project, stage, hash, outcome string) sqlstore.Decision {
	return sqlstore.Decision{ProjectID: project, FiscalYear: 2024, Stage: stage,
		Policy:      performance.PolicyRef{ID: "city", Version: hash, Hash: hash},
		InputDigest: "in-" + project, Outcome: []byte(outcome), Rules: []string{"R-" + stage}}
}

func collect[T any](t *testing.T, s iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range s {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// TestDecisionQueries logs two runs and checks the three questions by
// hand. Run A (policy HA): X grade 良, Y grade 优, X exante approved 100.
// Run B (policy HB): X grade 中, Y grade 优, Z grade 良. So between A and B:
// X exante only in A, X grade changed (良→中), Z grade only in B; Y is the
// same and is not a change.
func TestDecisionQueries(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			db := be.open(t)
			s := openStore(t, db)
			a := sqlstore.Batch{Run: "A", ID: "a1", Decisions: []sqlstore.Decision{
				dec("X", sqlstore.StageGrade, "HA", `{"grade": "良"}`),
				dec("Y", sqlstore.StageGrade, "HA", `{"grade":"优"}`),
				dec("X", sqlstore.StageExAnte, "HA", `{"approved":"100"}`),
			}}
			b := sqlstore.Batch{Run: "B", ID: "b1", Decisions: []sqlstore.Decision{
				dec("Z", sqlstore.StageGrade, "HB", `{"grade":"良"}`),
				dec("X", sqlstore.StageGrade, "HB", `{"grade":"中"}`),
				dec("Y", sqlstore.StageGrade, "HB", `{"scheme":"district","grade":"优"}`), // another scheme, same grade: no change
			}}
			for _, x := range []sqlstore.Batch{a, b} {
				ok, err := s.WriteBatch(ctx, x)
				require.NoError(t, err)
				require.True(t, ok)
			}

			of := collect(t, s.DecisionsOf(ctx, "X"))
			require.Len(t, of, 3)
			assert.Equal(t, [][2]string{{"exante", "A"}, {"grade", "A"}, {"grade", "B"}},
				[][2]string{{of[0].Stage, of[0].Run}, {of[1].Stage, of[1].Run}, {of[2].Stage, of[2].Run}})
			assert.Equal(t, `{"grade":"良"}`, string(of[1].Outcome), "stored compacted")
			assert.Equal(t, []string{"R-grade"}, of[1].Rules)
			assert.Equal(t, "a1", of[1].Batch)

			by := collect(t, s.DecisionsBy(ctx, "HB"))
			require.Len(t, by, 3)
			assert.Equal(t, []string{"X", "Y", "Z"}, []string{by[0].ProjectID, by[1].ProjectID, by[2].ProjectID})

			cs := collect(t, s.Changes(ctx, "A", "B"))
			require.Len(t, cs, 3)
			assert.Equal(t, "X", cs[0].ProjectID)
			assert.Equal(t, "exante", cs[0].Stage)
			assert.NotNil(t, cs[0].A)
			assert.Nil(t, cs[0].B, "X exante only in A")
			assert.Equal(t, "grade", cs[1].Stage)
			assert.Equal(t, `{"grade":"良"}`, string(cs[1].A.Outcome))
			assert.Equal(t, `{"grade":"中"}`, string(cs[1].B.Outcome))
			assert.Equal(t, "Z", cs[2].ProjectID)
			assert.Nil(t, cs[2].A, "Z only in B")

			// The documented views answer the same questions in SQL.
			assert.Equal(t, 1, countRows(t, db, `SELECT COUNT(*) FROM decision_changes WHERE run_a = 'A' AND run_b = 'B'`))
			assert.Equal(t, 1, countRows(t, db, `SELECT COUNT(*) FROM decision_only_in WHERE run_a = 'A' AND run_b = 'B'`))
			assert.Equal(t, 1, countRows(t, db, `SELECT COUNT(*) FROM decision_only_in WHERE run_a = 'B' AND run_b = 'A'`))
			assert.Equal(t, 2, countRows(t, db, `SELECT decisions FROM policy_decisions WHERE policy_hash = 'HA' AND stage = 'grade'`))
			assert.Equal(t, 3, countRows(t, db, `SELECT COUNT(*) FROM decision_log WHERE project_id = 'X'`))

			// The same batch again, in another order: nothing written.
			again := sqlstore.Batch{Run: "A", ID: "a1", Decisions: []sqlstore.Decision{a.Decisions[2], a.Decisions[0], a.Decisions[1]}}
			ok, err := s.WriteBatch(ctx, again)
			require.NoError(t, err)
			assert.False(t, ok)
			// Another batch under the same id: a conflict, nothing written.
			other := sqlstore.Batch{Run: "A", ID: "a1", Decisions: []sqlstore.Decision{dec("W", sqlstore.StageGrade, "HA", `{}`)}}
			_, err = s.WriteBatch(ctx, other)
			require.ErrorIs(t, err, sqlstore.ErrConflict)
			// A new batch repeating a decision of a1 and adding one: a
			// conflict, and the added one is not written either.
			overlap := sqlstore.Batch{Run: "A", ID: "a2", Decisions: []sqlstore.Decision{
				dec("V", sqlstore.StageGrade, "HA", `{}`), dec("X", sqlstore.StageGrade, "HA", `{"grade":"差"}`)}}
			_, err = s.WriteBatch(ctx, overlap)
			require.ErrorIs(t, err, sqlstore.ErrConflict)
			assert.Equal(t, 6, countRows(t, db, `SELECT COUNT(*) FROM decisions`))
			assert.Equal(t, 2, countRows(t, db, `SELECT COUNT(*) FROM decision_batches`))

			// A batch that is not valid writes nothing and says why.
			_, err = s.WriteBatch(ctx, sqlstore.Batch{Run: "A", ID: "a3", Decisions: []sqlstore.Decision{
				dec("U", sqlstore.StageGrade, "", `{}`), dec("T", sqlstore.StageGrade, "HA", `{not json`)}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "no policy hash")
			assert.Contains(t, err.Error(), "outcome is not JSON")
		})
	}
}

// TestImportRejectsBadRecords imports three documents: one good, one that
// does not decode, one under the good one's key with other content. The
// good one is imported, the two others are rejected with their positions,
// and the database holds one record.
func TestImportRejectsBadRecords(t *testing.T) {
	ctx := context.Background()
	db := backend{"sqlite", sqliteFile}.open(t)
	s := openStore(t, db)
	var good []byte
	for d, err := range take(docs(recordsFile()), 1) {
		require.NoError(t, err)
		good = d
	}
	// The good document with another carry_over: same key, other content.
	// (Appending a second "carry_over" member no longer makes one: the
	// strict decoder rejects the repeated member, TestImportRejectsRepeatedMember.)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(good, &m))
	require.NotEqual(t, `"1"`, string(m["carry_over"]))
	m["carry_over"] = json.RawMessage(`"1"`)
	changed, err := json.Marshal(m)
	require.NoError(t, err)
	in := func(yield func([]byte, error) bool) {
		_ = yield(good, nil) && yield([]byte(`{"round": 1, "unknown": true}`), nil) && yield(changed, nil)
	}
	st, err := s.Import(ctx, in, sqlstore.ImportOptions{})
	assert.Equal(t, sqlstore.ImportStats{Read: 3, Imported: 1, Rejected: 2}, st)
	require.ErrorIs(t, err, sqlstore.ErrRecord)
	var re *sqlstore.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.N)
	assert.Contains(t, err.Error(), "record 3 (XM000004 2021)")
	require.ErrorIs(t, err, sqlstore.ErrConflict)
	assert.Equal(t, 1, countRows(t, db, `SELECT COUNT(*) FROM project_years`))
}

// TestImportRejectsRepeatedMember imports a good document with a member
// given twice: records are read by the one strict decoder
// (performance.DecodeJSON), which rejects the repeated member with its
// path instead of keeping the later value, as encoding/json would; the
// record is rejected and nothing is written.
func TestImportRejectsRepeatedMember(t *testing.T) {
	ctx := context.Background()
	db := backend{"sqlite", sqliteFile}.open(t)
	s := openStore(t, db)
	var good []byte
	for d, err := range take(docs(recordsFile()), 1) {
		require.NoError(t, err)
		good = d
	}
	repeated := []byte(string(good[:len(good)-1]) + `,"carry_over":"1"}`)
	in := func(yield func([]byte, error) bool) { _ = yield(repeated, nil) }
	st, err := s.Import(ctx, in, sqlstore.ImportOptions{})
	assert.Equal(t, sqlstore.ImportStats{Read: 1, Rejected: 1}, st)
	require.ErrorIs(t, err, sqlstore.ErrRecord)
	var re *sqlstore.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 1, re.N)
	assert.Contains(t, err.Error(), `carry_over: duplicate field "carry_over" (duplicate_field)`)
	assert.Equal(t, 0, countRows(t, db, `SELECT COUNT(*) FROM project_years`))
}
