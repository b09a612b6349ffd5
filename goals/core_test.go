package goals_test

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCoreLibraryBundled(t *testing.T) {
	l, err := goals.CoreLibrary()
	require.NoError(t, err)
	for _, d := range l.Definitions() {
		assert.True(t, d.Core, d.ID)
		assert.Contains(t, d.Source, "illustrative", "%s: the bundled list is not a confirmed national one", d.ID)
	}
	assert.Len(t, l.Core("培训类"), 3)
	assert.Empty(t, l.Core("不存在"))
	// A core definition needs a category and a source.
	_, err = goals.NewLibrary("x", []goals.Definition{{ID: "c", Industry: "通用", Level1: goals.Output, Name: "n", Core: true}})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"missing_category", "missing_source"}, ps.Codes())
	assert.Equal(t, "definitions[0].category", ps[0].Path)
}

func TestReadLibraryCSVEveryProblem(t *testing.T) {
	in := "编号,类别,一级指标,二级指标,三级指标,单位,指标值,分值,核心指标,来源\n" +
		"c1,培训类,产出,数量,培训人数,人次,≥100人次,10,是,city\n" +
		"c2,培训类,产出,品质,合格率,%,≥abc,x,maybe,city\n" + // four bad cells, one row
		"c3,培训类,产出,\"bad,quote\n" + // cannot be split
		"c4,培训类,效益,社会效益,能力提升,,明显提升,,否,\n"
	defs, err := goals.ReadLibraryCSV("core.csv", strings.NewReader(in))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, defs, 2, "the good rows are kept")
	assert.Equal(t, "c1", defs[0].ID)
	assert.True(t, defs[0].Core)
	assert.Equal(t, "≥100人次", defs[0].Target.String())
	assert.Equal(t, "c4", defs[1].ID)
	var got []string
	for _, p := range ps {
		got = append(got, p.Code+"@"+p.Path)
	}
	assert.Equal(t, []string{"invalid_level2@core.csv:3:4", "invalid_target@core.csv:3:7", "invalid_weight@core.csv:3:8",
		"invalid_core@core.csv:3:9", "bad_row@core.csv:4:11"}, got) // the quote opens at character 11 (c,3,comma,培,训,类,comma,产,出,comma) and never closes

	for _, bad := range []string{"", "id,name\n", "id,name,level1,id\n", "id,name,level1,colour\n"} {
		_, err := goals.ReadLibraryCSV("h.csv", strings.NewReader(bad))
		assert.ErrorIs(t, err, goals.ErrLibraryHeader, "%q", bad)
	}
}

// FuzzReadLibraryCSV: nothing is lost — every record after the header is
// either a definition, a row with problems naming its line, or a record
// that could not be split (one bad_row problem) — and nothing panics.
func FuzzReadLibraryCSV(f *testing.F) {
	f.Add("id,name,level1\nc1,n,产出\nc2,,效益\n")
	f.Add("id,name,level1,target,weight,core\nc1,n,output,≥1人,1,是\nc2,n,x,≥,y,z\n\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		defs, err := goals.ReadLibraryCSV("f.csv", strings.NewReader(s))
		var ps performance.Problems
		if err != nil && !errors.As(err, &ps) {
			if errors.Is(err, goals.ErrLibraryHeader) {
				return
			}
			t.Fatalf("unexpected error %v", err)
		}
		bad := map[int]bool{} // lines of rows with bad cells
		rejected := 0         // records that could not be split, one problem each
		for _, p := range ps {
			if p.Code == "bad_row" || p.Code == "too_many_rows" {
				rejected++
				continue
			}
			parts := strings.Split(p.Path, ":")
			require.Len(t, parts, 3, p.Path)
			n, err := strconv.Atoi(parts[1])
			require.NoError(t, err)
			bad[n] = true
		}
		sr := scan.NewReader(strings.NewReader(s))
		records := -1 // the header
		for {
			_, _, err := sr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			records++
		}
		assert.Equal(t, records, len(defs)+len(bad)+rejected, "every record is a definition or a problem")
	})
}
