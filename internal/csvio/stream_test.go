package csvio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// openAll is Open on data written to a file, read to the end.
func openAll(t *testing.T, data []byte, enc Encoding) (string, Encoding, error) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "r.csv")
	require.NoError(t, os.WriteFile(name, data, 0o644))
	rc, got, err := Open(name, enc)
	if err != nil {
		return "", got, errors.New(strings.ReplaceAll(err.Error(), name, "r.csv"))
	}
	defer rc.Close()
	text, err := io.ReadAll(rc)
	require.NoError(t, err)
	return string(text), got, nil
}

// sameAsDecode checks that Open (on data in memory) gives what Decode
// gives: the text, the encoding and the error.
func sameAsDecode(t *testing.T, data []byte, enc Encoding) {
	t.Helper()
	want, wantEnc, wantErr := Decode("r.csv", data, enc)
	var got string
	r, gotEnc, gotErr := open("r.csv", bytes.NewReader(data), enc)
	if gotErr == nil {
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		got = string(b)
	}
	// The first pass counts bad lines as Decode does, without holding the
	// file.
	gotBad, err := countBadLines(bytes.NewReader(data), false)
	require.NoError(t, err)
	assert.Equal(t, badLines(data, false), gotBad, "bad UTF-8 lines")
	gotBad, err = countBadLines(transform.NewReader(bytes.NewReader(data), simplifiedchinese.GB18030.NewDecoder()), true)
	require.NoError(t, err)
	assert.Equal(t, badLines(decodeGB(data, GB18030), true), gotBad, "bad GB18030 lines")
	if wantErr != nil {
		require.Error(t, gotErr)
		assert.Equal(t, wantErr.Error(), gotErr.Error())
		return
	}
	require.NoError(t, gotErr)
	assert.Equal(t, wantEnc, gotEnc)
	assert.True(t, want == got, "text differs (%d and %d bytes)", len(want), len(got))
}

func TestOpenSameAsDecode(t *testing.T) {
	bom := []byte{0xEF, 0xBB, 0xBF}
	// 一 is 3 bytes in UTF-8 and 2 in GB18030; long is two chunks or more
	// in both, and with 0 to 3 bytes before it a rune straddles the chunk
	// boundary at each of its offsets.
	long := strings.Repeat("一,\"二\"\n", chunk/5+7)
	inputs := map[string][]byte{
		"empty":       nil,
		"utf-8":       []byte(zhCSV),
		"bom":         append(bom, zhCSV...),
		"bom only":    bom,
		"two bytes":   {0xEF, 0xBB},
		"utf-16":      {0xFF, 0xFE, 'a', 0},
		"gb18030":     gb18030(t, zhCSV),
		"long":        []byte(long),
		"long gb":     gb18030(t, long),
		"fffd in utf": []byte("a\n\ufffd\n"),
	}
	for shift := range 4 {
		// An invalid byte after the first chunk, on line 2 + the lines
		// before it, with the rune before it split by the chunk boundary.
		b := []byte(strings.Repeat("x", shift) + long)
		inputs["long bad "+string(rune('0'+shift))] = append(b[:chunk+100:chunk+100], append([]byte{0xFF}, b[chunk+100:]...)...)
		// A rune cut short at the very end.
		inputs["cut "+string(rune('0'+shift))] = []byte(strings.Repeat("x", shift) + long)[:chunk+shift+1]
	}
	gbBad := gb18030(t, long)
	gbBad = append(gbBad[:chunk+1:chunk+1], append([]byte{0x81, 0x20}, gbBad[chunk+1:]...)...)
	inputs["long gb bad"] = gbBad
	// One line longer than a chunk, bad after the chunk boundary or before
	// it (the line stays bad across the boundary), then good lines; and the
	// same in GB18030, with a U+FFFD in the decoded text.
	longLine := strings.Repeat("一", chunk)
	inputs["long line bad late"] = append([]byte(longLine), append([]byte{0xFF}, "\na\nb\n"...)...)
	inputs["long line bad early"] = append([]byte{'x', 0xFF}, longLine+"\na\n"...)
	inputs["long gb line bad late"] = append(gb18030(t, longLine), append([]byte{0x81, 0x20}, gb18030(t, "\n一\n")...)...)
	for k := 1; k <= 2; k++ {
		// GB18030 0x81 0x20 is invalid: its U+FFFD (3 bytes) is decoded
		// across the chunk boundary.
		inputs["gb fffd split "+string(rune('0'+k))] = append([]byte(strings.Repeat("x", chunk-k)), 0x81, 0x20, '\n')
	}
	for name, data := range inputs {
		for _, enc := range []Encoding{Auto, UTF8, GB18030, GBK} {
			t.Run(name+"/"+enc.String(), func(t *testing.T) { sameAsDecode(t, data, enc) })
		}
	}
	// One case worked by hand: the 0xFF inserted at byte chunk+100 = 65636
	// of long (10 bytes a line in UTF-8: 一 , " 二 " \n as 3+1+1+3+1+1) is
	// on line 1 + 65636/10 = 6564, at byte 65636 - 65630 = 6 of it, after
	// the first byte of 二: the bytes 一,"<E4> are 3 characters, so column 4.
	// Open does not fail on it (as Decode does not); the Reader rejects
	// that row only: long has chunk/5+7 = 13114 lines, the header and
	// 13113 records, of which 13112 are read.
	name := filepath.Join(t.TempDir(), "long.csv")
	require.NoError(t, os.WriteFile(name, inputs["long bad 0"], 0o644))
	rc, enc, err := Open(name, UTF8)
	require.NoError(t, err)
	defer rc.Close()
	assert.Equal(t, UTF8, enc)
	r, err := NewReader("r.csv", rc, enc, Schema{{Name: "一"}, {Name: "二"}})
	require.NoError(t, err)
	rows, bad := 0, []string{}
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			bad = append(bad, re.Error())
			continue
		}
		require.NoError(t, err)
		rows++
	}
	assert.Equal(t, []string{"r.csv:6564:4: invalid byte sequence: invalid UTF-8 (is the file GB18030? try --encoding gb18030)"}, bad)
	assert.Equal(t, 13112, rows)
	// From a file, as the command reads it.
	text, enc, err := openAll(t, gb18030(t, zhCSV), Auto)
	require.NoError(t, err)
	assert.Equal(t, GB18030, enc)
	assert.Equal(t, zhCSV, text)
	_, _, err = Open(filepath.Join(t.TempDir(), "none.csv"), Auto)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestReaderStreams(t *testing.T) {
	r, err := NewReader("r.csv", strings.NewReader("name,submitted\na,1\nb\n\n c ,3\n"), UTF8, schema)
	require.NoError(t, err)
	assert.Equal(t, UTF8, r.Encoding())
	row, err := r.Next()
	require.NoError(t, err)
	assert.Equal(t, 2, row.Line)
	assert.Equal(t, "a", row.Get("name"))
	_, err = r.Next()
	var re *RowError
	require.ErrorAs(t, err, &re)
	// Column 2, the first missing field, as Read reports it.
	assert.Equal(t, "r.csv:3:2: 1 fields, want 2 as in the header", re.Error())
	row, err = r.Next() // the blank line 4 is no record
	require.NoError(t, err)
	assert.Equal(t, 5, row.Line)
	assert.Equal(t, "c", row.Get("name"))
	assert.Equal(t, "r.csv:5:2: submitted: x", row.Err("submitted", errors.New("x")).Error())
	_, err = r.Next()
	assert.ErrorIs(t, err, io.EOF)

	_, err = NewReader("r.csv", strings.NewReader("name,amount\n"), UTF8, schema)
	assert.ErrorIs(t, err, ErrHeader)
	// A stray quote rejects its row only (it used to be fatal), and the
	// next line is read.
	r, err = NewReader("r.csv", strings.NewReader("name,submitted\na\"b,1\nd,4\n"), UTF8, schema)
	require.NoError(t, err)
	_, err = r.Next()
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, ErrBareQuote)
	assert.Equal(t, `r.csv:2:2: bare " in non-quoted-field`, re.Error())
	row, err = r.Next()
	require.NoError(t, err)
	assert.Equal(t, 3, row.Line)
	assert.Equal(t, "d", row.Get("name"))
	_, err = r.Next()
	assert.ErrorIs(t, err, io.EOF)
	// An invisible character in a code column rejects its row, as in Read.
	codes := Schema{{Name: "name", Required: true, Code: true}, {Name: "submitted", Required: true}}
	r, err = NewReader("r.csv", strings.NewReader("name,submitted\n\u200bx,1\n"), UTF8, codes)
	require.NoError(t, err)
	_, err = r.Next()
	assert.ErrorIs(t, err, ErrInvisible)
}

// FuzzOpen: Open and Decode agree on every input and encoding.
func FuzzOpen(f *testing.F) {
	f.Add([]byte(zhCSV), uint8(0))
	f.Add(append([]byte{0xEF, 0xBB, 0xBF}, zhCSV...), uint8(1))
	f.Add(bytes.Repeat([]byte{0xE4, 0xB8}, 10), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, enc uint8) {
		sameAsDecode(t, data, Encoding(enc%4))
	})
}

// TestReuseRecordKeepsStrings checks that with ReuseRecord the rows share
// one slice of cells, and that the strings read from earlier rows are
// still those rows' values after later rows overwrite the slice.
func TestReuseRecordKeepsStrings(t *testing.T) {
	schema := Schema{{Name: "id", Required: true}, {Name: "amount"}}
	r, err := NewReader("t.csv", strings.NewReader("id,amount\nA,1\nB,2\nC,3\n"), UTF8, schema)
	if err != nil {
		t.Fatal(err)
	}
	r.ReuseRecord()
	var ids, amounts []string
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ids, amounts = append(ids, row.Get("id")), append(amounts, row.Get("amount"))
	}
	if strings.Join(ids, ",") != "A,B,C" || strings.Join(amounts, ",") != "1,2,3" {
		t.Fatalf("ids %v, amounts %v; want A,B,C and 1,2,3", ids, amounts)
	}
}
