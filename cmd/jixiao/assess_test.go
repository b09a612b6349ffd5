package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bundled ex-ante sample reproduces the seed's rounds (拉财字〔2022〕9号):
// 一上 3,386.97 ÷ 17,702.19 = 19.133…% → 19.13%; 二上 1,761.29 ÷ 3,436.29 =
// 51.255…% → 51.26%; pooled 5,148.26 ÷ 21,138.48 = 24.354…% → 24.35%.
func TestAssess(t *testing.T) {
	for _, tt := range []struct{ name, lang string }{{"assess_zh", "zh"}, {"assess_en", "en"}} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, "assess", "--lang", tt.lang, "../../testdata/exante")
			assert.Equal(t, exitOK, code)
			assert.Empty(t, errOut)
			golden(t, tt.name, out)
			assert.Contains(t, out, "35  17,702.19万元  3,386.97万元  14,315.22万元  19.13%")
			assert.Contains(t, out, " 5   3,436.29万元  1,761.29万元   1,675.00万元  51.26%")
			assert.Contains(t, out, "40  21,138.48万元  5,148.26万元  15,990.22万元  24.35%")
		})
	}
}

func TestAssessProjectsCSV(t *testing.T) {
	code, out, _ := runCmd(t, "assess", "--lang", "en", "--projects", "--format", "csv", "../../testdata/exante")
	assert.Equal(t, exitOK, code)
	golden(t, "assess_projects_csv", out)
}

func TestAssessBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no dir", []string{"assess"}, "jixiao assess: want one DIR or SUBMISSIONS file; run 'jixiao help assess'\n"},
		{"file without policy", []string{"assess", "../../testdata/exante/portfolio.json"}, "jixiao assess: --policy is required when SUBMISSIONS is a file\n"},
		{"unknown rule field", []string{"assess", "--lang", "en", "--policy", "testdata/exante_bad/policy_unknown_field.json", "../../testdata/exante"},
			"jixiao assess: testdata/exante_bad/policy_unknown_field.json: rules.rules[0].wen: unknown field \"rules.rules[0].wen\" (unknown_field)\n"},
		{"compile errors", []string{"assess", "--policy", "testdata/exante_bad/policy_compile.json", "../../testdata/exante"},
			"jixiao assess: testdata/exante_bad/policy_compile.json: rule EA-M02: when (1:24): syntax error: unexpected token EOF\n" +
				" | Kind == \"development\" &&\n" +
				" | .......................^\n" +
				"jixiao assess: testdata/exante_bad/policy_compile.json: rule EA-M03: when (1:1): unknown name: Amout (did you mean Amount?)\n" +
				" | Amout > 5000000\n" +
				" | ^\n"},
		{"malformed submissions", []string{"assess", "--policy", "../../testdata/exante/policy.json", "testdata/malformed.json"},
			"jixiao assess: testdata/malformed.json:2:1: JSON 格式错误：unexpected end of JSON input\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Equal(t, tt.want, errOut)
		})
	}
}

// The same submission twice in a JSON portfolio is rejected at its second
// project id, as a repeated CSV row is, and counted; the others are assessed
// once each: round 1 keeps the bundled 35 projects and 17,702.19万元.
func TestAssessJSONDuplicateSubmission(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"policy.json", "standards.json", "goals.json", "org.json"} {
		b, err := os.ReadFile(filepath.Join("../../testdata/exante", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
	}
	b, err := os.ReadFile("../../testdata/exante/portfolio.json")
	require.NoError(t, err)
	var subs []json.RawMessage
	require.NoError(t, json.Unmarshal(b, &subs))
	// [2] again as [4], written one submission a line.
	subs = slices.Insert(subs, 4, subs[2])
	var buf bytes.Buffer
	buf.WriteString("[\n")
	for i, s := range subs {
		var c bytes.Buffer
		require.NoError(t, json.Compact(&c, s))
		if i > 0 {
			buf.WriteString(",\n")
		}
		buf.Write(c.Bytes())
	}
	buf.WriteString("\n]\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "portfolio.json"), buf.Bytes(), 0o644))
	// Line 6 is submission [4]: {"round":1,"project":{"id":"XM2021-1-003",…
	// its id's value starts at character 28.
	line6 := strings.Split(buf.String(), "\n")[5]
	require.True(t, strings.HasPrefix(line6, `{"round":1,"project":{"id":"XM2021-1-003"`), line6)

	code, out, errOut := runCmd(t, "assess", "--lang", "en", dir)
	assert.Equal(t, exitFindings, code, "a rejected submission is not a success")
	assert.Equal(t, filepath.Join(dir, "portfolio.json")+`:6:28: [4].project.id: project "XM2021-1-003" round 1 is given twice`+"\n"+
		"rows read 41, accepted 40, rejected 1\n", errOut)
	assert.Contains(t, out, "35  17,702.19万元  3,386.97万元  14,315.22万元  19.13%")

	// In Chinese, as --lang asks.
	_, _, errOut = runCmd(t, "assess", dir)
	assert.Equal(t, filepath.Join(dir, "portfolio.json")+`:6:28: [4].project.id: 项目 "XM2021-1-003" 第 1 轮重复申报`+"\n"+
		"读取 41 行，接受 40 行，拒绝 1 行\n", errOut)
}
