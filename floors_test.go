package jixiao_test

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/jixiao-go/jixiao"

// floors are the library's floors, from the ground (DESIGN.md): a package
// may import packages of lower floors only, and none of its own floor but
// itself.
var floors = map[string]int{
	"performance": 0, "rules": 0, "rules/ruletest": 1,
	"goals": 1, "experts": 1,
	"evaluation": 2, "evaluation/exante": 2, "monitoring": 2,
	"policy":  3,
	"history": 4, "xlsx": 4, "report": 4, "sqlstore": 4,
}

// core are the packages that may depend on shopspring/decimal and
// expr-lang/expr only, besides the standard library (directly or through
// internal packages).
var core = []string{"performance", "rules", "goals", "experts", "evaluation", "evaluation/exante", "monitoring", "policy"}

var coreModules = []string{"github.com/shopspring/decimal", "github.com/expr-lang/expr"}

// imports returns the imports of the non-test files of the package in dir.
func imports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestFloors(t *testing.T) {
	for pkg, floor := range floors {
		for _, im := range imports(t, pkg) {
			rel, ok := strings.CutPrefix(im, module+"/")
			if !ok {
				continue
			}
			f, isFloor := floors[rel]
			if !isFloor {
				if !strings.HasPrefix(rel, "internal/") {
					t.Errorf("%s imports %s, which is on no floor of the library", pkg, im)
				}
				continue
			}
			if f >= floor && !(pkg == "rules/ruletest" && rel == "rules") {
				t.Errorf("%s (floor %d) imports %s (floor %d): a package imports only lower floors", pkg, floor, rel, f)
			}
		}
	}
}

// TestCoreDependencies walks the core packages' imports, through the
// module's internal packages, and fails on any module but decimal and expr.
func TestCoreDependencies(t *testing.T) {
	for _, pkg := range core {
		seen := map[string]bool{}
		var walk func(dir string)
		walk = func(dir string) {
			if seen[dir] {
				return
			}
			seen[dir] = true
			for _, im := range imports(t, dir) {
				if rel, ok := strings.CutPrefix(im, module+"/"); ok {
					if _, err := os.Stat(rel); err == nil {
						walk(rel)
					}
					continue
				}
				if !strings.Contains(strings.Split(im, "/")[0], ".") {
					continue // the standard library
				}
				if !slices.ContainsFunc(coreModules, func(m string) bool { return im == m || strings.HasPrefix(im, m+"/") }) {
					t.Errorf("%s depends on %s (through %s): the core depends only on %v", pkg, im, dir, coreModules)
				}
			}
		}
		walk(pkg)
	}
}

// TestToolsAboveLibrary fails when a package outside tools/, or its tests,
// imports tools/: the generators of sample data import every package, so
// they sit above every floor of the library, as cmd does, and no library
// package, example, command or test may depend on them (a test that needs
// generated data reads the bundled testdata, or lives in tools/ beside its
// generator).
func TestToolsAboveLibrary(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch {
			case path == "tools", path == "bench", path != "." && strings.HasPrefix(d.Name(), "."),
				d.Name() == "testdata":
				return filepath.SkipDir // tools itself; bench is a module of its own
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		af, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if p == module+"/tools" || strings.HasPrefix(p, module+"/tools/") {
				t.Errorf("%s imports %s: tools/ is above every floor of the library; read bundled testdata instead", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOneUpdateFlag fails when a test file defines a golden-file flag of
// its own: every package's goldens are rewritten by the one -update,
// declared through testflag.Update, so that go test ./pkg -update works
// the same in every package (and two test files of one binary share it).
func TestOneUpdateFlag(t *testing.T) {
	own := regexp.MustCompile(`flag\.(Bool|BoolVar|Var)\([^)]*"update`)
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == "bench" || path != "." && strings.HasPrefix(d.Name(), ".") || path == filepath.Join("internal", "testflag") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := own.FindIndex(data); loc != nil {
			t.Errorf("%s:%d defines its own update flag: declare it as var update = testflag.Update()", path, 1+bytes.Count(data[:loc[0]], []byte("\n")))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
