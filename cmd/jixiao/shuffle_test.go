package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every command's output is sorted by a documented key, never by the order
// of its input: each test below shuffles the records of an input file (the
// elements of its JSON arrays, the data rows of a CSV) with a few seeds,
// runs the command in-process on the shuffled copy and wants the bytes it
// printed for the file as given.

var shuffleSeeds = []uint64{1, 2, 3}

// shuffleJSON returns data with the arrays under keys (or the top-level
// array, for key "") shuffled by seed. The objects' member order is kept
// by decoding only the top level.
func shuffleJSON(t *testing.T, data []byte, seed uint64, keys ...string) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, seed))
	shuffle := func(raw json.RawMessage) json.RawMessage {
		var elems []json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &elems))
		orig := slices.Clone(elems)
		// A shuffle of a few elements may give them back as they were:
		// shuffle on until the order differs.
		for range 50 {
			r.Shuffle(len(elems), func(i, j int) { elems[i], elems[j] = elems[j], elems[i] })
			if !slices.EqualFunc(elems, orig, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
				break
			}
		}
		out, err := json.Marshal(elems)
		require.NoError(t, err)
		return out
	}
	if len(keys) == 1 && keys[0] == "" {
		return shuffle(data)
	}
	var top map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &top))
	for _, k := range keys {
		require.Contains(t, top, k)
		top[k] = shuffle(top[k])
	}
	out, err := json.Marshal(top)
	require.NoError(t, err)
	return out
}

// shuffleCSV returns data with its rows after the header shuffled by seed.
func shuffleCSV(t *testing.T, data []byte, seed uint64) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, seed))
	text := strings.TrimRight(string(data), "\r\n")
	nl := "\n"
	if strings.Contains(text, "\r\n") {
		nl = "\r\n"
	}
	lines := strings.Split(text, nl)
	rows := lines[1:]
	orig := slices.Clone(rows)
	for range 50 {
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		if !slices.Equal(rows, orig) {
			break
		}
	}
	return []byte(strings.Join(lines, nl) + nl)
}

// copyDir copies the files of dir into a fresh folder, changing those named
// in edit.
func copyDir(t *testing.T, dir string, edit map[string]func([]byte) []byte) string {
	t.Helper()
	out := t.TempDir()
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		if f := edit[e.Name()]; f != nil {
			changed := f(data)
			require.NotEqual(t, data, changed)
			data = changed
		}
		require.NoError(t, os.WriteFile(filepath.Join(out, e.Name()), data, 0o644))
	}
	return out
}

// sameOutput runs args with the file at position i replaced by each
// shuffled copy and wants the output and exit code of the original.
func sameOutput(t *testing.T, args []string, at int, shuffled func(seed uint64) string) {
	t.Helper()
	sameOutputSeeds(t, shuffleSeeds, args, at, shuffled)
}

// sameOutputSeeds is sameOutput with the given seeds.
func sameOutputSeeds(t *testing.T, seeds []uint64, args []string, at int, shuffled func(seed uint64) string) {
	t.Helper()
	wantCode, want, _ := runCmd(t, args...)
	require.NotEmpty(t, want)
	for _, seed := range seeds {
		a := append([]string(nil), args...)
		a[at] = shuffled(seed)
		code, out, errOut := runCmd(t, a...)
		assert.Equal(t, wantCode, code, "seed %d: %s", seed, errOut)
		if !assert.Equal(t, want, strings.ReplaceAll(out, a[at], args[at]), "seed %d", seed) {
			return
		}
	}
}

func fileShuffled(t *testing.T, name string, f func(data []byte, seed uint64) []byte) func(uint64) string {
	return func(seed uint64) string {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		changed := f(data, seed)
		require.NotEqual(t, data, changed)
		return writeFile(t, filepath.Base(name), changed)
	}
}

func TestShuffleAssess(t *testing.T) {
	for _, format := range []string{"text", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"assess", "--lang", "en", "--projects", "--format", format, "../../testdata/exante"}
			sameOutput(t, args, len(args)-1, func(seed uint64) string {
				return copyDir(t, "../../testdata/exante", map[string]func([]byte) []byte{
					"portfolio.json": func(b []byte) []byte { return shuffleJSON(t, b, seed, "") },
					"org.json":       func(b []byte) []byte { return shuffleJSON(t, b, seed, "") },
				})
			})
		})
	}
	t.Run("summary", func(t *testing.T) {
		args := []string{"assess", "../../testdata/exante"}
		sameOutput(t, args, len(args)-1, func(seed uint64) string {
			return copyDir(t, "../../testdata/exante", map[string]func([]byte) []byte{
				"portfolio.json": func(b []byte) []byte { return shuffleJSON(t, b, seed, "") },
			})
		})
	})
}

func TestShuffleEvaluateKey(t *testing.T) {
	for _, format := range []string{"text", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"evaluate", "--projects", "--format", format, "--policy", "../../testdata/expost/policy.json", "../../testdata/expost/key2020.json"}
			sameOutput(t, args, len(args)-1, fileShuffled(t, args[len(args)-1], func(b []byte, seed uint64) []byte {
				return shuffleJSON(t, b, seed, "org", "evaluations", "outcomes", "departments")
			}))
		})
	}
}

func TestShuffleEvaluateSelf(t *testing.T) {
	for _, format := range []string{"text", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"evaluate", "--format", format, "data/self2021.json"}
			sameOutput(t, args, len(args)-1, fileShuffled(t, args[len(args)-1], func(b []byte, seed uint64) []byte {
				return shuffleJSON(t, b, seed, "self_evaluations")
			}))
		})
	}
}

func TestShuffleApply(t *testing.T) {
	for _, format := range []string{"text", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"apply", "--format", format, "--policy", "../../testdata/expost/policy.json", "testdata/apply/outcomes.json"}
			sameOutput(t, args, len(args)-1, fileShuffled(t, args[len(args)-1], func(b []byte, seed uint64) []byte {
				return shuffleJSON(t, b, seed, "org", "outcomes")
			}))
		})
	}
}

func TestShuffleAudit(t *testing.T) {
	for _, format := range []string{"text", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"audit", "--format", format, "data/lhasa2021.json"}
			sameOutput(t, args, len(args)-1, fileShuffled(t, args[len(args)-1], func(b []byte, seed uint64) []byte {
				return shuffleJSON(t, b, seed, "rates", "distributions")
			}))
			args = []string{"audit", "--format", format, "testdata/rates.csv"}
			sameOutput(t, args, len(args)-1, fileShuffled(t, args[len(args)-1], shuffleCSVFunc(t)))
		})
	}
}

func shuffleCSVFunc(t *testing.T) func([]byte, uint64) []byte {
	return func(b []byte, seed uint64) []byte { return shuffleCSV(t, b, seed) }
}

func TestShuffleMonitor(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"monitor", "--format", format, "--as-of", "2021-06-30,2021-12-31", "../../testdata/monitoring"}
			sameOutput(t, args, len(args)-1, func(seed uint64) string {
				return copyDir(t, "../../testdata/monitoring", map[string]func([]byte) []byte{
					"records.csv":  func(b []byte) []byte { return shuffleCSV(t, b, seed) },
					"budgets.json": func(b []byte) []byte { return shuffleJSON(t, b, seed, "") },
					"org.json":     func(b []byte) []byte { return shuffleJSON(t, b, seed, "") },
				})
			})
		})
	}
}

// check names problems by their place in the input (projects[3], or a CSV
// line), which a shuffle moves; what is sorted is the order they come in:
// by project, then path. So the shuffled run prints the same lines, each
// with the index the project has in the shuffled file.
func TestShuffleCheck(t *testing.T) {
	args := []string{"check", "--lang", "en", "testdata/portfolio_bad.json"}
	_, want, _ := runCmd(t, args...)
	data, err := os.ReadFile(args[len(args)-1])
	require.NoError(t, err)
	for _, seed := range shuffleSeeds {
		changed := shuffleJSON(t, data, seed, "projects")
		p := writeFile(t, "portfolio_bad.json", changed)
		_, out, _ := runCmd(t, append(args[:len(args)-1:len(args)-1], p)...)
		assert.Equal(t, unindex(want), unindex(strings.ReplaceAll(out, p, args[len(args)-1])), "seed %d", seed)
	}
}

// unindex replaces every projects[N] by projects[*].
func unindex(s string) string {
	var b bytes.Buffer
	for {
		i := strings.Index(s, "projects[")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], ']')
		b.WriteString(s[:i] + "projects[*]")
		s = s[i+j+1:]
	}
}

// shuffledHistory copies the bundled history with its records (JSON
// lines) shuffled by seed, beside its org.json and standards.json.
func shuffledHistory(t *testing.T, seed uint64) string {
	t.Helper()
	dir := copyDir(t, filepath.Dir(histFile), nil)
	f, err := os.Open(histFile)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	data, err := io.ReadAll(zr)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err = zw.Write([]byte(strings.Join(lines, "\n") + "\n"))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	p := filepath.Join(dir, filepath.Base(histFile))
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

// The history holds 3,227 records: one seed each, to keep the run short.
func TestShuffleReplayDiff(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the bundled history twice per command")
	}
	for _, args := range [][]string{
		{"replay", "--format", "json", "--history", histFile, policyV1},
		{"diff", "--lang", "en", "--sample", "3", "--history", histFile, policyV1, policyV2},
	} {
		t.Run(args[0], func(t *testing.T) {
			at := slices.Index(args, histFile)
			sameOutputSeeds(t, shuffleSeeds[:1], args, at, func(seed uint64) string { return shuffledHistory(t, seed) })
		})
	}
}
