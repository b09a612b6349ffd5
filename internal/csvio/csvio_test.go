package csvio

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var schema = Schema{
	{Name: "name", Aliases: []string{"项目名称"}, Required: true},
	{Name: "submitted", Aliases: []string{"送审金额"}, Required: true},
	{Name: "note", Aliases: []string{"备注"}},
}

const zhCSV = "项目名称,送审金额\n一上,\"17,702.19万元\"\n二上,\"3,436.29万元\"\n"

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

func TestReadEncodings(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		enc  Encoding
		want Encoding
	}{
		{"utf-8", []byte(zhCSV), Auto, UTF8},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, zhCSV...), Auto, UTF8},
		{"gb18030 detected", gb18030(t, zhCSV), Auto, GB18030},
		{"gb18030 named", gb18030(t, zhCSV), GB18030, GB18030},
		{"gbk named", gb18030(t, zhCSV), GBK, GBK}, // these characters encode the same in GBK
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read("r.csv", tt.data, tt.enc, schema)
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.Encoding)
			require.Len(t, f.Rows, 2)
			assert.Equal(t, "一上", f.Rows[0].Get("name"))
			assert.Equal(t, "17,702.19万元", f.Rows[0].Get("submitted"))
			assert.Equal(t, 2, f.Rows[0].Line)
			assert.Equal(t, "二上", f.Rows[1].Get("name"))
			assert.Equal(t, 3, f.Rows[1].Line)
			assert.False(t, f.Rows[0].Has("note"))
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		enc  Encoding
		want string
	}{
		{"gb18030 read as utf-8", gb18030(t, zhCSV), UTF8, "r.csv:1: invalid UTF-8 (is the file GB18030? try --encoding gb18030)"},
		{"utf-16", []byte{0xFF, 0xFE, 'a', 0}, Auto, "r.csv: UTF-16 is not supported; save the file as UTF-8 or GB18030"},
		{"empty", nil, Auto, "r.csv: empty file, want a header row: bad header"},
		{"missing column", []byte("name,note\na,b\n"), Auto, "r.csv:1: missing column submitted: bad header"},
		{"unknown column", []byte("name,submitted,amount\n"), Auto,
			`r.csv:1: unknown column "amount" (column 3); known columns: name (项目名称), submitted (送审金额), note (备注): bad header`},
		{"duplicate column", []byte("name,送审金额,submitted\n"), Auto, "r.csv:1:3: column submitted given twice (columns 2 and 3): bad header"},
		{"bare quote", []byte("name,submitted\na\"b,1\n"), Auto, `r.csv: parse error on line 2, column 2: bare " in non-quoted-field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("r.csv", tt.data, tt.enc, schema)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestReadFieldCountAndTally(t *testing.T) {
	data := []byte("name,submitted\na,1\nb\n\nc,3\n")
	f, err := Read("r.csv", data, Auto, schema)
	require.NoError(t, err)
	require.Len(t, f.Rows, 2) // a and c; the blank line 4 is no record
	require.Len(t, f.Errors, 1)
	assert.Equal(t, "r.csv:3:1: 1 fields, want 2 as in the header", f.Errors[0].Error())

	var tl Tally
	tl.Start(f)
	tl.Accept()
	bad := f.Rows[1].Err("submitted", errors.New("not an amount"))
	tl.Reject(bad)
	assert.Equal(t, "r.csv:5:2: submitted: not an amount", bad.Error())
	assert.Equal(t, "rows read 3, accepted 1, rejected 2", tl.Summary(false))
	assert.Equal(t, "读取 3 行，接受 1 行，拒绝 2 行", tl.Summary(true))
	assert.Len(t, tl.Errors, 2)
}

func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]Encoding{"": Auto, "UTF-8": UTF8, "utf8": UTF8, "GB18030": GB18030, "gbk": GBK} {
		got, err := ParseEncoding(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParseEncoding("latin1")
	assert.EqualError(t, err, `unknown encoding "latin1" (want auto, utf-8, gb18030 or gbk)`)
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(zhCSV))
	f.Add([]byte("name,submitted\na\"b,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read("f.csv", data, Auto, schema)
		if err != nil {
			return
		}
		for _, r := range file.Rows {
			_ = r.Get("name")
			assert.Positive(t, r.Line)
		}
	})
}
