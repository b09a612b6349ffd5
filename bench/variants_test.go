package bench

import (
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/jixiao-go/jixiao/internal/refwork"
)

// BenchmarkExprEnvChoice justifies the expr baseline's setup: programs
// compiled against the value type and run on a project boxed once are
// faster than against a pointer type (the old in-repo baseline) or a
// pointer run on value-typed programs; the baseline uses the fastest.
func BenchmarkExprEnvChoice(b *testing.B) {
	_, fs, _ := refwork.Generate(1024)
	for _, v := range []struct {
		name  string
		env   any
		boxed func(i int) any
	}{
		{"value-env/value", refwork.Float{}, func(i int) any { return fs[i] }},
		{"value-env/pointer", refwork.Float{}, func(i int) any { return &fs[i] }},
		{"pointer-env/pointer", &refwork.Float{}, func(i int) any { return &fs[i] }},
	} {
		var progs []*vm.Program
		for _, r := range refwork.Rules() {
			w, err := expr.Compile(r.When, expr.Env(v.env), expr.AsBool())
			if err != nil {
				b.Fatal(err)
			}
			o, err := expr.Compile(r.Output, expr.Env(v.env))
			if err != nil {
				b.Fatal(err)
			}
			progs = append(progs, w, o)
		}
		b.Run(v.name, func(b *testing.B) {
			var m vm.VM
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				env := v.boxed(i % 1024) // boxed once per project
				for k := 0; k < len(progs); k += 2 {
					ok, err := m.Run(progs[k], env)
					if err != nil {
						b.Fatal(err)
					}
					if ok.(bool) {
						x, _ := m.Run(progs[k+1], env)
						sink = x
					}
				}
				i++
			}
		})
	}
}
