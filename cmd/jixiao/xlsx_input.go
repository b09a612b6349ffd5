package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/xlsx"
)

// Workbooks (.xlsx) stand in for the CSV files and JSON forms the commands
// take: a portfolio workbook holds the CSV layouts as sheets (projects and
// cost_lines, or 项目 and 测算明细; records; rates), read by the same row
// decoders, each row error naming "book.xlsx!sheet:row:column"; a
// workbook of national forms holds one self-evaluation or goal form per
// sheet.

// Sheet names of the portfolio layouts, English first.
var (
	projectsSheets  = []string{"projects", "项目", "项目表"}
	costLinesSheets = []string{"cost_lines", "测算明细", "明细测算"}
	recordsSheets   = []string{"records", "支付记录", "执行记录"}
	ratesSheets     = []string{"rates", "审减率", "审核结果"}
)

// sheetSep joins a workbook and a sheet in a table's name, as Excel
// refers to cells: "book.xlsx!projects".
const sheetSep = ".xlsx!"

func isWorkbook(name string) bool { return strings.EqualFold(filepath.Ext(name), ".xlsx") }

// sheetRef splits "book.xlsx!sheet".
func sheetRef(name string) (book, sheet string, ok bool) {
	i := strings.Index(strings.ToLower(name), sheetSep)
	if i < 0 {
		return "", "", false
	}
	return name[:i+len(".xlsx")], name[i+len(sheetSep):], true
}

// sheetIn returns "book.xlsx!sheet" for the first of names the workbook
// has, or "".
func sheetIn(book string, names []string) string {
	wb, err := xlsx.Open(book, xlsx.Limits{})
	if err != nil {
		return ""
	}
	defer wb.Close()
	if s := wb.Sheet(names...); s != "" {
		return wb.Ref(s)
	}
	return ""
}

// workbookIn returns the portfolio workbook of a folder: portfolio.xlsx,
// or "".
func workbookIn(dir string) string {
	p := filepath.Join(dir, "portfolio.xlsx")
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return p
	}
	return ""
}

// siblingTable names the table beside name: the sheet of the same
// workbook for a sheet, else the CSV file in the same folder.
func siblingTable(name, csvName string) string {
	if book, _, ok := sheetRef(name); ok {
		names := costLinesSheets
		if csvName != costLinesCSV {
			names = []string{strings.TrimSuffix(csvName, ".csv")}
		}
		if s := sheetIn(book, names); s != "" {
			return s
		}
		return book + "!" + names[0]
	}
	return filepath.Join(filepath.Dir(name), csvName)
}

// openSheet opens a sheet of a workbook as a table of the schema.
func openSheet(book, sheet string, schema csvio.Schema) (*csvio.Reader, func(), error) {
	wb, err := xlsx.Open(book, xlsx.Limits{})
	if err != nil {
		return nil, nil, err
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		wb.Close()
		return nil, nil, fmt.Errorf("%s: %w", book, err)
	}
	r, err := csvio.NewRecordReader(wb.Ref(sheet), rows, csvio.UTF8, schema)
	if err != nil {
		wb.Close()
		return nil, nil, err
	}
	return r, func() { wb.Close() }, nil
}

// sheetCSV returns a sheet of the workbook name (a sheet reference, or a
// workbook and the first sheet called one of names, else its first sheet)
// as CSV text, for the decoders that read text, and its reference.
func sheetCSV(name string, names []string) ([]byte, string, error) {
	book, sheet, ok := sheetRef(name)
	if !ok {
		book = name
	}
	wb, err := xlsx.Open(book, xlsx.Limits{})
	if err != nil {
		return nil, "", err
	}
	defer wb.Close()
	if !ok {
		if sheet = wb.Sheet(names...); sheet == "" {
			sheet = wb.Sheets()[0]
		}
	}
	data, err := wb.CSV(sheet)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", book, err)
	}
	return data, wb.Ref(sheet), nil
}

// cellProblems words a workbook's problems as the library's problems, so
// that they print in the report's language with "sheet!cell".
func cellProblems(err error) error {
	var ps xlsx.Problems
	if !errors.As(err, &ps) {
		return err
	}
	out := make(performance.Problems, len(ps))
	for i, p := range ps {
		out[i] = &performance.Problem{Code: p.Code(), Path: p.Where(), Message: p.Message()}
	}
	return out
}

// workbooksIn lists the .xlsx files of name: itself, or a folder's, sorted.
func workbooksIn(name string) []string {
	if isWorkbook(name) {
		return []string{name}
	}
	entries, err := os.ReadDir(name)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && isWorkbook(e.Name()) && !strings.HasPrefix(e.Name(), "~$") {
			out = append(out, filepath.Join(name, e.Name()))
		}
	}
	slices.Sort(out)
	return out
}

// selfForms is the self-evaluation forms of some workbooks, with the
// problems of the sheets that could not be read.
type selfForms struct {
	forms []*xlsx.SelfForm
	errs  []*fileError
}

// readSelfWorkbooks reads the self-evaluation forms of name (a workbook, or
// a folder of them), or returns nil when name holds no workbook.
func readSelfWorkbooks(name string) (*selfFile, *selfForms, error) {
	books := workbooksIn(name)
	if len(books) == 0 {
		return nil, nil, nil
	}
	sf := &selfForms{}
	f := &selfFile{}
	for _, b := range books {
		data, err := os.ReadFile(b)
		if err != nil {
			return nil, nil, err
		}
		forms, err := xlsx.ReadSelfForms(bytes.NewReader(data), xlsx.Limits{})
		if err != nil {
			var ps xlsx.Problems
			if !errors.As(err, &ps) {
				return nil, nil, fmt.Errorf("%s: %w", b, err)
			}
			sf.errs = append(sf.errs, &fileError{file: b, err: cellProblems(err)})
		}
		for _, fm := range forms {
			sf.forms = append(sf.forms, fm)
			f.SelfEvaluations = append(f.SelfEvaluations, fm.Evaluation)
		}
	}
	return f, sf, nil
}

// writeForms writes the reviewed forms into dir, one workbook
// reviewed.xlsx with a sheet per form: the forms read from workbooks, or
// for self-evaluations read from JSON, forms holding only what the JSON
// has.
func writeForms(dir string, f *selfFile, sf *selfForms) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var forms []*xlsx.SelfForm
	if sf != nil {
		forms = sf.forms
	} else {
		for _, se := range f.SelfEvaluations {
			forms = append(forms, &xlsx.SelfForm{Sheet: se.ProjectID, Evaluation: se})
		}
	}
	rs := make([]xlsx.Reviewed, len(forms))
	for i, fm := range forms {
		// The national rule, as reconcileSelf scores; a form that cannot
		// be scored is written without computed figures.
		rc, _ := fm.Evaluation.Reconcile(goals.Config{}, performance.DefaultScheme())
		rs[i] = xlsx.Reviewed{Form: fm, Reconciliation: rc}
	}
	var buf bytes.Buffer
	if err := xlsx.WriteReviewed(&buf, rs); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "reviewed.xlsx"), buf.Bytes(), 0o644)
}

// checkWorkbook checks a workbook that is not a portfolio: its
// self-evaluation forms, or its goal forms when no sheet reads as a
// self-evaluation form; every sheet's problems with its cells.
func (o *opts) checkWorkbook(name string) int {
	data, err := os.ReadFile(name)
	if err != nil {
		return o.fail("check", err)
	}
	self, serr := xlsx.ReadSelfForms(bytes.NewReader(data), xlsx.Limits{})
	err = serr
	if len(self) == 0 && serr != nil {
		if gf, gerr := xlsx.ReadGoalForms(bytes.NewReader(data), xlsx.Limits{}); len(gf) > 0 || gerr == nil {
			err = gerr
		}
	}
	var ps xlsx.Problems
	if err != nil && !errors.As(err, &ps) {
		return o.fail("check", &fileError{file: name, err: err})
	}
	var problems []string
	if err != nil {
		problems = (&fileError{file: name, err: cellProblems(err)}).lines(o.lang)
	}
	return o.printProblems(name, problems)
}

func isDir(name string) bool {
	st, err := os.Stat(name)
	return err == nil && st.IsDir()
}

// evaluateSelf reconciles the self-evaluation forms arg holds (a workbook
// or folder of them, or JSON self-evaluations) and prints them, writing the
// reviewed forms into writeDir when it is set; ok is false when arg holds
// no self-evaluations.
func (o *opts) evaluateSelf(arg, writeDir string) (code int, ok bool) {
	self, forms, err := readSelfWorkbooks(arg)
	if err != nil {
		return o.fail("evaluate", err), true
	}
	if self == nil {
		if self, err = readSelf(arg); err != nil {
			return o.fail("evaluate", err), true
		}
	}
	if self == nil {
		return 0, false
	}
	run := reconcileSelf(arg, self)
	if forms != nil {
		// Sheets that could not be read are errors of the run, beside the
		// forms that were.
		for _, fe := range forms.errs {
			run.errs = append(run.errs, fe)
			run.Errors = append(run.Errors, fe.lines(performance.LangEN)...)
		}
	}
	if writeDir != "" {
		if err := writeForms(writeDir, self, forms); err != nil {
			return o.fail("evaluate", err), true
		}
	}
	return o.printSelf(run), true
}

// recordsSheet returns the payment-records sheet of a workbook (the sheet
// named records or 支付记录, else the first) as CSV text, for monitoring's
// records reader; ok is false when name is not a workbook.
func recordsSheet(name string) (data []byte, ref string, ok bool, err error) {
	book, _, isRef := sheetRef(name)
	if !isWorkbook(name) && !(isRef && isWorkbook(book)) {
		return nil, "", false, nil
	}
	data, ref, err = sheetCSV(name, recordsSheets)
	return data, ref, true, err
}

// readGoalWorkbook reads a workbook of goal declaration forms as goals
// keyed by project: the form's 项目编码, else its 项目名称. A sheet that
// cannot be read, or two forms of one project, is an error listing every
// problem, as a bad goals.json is.
func readGoalWorkbook(name string) (map[string]*goals.Tree, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	forms, err := xlsx.ReadGoalForms(bytes.NewReader(data), xlsx.Limits{})
	if err != nil {
		return nil, &fileError{file: name, err: cellProblems(err)}
	}
	trees := make(map[string]*goals.Tree, len(forms))
	var dup performance.Problems
	for _, f := range forms {
		id := cmp.Or(f.ProjectID, f.ProjectName)
		if _, ok := trees[id]; ok {
			dup.Add("duplicate_project", f.Sheet, "项目重复："+id, "project given twice: "+id)
			continue
		}
		trees[id] = f.Tree
	}
	if len(dup) > 0 {
		return nil, &fileError{file: name, err: dup}
	}
	return trees, nil
}
