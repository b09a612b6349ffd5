package scan

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errTestRow = errors.New("test: bad row")

var testGroupLayout = Layout{{Name: "key", Need: true}, {Name: "wide"}, {Name: "item"}}

// readTestGroups reads text the way the grouped readers of evaluation and
// goals do: no key makes a loose row; a wide cell "bad" does not parse; a
// group takes at most perGroup rows.
func readTestGroups(t *testing.T, text string, max, perGroup int) *Groups[string, []string] {
	t.Helper()
	sr := NewReader(strings.NewReader(text))
	col, err := testGroupLayout.Header("f.csv", sr, errTestHeader)
	require.NoError(t, err)
	gs := &Groups[string, []string]{Records: Records{File: "f.csv", Col: col, Kind: errTestRow},
		Max: max, MaxColumn: "key", Noun: "groups"}
	set := func(val *[]string, c, s string) error {
		if s == "bad" {
			return errors.New("does not parse")
		}
		*val = append(*val, c+"="+s)
		return nil
	}
	for {
		row, err := gs.Next(sr)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		k := row.Cell("key")
		if k == "" {
			row.Fail("key", errors.New("no key"))
			gs.Orphan(row)
			continue
		}
		g, _ := gs.Join(row, k)
		if g == nil {
			continue
		}
		if perGroup > 0 && len(g.Lines) >= perGroup {
			row.Fail("item", fmt.Errorf("more than %d items", perGroup))
			gs.Refuse(g, row)
			continue
		}
		g.Agree(row, []string{"wide"}, set)
		gs.Add(g, row)
	}
	return gs
}

// TestGroups: rows gather by key in first-seen order (sorted on request);
// a record-wide cell given again must agree, else that row, and so its
// group, fails with the line of the first; an unreadable record and a row
// with no key are loose and cost no group; a group beyond Max is loose.
func TestGroups(t *testing.T) {
	text := "key,wide,item\n" +
		"b,x,1\n" + // line 2
		"a,,2\n" + // 3
		"b,x,3\n" + // 4: agrees with line 2
		"b,y,4\n" + // 5: disagrees
		"c,z,5\n" + // 6
		",,6\n" + // 7: no key, loose
		"a\"q,x,7\n" + // 8: bare quote, unreadable, loose
		"a,bad,8\n" + // 9: does not parse: a fails, the cell is not given
		"a,w,9\n" // 10: the first given wide of a
	gs := readTestGroups(t, text, 0, 0)
	var keys []string
	for _, g := range gs.Sorted(strings.Compare) {
		keys = append(keys, g.Key)
	}
	assert.Equal(t, []string{"a", "b", "c"}, keys)
	a, b, c := gs.list[0], gs.list[1], gs.list[2]
	assert.Equal(t, []int{3, 9, 10}, a.Lines)
	assert.Equal(t, 3, a.First)
	assert.True(t, a.Bad)
	w, ok := a.Given("wide")
	assert.True(t, ok)
	assert.Equal(t, Given{Text: "w", Line: 10}, w)
	assert.Equal(t, []string{"wide=w"}, a.Val)
	assert.True(t, b.Bad)
	assert.Equal(t, []int{2, 4, 5}, b.Lines)
	assert.False(t, c.Bad)
	assert.True(t, c.Filled("wide"))
	assert.False(t, c.Filled("item"))

	// 9 lines after the header, all records: 3 groups + 2 loose = 5 read.
	assert.Equal(t, 9, gs.Rows)
	assert.Equal(t, 2, gs.Loose)
	assert.Equal(t, 5, gs.Read())
	gs.SortErrors()
	var msgs []string
	for _, e := range gs.Errors {
		msgs = append(msgs, e.Error())
	}
	// The wide cell is field 2; key field 1.
	assert.Equal(t, []string{
		`f.csv:5:2: wide: test: bad row: "y" disagrees with "x" at line 2`,
		`f.csv:7:1: key: test: bad row: no key`,
		`f.csv:8:2: bare " in non-quoted-field`,
		`f.csv:9:2: wide: test: bad row: does not parse`,
	}, msgs)
	for _, e := range gs.Errors[:2] {
		assert.ErrorIs(t, e, errTestRow)
	}

	// Max 2: the third key's row is loose, in the key column.
	gs = readTestGroups(t, text, 2, 0)
	assert.Len(t, gs.list, 2)
	assert.Equal(t, 3, gs.Loose)
	assert.Equal(t, 5, gs.Read()) // 2 groups + 3 loose
	gs.SortErrors()
	assert.Equal(t, `f.csv:6:1: key: test: bad row: more than 2 groups`, gs.Errors[1].Error())

	// Two rows a group: b's third row (line 5) is refused, rejecting b,
	// and not kept in its lines.
	gs = readTestGroups(t, text, 0, 2)
	b = gs.index["b"]
	assert.Equal(t, []int{2, 4}, b.Lines)
	assert.Equal(t, 3, b.Rows)
	assert.True(t, b.Bad)
}

// TestRecordsFail: a record's problem found after reading names the
// line and column and wraps Kind; RowErr does not wrap it.
func TestRecordsFail(t *testing.T) {
	rs := &Records{File: "f.csv", Col: map[string]int{"key": 0, "wide": 1}, Kind: errTestRow}
	rs.Fail(4, "wide", errors.New("missing"))
	require.Len(t, rs.Errors, 1)
	assert.EqualError(t, rs.Errors[0], "f.csv:4:2: wide: test: bad row: missing")
	assert.ErrorIs(t, rs.Errors[0], errTestRow)
	e := rs.RowErr(3, "absent", errors.New("x"))
	assert.EqualError(t, e, "f.csv:3:0: absent: x")
	assert.NotErrorIs(t, e, errTestRow)
}

// TestGroupsProperty: on random files, nothing is lost: every record is
// loose or a row of exactly one group (rows read = rows accepted + rows
// rejected), and a group is rejected exactly when a model computed apart
// says one of its own rows is bad, so a bad row never costs another
// group.
func TestGroupsProperty(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := rng.IntN(40)
		max, perGroup := rng.IntN(4), rng.IntN(4)
		var b strings.Builder
		b.WriteString("key,wide,item\n")
		// The model: per key, its first valid wide value and whether bad.
		type model struct {
			rows int
			kept int
			wide string
			bad  bool
		}
		keys := map[string]*model{}
		var order []string
		loose := 0
		for i := range n {
			k := []string{"", "a", "b", "c", "d"}[rng.IntN(5)]
			w := []string{"", "x", "y", "bad"}[rng.IntN(4)]
			if rng.IntN(10) == 0 {
				fmt.Fprintf(&b, "%sz\"q,%s,%d\n", k, w, i) // a bare quote: unreadable
				loose++
				continue
			}
			fmt.Fprintf(&b, "%s,%s,%d\n", k, w, i)
			if k == "" {
				loose++
				continue
			}
			m := keys[k]
			if m == nil {
				if max > 0 && len(order) >= max {
					loose++
					continue
				}
				m = &model{}
				keys[k] = m
				order = append(order, k)
			}
			m.rows++
			if perGroup > 0 && m.kept >= perGroup {
				m.bad = true
				continue
			}
			m.kept++
			switch {
			case w == "":
			case m.wide != "":
				m.bad = m.bad || w != m.wide
			case w == "bad":
				m.bad = true
			default:
				m.wide = w
			}
		}
		gs := readTestGroups(t, b.String(), max, perGroup)
		require.Equal(t, n, gs.Rows, "seed %d", seed)
		require.Equal(t, loose, gs.Loose, "seed %d", seed)
		rowsAccepted, rowsRejected := 0, gs.Loose
		var got []string
		for _, g := range gs.list {
			got = append(got, g.Key)
			m := keys[g.Key]
			require.Equal(t, m.bad, g.Bad, "seed %d key %s", seed, g.Key)
			require.Equal(t, m.rows, g.Rows, "seed %d key %s", seed, g.Key)
			if g.Bad {
				rowsRejected += g.Rows
			} else {
				rowsAccepted += g.Rows
			}
		}
		require.Equal(t, order, got, "seed %d: first-seen order", seed)
		require.Equal(t, gs.Rows, rowsAccepted+rowsRejected, "seed %d", seed)
		require.Equal(t, len(order)+loose, gs.Read(), "seed %d", seed)
	}
}

type failingReader struct{ data string }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, errors.New("disk gone")
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestRecordsAllErr: All yields the readable rows and stops at a read
// failure, which Err returns named by the file; at the end of input Err is
// nil.
func TestRecordsAllErr(t *testing.T) {
	rs := &Records{File: "f.csv"}
	var lines []int
	for row := range rs.All(NewReader(&failingReader{"a,b\nc,d\n"})) {
		lines = append(lines, row.Line)
	}
	assert.Equal(t, []int{1, 2}, lines)
	assert.EqualError(t, rs.Err(), "f.csv: disk gone")

	rs = &Records{File: "f.csv"}
	n := 0
	for range rs.All(NewReader(strings.NewReader("a\nb\n\"c\n"))) {
		n++
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, 3, rs.Rows) // the unclosed quote is read, not yielded
	assert.NoError(t, rs.Err())
}

// TestRowCode: an empty code fails with the given message, one with an
// invisible character as CheckCode says; a good one is returned trimmed.
func TestRowCode(t *testing.T) {
	r := &Row{Col: map[string]int{"id": 0}, Rec: []string{" P1 "}, Line: 2, Kind: errTestRow}
	id, ok := r.Code("id", "no id")
	assert.True(t, ok)
	assert.Equal(t, "P1", id)
	assert.Empty(t, r.Errs)

	r.Rec = []string{""}
	_, ok = r.Code("id", "no id")
	assert.False(t, ok)
	r.Rec = []string{"P\u200b1"}
	_, ok = r.Code("id", "no id")
	assert.False(t, ok)
	require.Len(t, r.Errs, 2)
	assert.EqualError(t, r.Errs[0], "2:1: id: test: bad row: no id")
	assert.ErrorIs(t, r.Errs[1], ErrInvisible)
}
