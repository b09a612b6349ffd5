package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/monitoring"
)

// tricky are texts that a report's strings may hold and that the
// streamed writer must leave as the whole-document encoder writes them:
// HTML characters (unescaped), a newline (escaped, so never the raw
// newline the writer looks for), the array key itself as it appears in
// the JSON, quotes, non-ASCII.
var tricky = []string{
	"<a href=\"x\">&</a>",
	"line one\nline two",
	"\n  \"assessments\": []",
	"\n  \"reconciliations\": []\n  \"results\": []",
	"项目 \u2028 \u00e9 \\ \t",
}

// streamCases returns, for a report's real elements, the variants the
// writer must agree on: the array nil, empty, and each prefix of the
// elements, each with no errors and with the tricky ones.
func streamCases[T any](elems []T) [][]T {
	cases := [][]T{nil, {}}
	for k := 1; k <= len(elems); k++ {
		cases = append(cases, elems[:k])
	}
	return cases
}

// checkStreamed asserts that writeJSON, which streams a jsonStreamer,
// writes v byte for byte as encodeJSON writes it whole, and that the
// output is one valid JSON document.
func checkStreamed(t *testing.T, v jsonStreamer) {
	t.Helper()
	var whole, streamed bytes.Buffer
	require.NoError(t, encodeJSON(&whole, v))
	require.NoError(t, writeJSON(&streamed, v))
	require.Equal(t, whole.String(), streamed.String())
	assert.True(t, json.Valid(streamed.Bytes()))
}

// TestWriteJSONStreamedIsWhole: the reports written an element at a time
// (an ex-ante run's assessments, a batch's reconciliations, a file's
// department results, a monitoring year's checks and, within each, its
// statuses, actions and rectifications) are byte-identical to the same reports encoded
// whole, on the bundled samples' real results, for every prefix of the
// array, nil and empty arrays, and errors and titles holding the texts a
// naive splice would get wrong. The reference is encoding/json itself
// (encodeJSON), so no expected output is written here.
func TestWriteJSONStreamedIsWhole(t *testing.T) {
	t.Run("assess", func(t *testing.T) {
		for _, dir := range []string{"../../testdata/exante", "testdata/portfolio_csv"} {
			files := exAnteFiles{}
			if dir == "testdata/portfolio_csv" {
				files.policy = "../../testdata/exante/policy.json"
			}
			require.NoError(t, files.resolve(dir))
			in, err := files.load()
			require.NoError(t, err)
			res, err := in.run(context.Background(), io.Discard)
			require.NoError(t, err)
			require.NotEmpty(t, res.Assessments, dir)
			// An element holding the tricky texts, and a nil one: the writer
			// encodes them as encoding/json does.
			odd := *res.Assessments[0]
			odd.Name, odd.ProjectID = tricky[0]+tricky[1], tricky[2]
			elems := append(res.Assessments[:len(res.Assessments):len(res.Assessments)], &odd, nil)
			for _, as := range streamCases(elems) {
				for _, errs := range [][]string{nil, tricky} {
					checkStreamed(t, &exAnteResult{Rounds: res.Rounds, Assessments: as, Errors: errs})
				}
			}
			checkStreamed(t, &exAnteResult{})
		}
	})
	t.Run("self-evaluations", func(t *testing.T) {
		var f selfFile
		require.NoError(t, readJSON("data/self2021.json", &f))
		run := reconcileSelf("data/self2021.json", &f)
		require.NotEmpty(t, run.Reconciliations)
		odd := *run.Reconciliations[0]
		odd.ProjectID = tricky[0] + tricky[3]
		for _, rs := range streamCases(append(run.Reconciliations, &odd)) {
			for i, errs := range [][]string{nil, tricky} {
				title := ""
				if i > 0 {
					title = tricky[2]
				}
				checkStreamed(t, &selfRun{Title: title, Reconciliations: rs, Errors: errs})
			}
		}
	})
	t.Run("monitoring", func(t *testing.T) {
		// A year of checks of the bundled sample, with its goals and the
		// units' forms, as jixiao monitor runs it; the checks and each
		// check's statuses, actions and rectifications are streamed.
		in := monitorInput{forms: "../../testdata/monitoring/forms_q3.csv", carryOvers: "../../testdata/monitoring/carry_overs.json"}
		require.NoError(t, in.resolve([]string{"../../testdata/monitoring"}))
		dates, err := parseDates("2021-03-31,2021-06-30,2021-09-30,2021-12-31")
		require.NoError(t, err)
		run, err := loadMonitor(&in, 2021)
		require.NoError(t, err)
		lg := newLedgers(run.year, dates)
		_, err = streamRecords(in.records, csvio.Auto, false, run.year, lg.add)
		require.NoError(t, err)
		res, err := run.checkYear(lg)
		require.NoError(t, err)
		require.Len(t, res.Checks, 4)
		require.NotEmpty(t, res.Goals)
		require.NotNil(t, res.YearEnd)
		require.NotNil(t, res.Aged, "the aged year end, whose own year_end, balances and actions are not streamed")
		require.NotEmpty(t, res.YearEnd.Balances)
		require.NotEmpty(t, res.YearEnd.Actions)
		var actions, rects int
		for _, c := range res.Checks {
			actions += len(c.Actions)
			rects += len(c.Rectifications)
		}
		require.NotZero(t, actions, "the sample's checks take actions")
		require.NotZero(t, rects, "and issue rectifications")
		checkStreamed(t, res)
		// Every prefix of the checks, and of the first check's statuses,
		// with a status holding the tricky texts, and a nil check.
		for _, cs := range streamCases(append(res.Checks[:len(res.Checks):len(res.Checks)], nil)) {
			checkStreamed(t, &monitorResult{Checks: cs, Goals: res.Goals, YearEnd: res.YearEnd})
		}
		// The year end's balances and actions, streamed inside its object:
		// every prefix, nil and empty, with a balance holding the tricky
		// texts and its own key, with and without the aged year end beside
		// it (whose members have the same keys), and past parallelElements.
		ye := *res.YearEnd
		oddBalance := ye.Balances[0]
		oddBalance.Name, oddBalance.ProjectID = tricky[0]+tricky[1], "\n      \"balances\": []"
		for _, bs := range streamCases(append(ye.Balances[:len(ye.Balances):len(ye.Balances)], oddBalance)) {
			for _, as := range [][]monitoring.Action{nil, {}, ye.Actions} {
				y := ye
				y.Balances, y.Actions = bs, as
				checkStreamed(t, &monitorResult{Checks: res.Checks[:1], YearEnd: &y})
				checkStreamed(t, &monitorResult{YearEnd: &y, Aged: res.Aged})
			}
		}
		emptyAged := *res.Aged // its balances and actions [] at the indentation of the year end's
		emptyAged.Balances, emptyAged.Actions = []monitoring.AgedBalance{}, []monitoring.Action{}
		checkStreamed(t, &monitorResult{YearEnd: &ye, Aged: &emptyAged})
		long := ye
		for len(long.Balances) < 3*parallelElements+7 {
			long.Balances = append(long.Balances, ye.Balances...)
			long.Actions = append(long.Actions, ye.Actions...)
		}
		checkStreamed(t, &monitorResult{Checks: res.Checks, Goals: res.Goals, YearEnd: &long, Aged: res.Aged})
		first := *res.Checks[0]
		odd := first.Projects[0]
		odd.Name, odd.ProjectID = tricky[0]+tricky[1], "\n    \"projects\": []"
		for _, ps := range streamCases(append(first.Projects[:len(first.Projects):len(first.Projects)], odd)) {
			c := first
			c.Projects = ps
			checkStreamed(t, &monitorResult{Checks: []*monitoring.Report{&c}})
		}
	})
	t.Run("departments", func(t *testing.T) {
		evs, _, err := readDepartments("../../testdata/expost/department_forms.csv")
		require.NoError(t, err)
		var results []*evaluation.DepartmentResult
		for i := range evs {
			r, err := evs[i].Evaluate(evaluation.DepartmentFramework(), goals.Config{})
			require.NoError(t, err)
			results = append(results, r)
		}
		require.NotEmpty(t, results)
		odd := *results[0]
		odd.DepartmentID = tricky[0] + tricky[4]
		for _, rs := range streamCases(append(results, &odd)) {
			for _, errs := range [][]string{nil, tricky} {
				checkStreamed(t, &departmentRun{Results: rs, Rows: 7, Read: len(rs), Accepted: len(rs), Errors: errs})
			}
		}
	})
}

// wrongKey streams an array under a key its JSON does not have.
type wrongKey struct {
	Items []int `json:"items"`
}

func (w *wrongKey) streamedJSON() (any, []jsonArray) {
	shell := *w
	shell.Items = w.Items[:0]
	return &shell, []jsonArray{arrayOf("elements", w.Items)}
}

// nested has the array's key twice: as its own field and as a key of an
// object inside another field.
type nested struct {
	Items []int           `json:"items"`
	Raw   json.RawMessage `json:"raw"`
}

func (w *nested) streamedJSON() (any, []jsonArray) {
	shell := *w
	shell.Items = w.Items[:0]
	return &shell, []jsonArray{arrayOf("items", w.Items)}
}

// duplicated writes its JSON with the array's key twice at the top level
// (valid JSON, which encoding/json passes through from a MarshalJSON).
type duplicated struct{ Items []int }

func (d *duplicated) MarshalJSON() ([]byte, error) {
	return []byte(`{"items": [], "items": []}`), nil
}

func (d *duplicated) streamedJSON() (any, []jsonArray) {
	return &duplicated{}, []jsonArray{arrayOf("items", d.Items)}
}

// twiceOver streams one array under its key twice.
type twiceOver struct {
	Items []int `json:"items"`
}

func (w *twiceOver) streamedJSON() (any, []jsonArray) {
	shell := *w
	shell.Items = w.Items[:0]
	a := arrayOf("items", w.Items)
	return &shell, []jsonArray{a, a}
}

// inObject streams the array of an object member, named by member.
type inObject struct {
	Obj    objItems         `json:"obj"`
	Other  map[string][]int `json:"other"`
	member string
}

type objItems struct {
	Items []int `json:"items"`
}

func (w *inObject) streamedJSON() (any, []jsonArray) {
	shell := *w
	shell.Obj.Items = w.Obj.Items[:0]
	a := arrayOf("items", w.Obj.Items)
	a.in = []string{w.member}
	return &shell, []jsonArray{a}
}

// TestWriteJSONStreamedRefusesAMismatch: a report whose streamedJSON
// names a key its shell's JSON does not hold once where the array is
// streamed is an error, not a document with the array left out or spliced
// in twice.
func TestWriteJSONStreamedRefusesAMismatch(t *testing.T) {
	var b bytes.Buffer
	// An array inside an object member: found within the member's lines
	// only (another member holds the same key, empty, at the same
	// indentation), and refused in a member that does not hold it or is
	// an empty object.
	checkStreamed(t, &inObject{Obj: objItems{Items: []int{1, 2}}, Other: map[string][]int{"items": {}}, member: "obj"})
	for _, member := range []string{"nothing", "items", "other"} {
		err := writeJSON(&b, &inObject{Obj: objItems{Items: []int{1}}, Other: map[string][]int{}, member: member})
		assert.True(t, errors.Is(err, errNoArrayKey), "%s: %v", member, err)
		assert.Empty(t, b.String())
	}
	err := writeJSON(&b, &wrongKey{Items: []int{1, 2}})
	assert.True(t, errors.Is(err, errNoArrayKey), "%v", err)
	assert.Empty(t, b.String(), "nothing written before the error")

	// encoding/json re-indents a RawMessage, so the inner key is at depth
	// two, indented by four spaces: the field is found once, and the
	// document is the one the whole encoder writes.
	checkStreamed(t, &nested{Items: []int{1, 2}, Raw: json.RawMessage(`{"items": []}`)})

	err = writeJSON(&b, &duplicated{Items: []int{1}})
	assert.True(t, errors.Is(err, errNoArrayKey), "the key twice: %v", err)
	assert.Empty(t, b.String())
	err = writeJSON(&b, &twiceOver{Items: []int{1}})
	assert.True(t, errors.Is(err, errNoArrayKey), "one array streamed twice: %v", err)
	assert.Empty(t, b.String())

	b.Reset()
	require.NoError(t, writeJSON(&b, &wrongKey{}))
	assert.Equal(t, "{\n  \"items\": null\n}\n", b.String(), "an empty array is the shell alone")
}

// TestWriteJSONStreamedSample: the streamed writer's output, worked by
// hand for a two-element array after and before other fields.
func TestWriteJSONStreamedSample(t *testing.T) {
	res := &exAnteResult{
		Rounds:      []exante.RoundSummary{},
		Assessments: []*exante.Assessment{{ProjectID: "P<1>", Round: 1}, nil},
		Errors:      []string{"a & b"},
	}
	var b bytes.Buffer
	require.NoError(t, writeJSON(&b, res))
	assert.Contains(t, b.String(), "{\n  \"rounds\": [],\n  \"assessments\": [\n    {\n      \"project_id\": \"P<1>\",")
	assert.Contains(t, b.String(), "\n    },\n    null\n  ],\n  \"errors\": [\n    \"a & b\"\n  ]\n}\n")
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

var errWriteFailed = errors.New("write failed")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errWriteFailed
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteJSONStreamedStopsOnWriteError: a write that fails (a closed
// pipe) is the streamed writer's error, and it stops encoding: no element
// past the buffer that failed is asked for.
func TestWriteJSONStreamedStopsOnWriteError(t *testing.T) {
	var asked atomic.Int64
	items := make([]int, 1_000_000)
	s := &counted{Items: items, asked: &asked}
	err := writeJSON(&failingWriter{n: 100}, s)
	assert.ErrorIs(t, err, errWriteFailed)
	assert.Less(t, asked.Load(), int64(len(items)/10), "encoding stopped soon after the failed write")
}

// counted streams its items, counting those asked for (from the
// encoding workers at once).
type counted struct {
	Items []int `json:"items"`
	asked *atomic.Int64
}

func (c *counted) streamedJSON() (any, []jsonArray) {
	shell := *c
	shell.Items = c.Items[:0]
	return &shell, []jsonArray{{key: "items", n: len(c.Items), elem: func(i int) any { c.asked.Add(1); return c.Items[i] }}}
}

// inner is an element that streams its own array.
type inner struct {
	Name string `json:"name"`
	Xs   []int  `json:"xs"`
}

func (in *inner) streamedJSON() (any, []jsonArray) {
	shell := *in
	shell.Xs = in.Xs[:0]
	return &shell, []jsonArray{arrayOf("xs", in.Xs)}
}

// mixed has a long array of plain elements with streaming ones among
// them (the first plain), and a long array of streaming ones.
type mixed struct {
	Items []any    `json:"items"`
	Inner []*inner `json:"inner"`
}

func (m *mixed) streamedJSON() (any, []jsonArray) {
	shell := *m
	shell.Items, shell.Inner = m.Items[:0], m.Inner[:0]
	return &shell, []jsonArray{
		arrayOf("items", m.Items),
		arrayOf("inner", m.Inner),
	}
}

// TestWriteJSONStreamedLongArrays: arrays long enough to be encoded on
// every core (parallelElements and more) give the bytes encoding/json
// gives whole: real assessments repeated past the threshold, and arrays
// mixing plain elements, streaming ones and nil, with tricky strings.
func TestWriteJSONStreamedLongArrays(t *testing.T) {
	files := exAnteFiles{}
	require.NoError(t, files.resolve("../../testdata/exante"))
	in, err := files.load()
	require.NoError(t, err)
	res, err := in.run(context.Background(), io.Discard)
	require.NoError(t, err)
	var many []*exante.Assessment
	for len(many) < 3*parallelElements+7 {
		for _, a := range res.Assessments {
			c := *a
			c.ProjectID = fmt.Sprintf("%s-%04d%s", a.ProjectID, len(many), tricky[len(many)%len(tricky)])
			many = append(many, &c)
		}
	}
	checkStreamed(t, &exAnteResult{Rounds: res.Rounds, Assessments: many, Errors: tricky})

	m := &mixed{}
	for i := range 2*parallelElements + 3 {
		switch i % 5 {
		case 1:
			m.Items = append(m.Items, &inner{Name: tricky[i%len(tricky)], Xs: []int{i, i + 1}})
		case 3:
			m.Items = append(m.Items, nil)
		default:
			m.Items = append(m.Items, map[string]any{"i": i, "s": tricky[i%len(tricky)]})
		}
		m.Inner = append(m.Inner, &inner{Name: fmt.Sprint(i), Xs: make([]int, i%3)})
	}
	checkStreamed(t, m)
}
