package xlsx

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// FuzzReadSelfForms edits cells of one sheet of a valid three-sheet
// workbook at random and reads it: the reader never panics, every problem
// names the edited sheet, and the other two sheets' forms are read exactly
// as written — an edit never loses another sheet's form, and the edited
// sheet gives a form or problems, never nothing.
func FuzzReadSelfForms(f *testing.F) {
	forms := sampleForms()
	var buf bytes.Buffer
	require.NoError(f, WriteSelfForms(&buf, forms))
	base := buf.Bytes()
	want := make([]string, len(forms))
	for i, sf := range forms {
		want[i] = jsonOf(f, sf)
	}
	f.Add(uint8(0), uint8(5), uint8(7), "满分", uint8(20), uint8(7), "")
	f.Add(uint8(1), uint8(11), uint8(3), "", uint8(11), uint8(4), "≥≥")
	f.Add(uint8(2), uint8(4), uint8(2), "年初预算数", uint8(0), uint8(0), "项目名称")
	f.Add(uint8(1), uint8(14), uint8(1), "总分", uint8(15), uint8(7), "1e999999")
	f.Fuzz(func(t *testing.T, sheet, r1, c1 uint8, v1 string, r2, c2 uint8, v2 string) {
		k := int(sheet) % len(forms)
		wb, err := excelize.OpenReader(bytes.NewReader(base))
		require.NoError(t, err)
		name := forms[k].Sheet
		for _, e := range []struct {
			r, c uint8
			v    string
		}{{r1, c1, v1}, {r2, c2, v2}} {
			// Rows and columns within the form's area and a little beyond.
			if err := wb.SetCellStr(name, cellName(int(e.r)%40, int(e.c)%12), e.v); err != nil {
				return // text excelize itself refuses to store
			}
		}
		var out bytes.Buffer
		_, err = wb.WriteTo(&out)
		require.NoError(t, err)
		wb.Close()
		got, err := ReadSelfForms(bytes.NewReader(out.Bytes()), Limits{})
		var ps Problems
		if err != nil {
			require.ErrorAs(t, err, &ps)
		}
		for _, p := range ps {
			require.Equal(t, name, p.Sheet, "a problem outside the edited sheet: %v", p)
		}
		require.Len(t, got, len(forms)-min(len(ps), 1), "a form lost: %d forms, %d problems", len(got), len(ps))
		j := 0
		for i := range forms {
			if i == k {
				if len(ps) == 0 {
					j++
				}
				continue
			}
			for j < len(got) && got[j].Sheet != forms[i].Sheet {
				j++
			}
			require.Less(t, j, len(got), "form %s lost", forms[i].Sheet)
			require.Equal(t, want[i], jsonOf(t, got[j]), "form %s changed by an edit of %s", forms[i].Sheet, name)
			j++
		}
	})
}

// FuzzSelfSheet is FuzzReadSelfForms below the file format: the cells of
// the three sheets are read once, one sheet's cells are edited (set,
// cleared, or a row inserted) and every sheet is read as ReadSelfForms
// reads it. Many more edits a second than through excelize's zip and XML.
// The same properties: no panic, problems only of the edited sheet, the
// others' forms unchanged, and the edited one a form or problems.
func FuzzSelfSheet(f *testing.F) {
	forms := sampleForms()
	var buf bytes.Buffer
	require.NoError(f, WriteSelfForms(&buf, forms))
	b, err := openBook(bytes.NewReader(buf.Bytes()), Limits{})
	require.NoError(f, err)
	var grids []*grid
	for _, s := range b.sheets {
		g, ce := b.grid(s, Limits{})
		require.Nil(f, ce)
		grids = append(grids, g)
	}
	b.f.Close()
	want := make([]string, len(forms))
	for i, sf := range forms {
		want[i] = jsonOf(f, sf)
	}
	f.Add(uint8(0), uint8(5), uint8(7), "满分", uint8(0), uint8(20), uint8(7), "")
	f.Add(uint8(1), uint8(11), uint8(3), "", uint8(2), uint8(11), uint8(4), "≥≥")
	f.Add(uint8(2), uint8(4), uint8(2), "年初预算数", uint8(1), uint8(0), uint8(0), "项目名称")
	f.Add(uint8(1), uint8(14), uint8(1), "总分", uint8(0), uint8(15), uint8(7), "1e999999")
	f.Fuzz(func(t *testing.T, sheet, r1, c1 uint8, v1 string, mode, r2, c2 uint8, v2 string) {
		k := int(sheet) % len(grids)
		g := &grid{sheet: grids[k].sheet}
		for _, row := range grids[k].rows {
			g.rows = append(g.rows, append([]string(nil), row...))
		}
		set := func(r, c int, v string) {
			for len(g.rows) <= r {
				g.rows = append(g.rows, nil)
			}
			for len(g.rows[r]) <= c {
				g.rows[r] = append(g.rows[r], "")
			}
			g.rows[r][c] = v
		}
		set(int(r1)%30, int(c1)%12, v1)
		switch mode % 3 {
		case 0:
			set(int(r2)%30, int(c2)%12, v2)
		case 1: // a row inserted
			at := int(r2) % len(g.rows)
			g.rows = append(g.rows[:at], append([][]string{{v2}}, g.rows[at:]...)...)
		case 2: // a row removed
			at := int(r2) % len(g.rows)
			g.rows = append(g.rows[:at], g.rows[at+1:]...)
		}
		for i, gi := range grids {
			if i == k {
				sf, ps := readSelfSheet(g)
				for _, p := range ps {
					require.Equal(t, g.sheet, p.Sheet)
					require.NotEmpty(t, p.Cell)
				}
				require.True(t, len(ps) > 0 || sf != nil)
				continue
			}
			sf, ps := readSelfSheet(gi)
			require.Empty(t, ps)
			require.Equal(t, want[i], jsonOf(t, sf), "sheet %s changed by an edit of another", gi.sheet)
		}
	})
}
