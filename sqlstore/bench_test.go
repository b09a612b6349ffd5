package sqlstore_test

import (
	"context"
	"iter"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/sqlstore"
)

// benchBackends are the backends a benchmark runs on: SQLite always,
// PostgreSQL when JIXIAO_PG_URL is set.
func benchBackends() []backend {
	bs := []backend{{"sqlite", sqliteFile}}
	if os.Getenv("JIXIAO_PG_URL") != "" {
		bs = append(bs, backend{"postgres", pgSchema})
	}
	return bs
}

// BenchmarkReplay replays policy_v1 over the bundled history (3,227
// records) from the JSON-lines file and from each database, in one run, so
// that the figures compare on the same machine at the same time.
func BenchmarkReplay(b *testing.B) {
	ctx := context.Background()
	bd := loadBundle(b)
	v1 := bd.Program(b, "policy_v1.json")
	run := func(b *testing.B, recs iter.Seq2[*history.Record, error]) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := history.Replay(ctx, v1, recs, history.StreamOptions{})
			require.NoError(b, err)
			require.Equal(b, bundledRecords, s.Records)
		}
		b.ReportMetric(float64(bundledRecords*b.N)/b.Elapsed().Seconds(), "records/s")
	}
	b.Run("jsonl", func(b *testing.B) { run(b, history.ReadFile(recordsFile())) })
	for _, be := range benchBackends() {
		b.Run(be.name, func(b *testing.B) {
			s := openStore(b, be.open(b))
			_, err := s.Import(ctx, docs(recordsFile()), sqlstore.ImportOptions{})
			require.NoError(b, err)
			b.ResetTimer()
			run(b, history.Decode(s.Records(ctx)))
		})
	}
}

// BenchmarkRead reads the bundled history without replaying it: decoding
// from the file against querying and decoding from each database.
func BenchmarkRead(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, recs iter.Seq2[*history.Record, error]) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range recs {
				require.NoError(b, err)
				n++
			}
			require.Equal(b, bundledRecords, n)
		}
		b.ReportMetric(float64(bundledRecords*b.N)/b.Elapsed().Seconds(), "records/s")
	}
	b.Run("jsonl", func(b *testing.B) { run(b, history.ReadFile(recordsFile())) })
	for _, be := range benchBackends() {
		b.Run(be.name, func(b *testing.B) {
			s := openStore(b, be.open(b))
			_, err := s.Import(ctx, docs(recordsFile()), sqlstore.ImportOptions{})
			require.NoError(b, err)
			b.ResetTimer()
			run(b, history.Decode(s.Records(ctx)))
		})
	}
}

// BenchmarkImport imports the bundled history into an empty database, in
// transactions of 500 records, and reports records per second (reading
// and encoding the file included).
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	for _, be := range benchBackends() {
		b.Run(be.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := openStore(b, be.open(b))
				b.StartTimer()
				st, err := s.Import(ctx, docs(recordsFile()), sqlstore.ImportOptions{})
				require.NoError(b, err)
				require.Equal(b, bundledRecords, st.Imported)
			}
			b.ReportMetric(float64(bundledRecords*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
