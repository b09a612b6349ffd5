package htmltab

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTables(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<table id="a"><caption>c</caption><thead><tr><th>h1</th><th>h2</th></tr></thead>
<tbody><tr><td>1</td><td>2 &amp; 3</td></tr><tr><td>中</td><td> 4 </td></tr></tbody>
<tfoot><tr><td>t</td><td>9</td></tr></tfoot></table>
<p>between</p><table id="b"><tbody><tr><td>x</td></tr></tbody></table></body></html>`
	got, order, err := Tables(strings.NewReader(page))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, order)
	assert.Equal(t, &Table{ID: "a", Head: []string{"h1", "h2"}, Rows: [][]string{{"1", "2 & 3"}, {"中", "4"}}, Foot: [][]string{{"t", "9"}}}, got["a"])
	assert.Equal(t, [][]string{{"x"}}, got["b"].Rows)

	_, _, err = Tables(strings.NewReader(`<table id="a"><tr><td><table id="b"></table></td></tr></table>`))
	assert.ErrorIs(t, err, ErrNested)
	_, _, err = Tables(strings.NewReader(`<table><tr><td>1</td></tr></table>`))
	assert.Error(t, err, "a table without an id")
	_, _, err = Tables(strings.NewReader(`<table id="a"></table><table id="a"></table>`))
	assert.Error(t, err, "two tables with one id")
}
