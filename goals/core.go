package goals

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
)

// coreJSON is the bundled library of core-indicator templates.
//
//go:embed core.json
var coreJSON []byte

// CoreLibrary returns the bundled core-indicator templates (核心绩效指标模板)
// per project category, as an indicator [Library] whose definitions are all
// Core. Every definition names its source; the bundled ones are
// illustrative, shaped after the central departments' template of
// 财预〔2021〕101号 (附件2, 核心绩效指标表模板), not copied from a confirmed
// national list: a bureau replaces them with its own through [ParseLibrary]
// or [ReadLibraryCSV]. Each call parses a fresh copy.
func CoreLibrary() (*Library, error) { return ParseLibrary(coreJSON) }

// Core returns the core indicators (Definition.Core) of category, ordered
// by ID; nil when the category has none.
func (l *Library) Core(category string) []Definition {
	var out []Definition
	for i := range l.defs {
		if d := &l.defs[i]; d.Core && d.Category == category {
			out = append(out, cloneDefinition(*d))
		}
	}
	return out
}

func checkCore(ps *performance.Problems, path string, d *Definition) {
	if strings.TrimSpace(d.Category) == "" {
		ps.Add("missing_category", path+".category", "核心指标缺少项目类别", "a core indicator needs a category")
	}
	if strings.TrimSpace(d.Source) == "" {
		ps.Add("missing_source", path+".source", "核心指标缺少来源（文件及条款，或注明示例）",
			"a core indicator needs a source (document and article, or \"illustrative\")")
	}
}

// ErrLibraryHeader is returned (wrapped) by [ReadLibraryCSV] for a header
// that lacks a required column, names an unknown one or names one twice.
var ErrLibraryHeader = errors.New("goals: bad library header")

// maxLibraryRows bounds the rows [ReadLibraryCSV] reads: a library of a
// million definitions is far beyond any bureau's (the seed plans one
// indicator library for a city), and bounds the memory of one call.
const maxLibraryRows = 1_000_000

// libraryColumns are the columns of the CSV form of a library, with the
// Chinese headers also accepted. id, name and level1 are required.
var libraryColumns = []struct {
	name     string
	aliases  []string
	required bool
}{
	{"id", []string{"编号", "指标编号"}, true},
	{"industry", []string{"行业"}, false},
	{"category", []string{"类别", "项目类别"}, false},
	{"level1", []string{"一级指标"}, true},
	{"level2", []string{"二级指标"}, false},
	{"level2_name", []string{"二级指标名称"}, false},
	{"name", []string{"三级指标", "指标名称"}, true},
	{"unit", []string{"单位", "计量单位"}, false},
	{"target", []string{"指标值", "核心指标值"}, false},
	{"weight", []string{"分值"}, false},
	{"standard", []string{"指标值确定依据"}, false},
	{"core", []string{"核心指标"}, false},
	{"source", []string{"来源"}, false},
}

// ReadLibraryCSV reads library definitions from CSV (UTF-8, with or without
// a byte order mark): a header row naming the columns id, industry,
// category, level1, level2, level2_name, name, unit, target, weight,
// standard, core, source in any order (or their Chinese headers 编号, 行业,
// 类别, 一级指标, 二级指标, 二级指标名称, 三级指标, 单位, 指标值, 分值,
// 指标值确定依据, 核心指标, 来源), of which id, name and level1 are required;
// then one definition per row. Targets are read as published ("≥90%"), the
// core column as 是/否, true/false, 1/0 or empty (not core).
//
// A bad header is an error wrapping [ErrLibraryHeader]. Every bad row or
// cell is a problem with the path "name:line:column" (the column is the
// field number), counted in the returned [performance.Problems]; the
// other rows are returned, so one bad row costs no other. Pass the
// definitions to [NewLibrary] to check them as a whole. At most 1,000,000
// rows are read; more is a problem and the rest are not read.
func ReadLibraryCSV(name string, r io.Reader) ([]Definition, error) {
	sr := scan.NewReader(r)
	head, _, err := sr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %s: empty file", ErrLibraryHeader, name)
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrLibraryHeader, name, err)
	}
	col := make(map[string]int, len(libraryColumns))
	for i, h := range head {
		c, ok := libraryColumn(h)
		if !ok {
			return nil, fmt.Errorf("%w: %s:1:%d: unknown column %q", ErrLibraryHeader, name, i+1, h)
		}
		if j, dup := col[c]; dup {
			return nil, fmt.Errorf("%w: %s:1:%d: column %q repeats column %d", ErrLibraryHeader, name, i+1, h, j+1)
		}
		col[c] = i
	}
	for _, c := range libraryColumns {
		if _, ok := col[c.name]; c.required && !ok {
			return nil, fmt.Errorf("%w: %s: column %s missing", ErrLibraryHeader, name, c.name)
		}
	}
	var defs []Definition
	var ps performance.Problems
	for rows := 0; ; rows++ {
		rec, line, err := sr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *scan.RowError
		if errors.As(err, &re) {
			ps.Add("bad_row", fmt.Sprintf("%s:%d:%d", name, re.Line, re.Column), "无法读取该行: "+re.Err.Error(), "row cannot be read: "+re.Err.Error())
			continue
		}
		if err != nil {
			return defs, fmt.Errorf("goals: %s: %w", name, err)
		}
		if rows == maxLibraryRows {
			ps.Add("too_many_rows", fmt.Sprintf("%s:%d:1", name, line),
				fmt.Sprintf("指标库超过 %d 行，其余未读取", maxLibraryRows), fmt.Sprintf("more than %d rows; the rest were not read", maxLibraryRows))
			break
		}
		if d, ok := libraryRow(&ps, name, line, rec, col); ok {
			defs = append(defs, d)
		}
	}
	return defs, ps.Err()
}

func libraryColumn(h string) (string, bool) {
	h = strings.TrimSpace(h)
	for _, c := range libraryColumns {
		if strings.EqualFold(h, c.name) {
			return c.name, true
		}
		for _, a := range c.aliases {
			if h == a {
				return c.name, true
			}
		}
	}
	return "", false
}

// libraryRow reads one row; ok is false when a cell is bad (each bad cell
// is one problem).
func libraryRow(ps *performance.Problems, name string, line int, rec []string, col map[string]int) (Definition, bool) {
	get := func(c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	n := len(*ps)
	bad := func(c string, err error) {
		p := fmt.Sprintf("%s:%d:%d", name, line, col[c]+1)
		ps.Add("invalid_"+c, p, fmt.Sprintf("%s 列取值无效: %v", c, err), fmt.Sprintf("column %s: %v", c, err))
	}
	d := Definition{ID: get("id"), Industry: get("industry"), Category: get("category"), Level2Name: get("level2_name"),
		Name: get("name"), Unit: get("unit"), Source: get("source")}
	if d.Unit != "" {
		d.Unit, _ = NormalizeUnit(d.Unit)
	}
	var err error
	if d.Level1, err = ParseLevel1(get("level1")); err != nil {
		bad("level1", err)
	}
	if s := get("level2"); s != "" {
		if d.Level2, err = ParseLevel2(s); err != nil {
			bad("level2", err)
		}
	}
	if s := get("target"); s != "" {
		t, err := ParseTarget(s)
		if err != nil {
			bad("target", err)
		} else {
			d.Target = &t
		}
	}
	if s := get("weight"); s != "" {
		if d.Weight, err = performance.ParseDecimal(s); err != nil {
			bad("weight", err)
		}
	}
	if d.Standard, err = ParseStandard(get("standard")); err != nil {
		bad("standard", err)
	}
	switch s := strings.ToLower(get("core")); s {
	case "", "否", "false", "0", "no":
	case "是", "true", "1", "yes":
		d.Core = true
	default:
		bad("core", fmt.Errorf("want 是 or 否, not %q", s))
	}
	return d, len(*ps) == n
}
