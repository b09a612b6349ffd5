package xlsx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

func reviewed(t *testing.T) []Reviewed {
	var rs []Reviewed
	for _, f := range sampleForms() {
		rc, err := f.Evaluation.Reconcile(goals.Config{}, performance.DefaultScheme())
		require.NoError(t, err)
		rs = append(rs, Reviewed{Form: f, Reconciliation: rc})
	}
	return rs
}

// The reviewed form prints the computed figure beside each stated one and
// every deviation as a comment on the stated cell.
func TestWriteReviewed(t *testing.T) {
	rs := reviewed(t)
	var buf bytes.Buffer
	require.NoError(t, WriteReviewed(&buf, rs))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	sh := "培训项目"
	// Form 1 by hand: indicators 1–3 meet their targets (1050 ≥ 1000 人,
	// 97% ≥ 95%, done 11月20日 before 11月30日) and score 20, 15, 15; the
	// two qualitative ones rated 达成 score their full 20 and 10; 93% ≥ 90%
	// scores 10. Execution 10 × 913.7/1000 = 9.137 → 9.14. Computed total
	// 9.14 + 20 + 15 + 15 + 20 + 10 + 10 = 99.14 against 95.64 stated; the
	// stated parts do sum to 95.64, so four deviations: indicators 4, 5, 6
	// (docked from met targets) and the total.
	rows, err := f.GetRows(sh)
	require.NoError(t, err)
	find := func(label string) (int, int) {
		for r, row := range rows {
			for c, v := range row {
				if v == label {
					return r, c
				}
			}
		}
		t.Fatalf("no %s", label)
		return 0, 0
	}
	tr, tc := find("总分")
	assert.Equal(t, []string{"100", "95.64", "99.14"}, rows[tr][tc+6:tc+9], "total row: weight, stated, computed")
	hr, _ := find("三级指标")
	// Computed scores print at goals' two places.
	assert.Equal(t, []string{"20", "18", "20.00"}, rows[hr+4][6:9], "参训人员业务能力: weight, stated, computed")
	br, _ := find("年初预算数")
	assert.Equal(t, []string{"91.37%", "91.37%", "9.14", "9.14"}, rows[br+1][6:10], "rate stated, computed; execution stated, computed")
	cs, err := f.GetComments(sh)
	require.NoError(t, err)
	var cells []string
	for _, c := range cs {
		cells = append(cells, c.Cell)
		assert.Contains(t, c.Text+runs(c), "填报")
	}
	// Indicator rows are hr+1 … hr+6 (1-based hr+2 …): rows 4–6 are
	// 1-based hr+5 … hr+7, in column H; the total in H of the total row.
	want := []string{cellName(hr+4, 7), cellName(hr+5, 7), cellName(hr+6, 7), cellName(tr, 7)}
	assert.ElementsMatch(t, want, cells)
	assert.Len(t, rs[0].Reconciliation.Deviations, 4)

	// The reviewed workbook still reads back as the forms.
	got, err := ReadSelfForms(bytes.NewReader(buf.Bytes()), Limits{})
	require.NoError(t, err)
	for i := range rs {
		assert.Equal(t, jsonOf(t, rs[i].Form), jsonOf(t, got[i]))
	}
}

func runs(c excelize.Comment) string {
	var b strings.Builder
	for _, r := range c.Paragraph {
		b.WriteString(r.Text)
	}
	return b.String()
}

// The written workbooks open in LibreOffice: each converts headlessly to
// PDF, and re-saved by LibreOffice as XLSX it reads back to the same
// forms. Skipped when soffice is not installed, unless CI=true
// (scripts/ci-libreoffice.sh installs it).
func TestLibreOfficeOpens(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice not found; run scripts/ci-libreoffice.sh")
		}
		t.Skip("soffice not installed")
	}
	if testing.Short() {
		t.Skip("slow: starts LibreOffice")
	}
	dir := t.TempDir()
	var self, rev, goal, dept bytes.Buffer
	require.NoError(t, WriteDepartmentForms(&dept, sampleDeptForms()))
	require.NoError(t, WriteSelfForms(&self, sampleForms()))
	require.NoError(t, WriteReviewed(&rev, reviewed(t)))
	require.NoError(t, WriteGoalForms(&goal, sampleGoalForms()))
	files := map[string][]byte{"self.xlsx": self.Bytes(), "reviewed.xlsx": rev.Bytes(), "goal.xlsx": goal.Bytes(), "dept.xlsx": dept.Bytes()}
	var names []string
	for n, data := range files {
		p := filepath.Join(dir, n)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		names = append(names, p)
	}
	convert := func(to, out string) {
		args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", to, "--outdir", out}, names...)
		cmd := exec.Command(soffice, args...)
		b, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", b)
	}
	convert("pdf", filepath.Join(dir, "pdf"))
	for n := range files {
		st, err := os.Stat(filepath.Join(dir, "pdf", strings.TrimSuffix(n, ".xlsx")+".pdf"))
		require.NoError(t, err, "LibreOffice did not convert %s", n)
		assert.Positive(t, st.Size())
	}
	convert("xlsx:Calc MS Excel 2007 XML", filepath.Join(dir, "resaved"))
	data, err := os.ReadFile(filepath.Join(dir, "resaved", "self.xlsx"))
	require.NoError(t, err)
	got, err := ReadSelfForms(bytes.NewReader(data), Limits{})
	require.NoError(t, err)
	want := sampleForms()
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, jsonOf(t, want[i]), jsonOf(t, got[i]), "form %d after LibreOffice", i)
	}
	data, err = os.ReadFile(filepath.Join(dir, "resaved", "goal.xlsx"))
	require.NoError(t, err)
	goals, err := ReadGoalForms(bytes.NewReader(data), Limits{})
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, sampleGoalForms()), jsonOf(t, goals))
	data, err = os.ReadFile(filepath.Join(dir, "resaved", "dept.xlsx"))
	require.NoError(t, err)
	depts, err := ReadDepartmentForms(bytes.NewReader(data), Limits{}, nil)
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, sampleDeptForms()), jsonOf(t, depts))
}

var _ = evaluation.Reconciliation{}
