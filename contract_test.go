package jixiao_test

// The contract test walks every exported type of the library's packages —
// listed from their source, so that a new type cannot be forgotten — and
// checks what a host storing results in its own database depends on:
//
//   - a filled value marshals, decodes strictly (performance.DecodeJSON),
//     and marshals again to the same bytes (golden: testdata/contract);
//   - the zero value and the decoded value can be marshalled and every
//     method without arguments (or with arguments of plain types, given
//     their zero values) can be called on them without a panic.
//
// Types that are not data (compiled programs, options, interfaces,
// functions, scratch state) are listed in notData with the reason.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/performance"
)

var updateContract = testflag.Update()

// libraryPackages are the packages whose exported types are the contract.
var libraryPackages = []string{"performance", "rules", "goals", "experts", "evaluation", "monitoring", "policy", "history", "sqlstore", "xlsx", "report"}

// exportedTypes lists "pkg.Type" for every exported type declared in the
// non-test files of the packages.
func exportedTypes(t *testing.T) []string {
	t.Helper()
	var out []string
	fset := token.NewFileSet()
	for _, pkg := range libraryPackages {
		files, err := filepath.Glob(filepath.Join(pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range af.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				for _, s := range gd.Specs {
					ts := s.(*ast.TypeSpec)
					if ts.Name.IsExported() && ts.TypeParams == nil && ts.Assign == 0 { // aliases name a type listed elsewhere
						out = append(out, pkg+"."+ts.Name.Name)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// registered maps "pkg.Type" to its reflect.Type (see contract_types_test.go).
func registered() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, t := range contractTypes {
		m[t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]+"."+t.Name()] = t
	}
	return m
}

func TestContractCoversEveryExportedType(t *testing.T) {
	reg := registered()
	var missing []string
	for _, name := range exportedTypes(t) {
		if _, ok := reg[name]; ok {
			continue
		}
		if _, ok := notData[name]; ok {
			continue
		}
		missing = append(missing, name)
	}
	if len(missing) > 0 {
		t.Fatalf("exported types neither in contractTypes nor in notData (add each to one, with a reason for notData):\n%s", strings.Join(missing, "\n"))
	}
	for name := range notData {
		if _, ok := reg[name]; ok {
			t.Errorf("%s is both data and not data", name)
		}
	}
}

func TestContractJSONRoundTrip(t *testing.T) {
	reg := registered()
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range reg {
			if !yield(k) {
				return
			}
		}
	})
	var golden bytes.Buffer
	for _, name := range names {
		typ := reg[name]
		v := reflect.New(typ)
		fill(v.Elem(), 0)
		first, err := json.Marshal(v.Interface())
		if err != nil {
			t.Errorf("%s: marshal a filled value: %v", name, err)
			continue
		}
		back := reflect.New(typ)
		if err := performance.DecodeJSON(first, back.Interface()); err != nil {
			t.Errorf("%s: strict decode of its own JSON %s: %v", name, first, err)
			continue
		}
		second, err := json.Marshal(back.Interface())
		if err != nil {
			t.Errorf("%s: marshal the decoded value: %v", name, err)
			continue
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s: round trip differs:\nfirst  %s\nsecond %s", name, first, second)
		}
		fmt.Fprintf(&golden, "%s %s\n", name, first)
		for what, x := range map[string]reflect.Value{"zero": reflect.New(typ), "decoded": back} {
			callMethods(t, name+" ("+what+")", x)
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: marshal panics on the %s value: %v", name, what, r)
					}
				}()
				_, _ = json.Marshal(x.Interface())
			}()
		}
	}
	path := filepath.Join("testdata", "contract", "types.golden")
	if *updateContract {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, golden.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test . -run Contract -update)", err)
	}
	if !bytes.Equal(want, golden.Bytes()) {
		t.Errorf("the JSON of the exported types differs from %s (a JSON name changed? run go test . -run Contract -update and say why in the commit)", path)
	}
}

// callMethods calls every exported method of the pointer x whose
// parameters are all of plain kinds, with their zero values, and reports
// a panic.
func callMethods(t *testing.T, name string, x reflect.Value) {
	t.Helper()
	for i := range x.NumMethod() {
		m := x.Type().Method(i)
		if _, skip := mutating[m.Name]; skip {
			continue
		}
		mt := m.Type
		args := []reflect.Value{x}
		ok := true
		for j := 1; j < mt.NumIn(); j++ {
			pt := mt.In(j)
			switch pt.Kind() {
			case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.String, reflect.Struct:
				args = append(args, reflect.Zero(pt))
			default:
				ok = false
			}
		}
		if !ok || mt.IsVariadic() {
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s.%s panics: %v", name, m.Name, r)
				}
			}()
			m.Func.Call(args)
		}()
	}
}

// mutating are methods the walk does not call: they change the value or
// read input (their zero-argument behaviour is tested where they live).
var mutating = map[string]struct{}{
	"UnmarshalJSON": {}, "UnmarshalText": {}, "Set": {}, "Add": {}, "Reset": {},
}

var (
	sampleTime    = time.Date(2021, time.June, 30, 0, 0, 0, 0, time.UTC)
	sampleDecimal = decimal.New(1250, -2) // 12.50: the exponent must survive
	typeDecimal   = reflect.TypeFor[decimal.Decimal]()
	typeNullDec   = reflect.TypeFor[decimal.NullDecimal]()
	typeTime      = reflect.TypeFor[time.Time]()
	typeTextUnm   = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
)

// fill sets v to a deterministic non-zero sample: every field, one element
// per slice and map, pointers allocated. Enumerations (types that decode
// from text) take their first non-zero value that survives a round trip.
func fill(v reflect.Value, depth int) {
	if depth > 6 || !v.CanSet() {
		return
	}
	t := v.Type()
	if s, ok := samples[t]; ok {
		v.Set(reflect.ValueOf(s()))
		return
	}
	switch t {
	case typeDecimal:
		v.Set(reflect.ValueOf(sampleDecimal))
		return
	case typeNullDec:
		v.Set(reflect.ValueOf(decimal.NewNullDecimal(sampleDecimal)))
		return
	case typeTime:
		v.Set(reflect.ValueOf(sampleTime))
		return
	}
	if reflect.PointerTo(t).Implements(typeTextUnm) && t.Kind() != reflect.Struct {
		fillEnum(v)
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(2)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(2)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.String:
		v.SetString("样例")
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return // []byte: raw JSON or bytes; left empty
		}
		s := reflect.MakeSlice(t, 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String || reflect.PointerTo(t.Key()).Implements(typeTextUnm) {
			return // keys that are enumerations or numbers: left empty
		}
		m := reflect.MakeMap(t)
		k := reflect.New(t.Key()).Elem()
		k.SetString("k1")
		e := reflect.New(t.Elem()).Elem()
		if t.Elem().Kind() == reflect.Interface {
			e.Set(reflect.ValueOf(sampleDecimal))
		} else {
			fill(e, depth+1)
		}
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	}
}

// fillEnum sets v to the first value, trying 1, 2, … for integer kinds
// and the zero value for strings, that marshals and decodes back.
func fillEnum(v reflect.Value) {
	t := v.Type()
	try := func(c reflect.Value) bool {
		b, err := json.Marshal(c.Interface())
		if err != nil {
			return false
		}
		back := reflect.New(t)
		if json.Unmarshal(b, back.Interface()) != nil {
			return false
		}
		return reflect.DeepEqual(back.Elem().Interface(), c.Interface())
	}
	switch {
	case v.CanInt() || v.CanUint():
		for i := 1; i < 64; i++ {
			c := reflect.New(t).Elem()
			if v.CanInt() {
				c.SetInt(int64(i))
			} else {
				c.SetUint(uint64(i))
			}
			if try(c) {
				v.Set(c)
				return
			}
		}
	case t.Kind() == reflect.String:
		if s, ok := enumStrings[t]; ok {
			v.SetString(s)
		}
	}
}
