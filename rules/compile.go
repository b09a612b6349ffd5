package rules

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// posError is a compile error at a rune offset of the expression.
type posError struct {
	at         int
	err        error
	suggestion string
}

func (e *posError) Error() string { return e.err.Error() }

func errAt(n ast.Node, sentinel error, format string, args ...any) *posError {
	return &posError{at: n.Location().From, err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// exKind classifies explanation nodes.
type exKind uint8

const (
	exLit exKind = iota
	exName
	exUnary
	exBinary
	exCall
	exCond
	exLet
)

// exNode is the static description of one sub-expression for explanations.
type exNode struct {
	kind  exKind
	text  string // source text of a literal, name of a field or function
	op    string
	kids  []int
	t     typ
	slot  int // index of its recSlot, relative to the expression; -1: none
	sslot int // index of its string slot, relative to the expression; -1: none
}

type localVar struct {
	name string
	t    typ
	idx  int
}

// compiler compiles one expression against an environment type.
type compiler struct {
	cfg     *config
	env     reflect.Type
	src     []rune
	trace   bool
	nodes   []exNode
	nSlots  int
	nStrs   int
	scope   []localVar
	nLocals int
}

var (
	typeDecimal = reflect.TypeFor[decimal.Decimal]()
	typeTime    = reflect.TypeFor[time.Time]()
)

func (c *compiler) node(x exNode) int {
	x.slot, x.sslot = -1, -1
	c.nodes = append(c.nodes, x)
	return len(c.nodes) - 1
}

func (c *compiler) text(n ast.Node) string {
	l := n.Location()
	if l.From >= 0 && l.To <= len(c.src) && l.From < l.To {
		return string(c.src[l.From:l.To])
	}
	return n.String()
}

// rec wraps a compiled node so that, when explaining, its value is recorded.
func (c *compiler) rec(n cnode) cnode {
	if !c.trace || n.lit || c.nodes[n.idx].slot >= 0 {
		return n
	}
	i := c.nSlots
	c.nSlots++
	c.nodes[n.idx].slot = i
	switch fn := n.fn.(type) {
	case boolFn:
		n.fn = boolFn(func(f *frame) bool {
			v := fn(f)
			f.recInt(i, b2i(v))
			return v
		})
	case numFn:
		n.fn = numFn(func(f *frame) decexpr.Num {
			v := fn(f)
			f.recNum(i, v)
			return v
		})
	case floatFn:
		n.fn = floatFn(func(f *frame) float64 {
			v := fn(f)
			f.recInt(i, int64(math.Float64bits(v)))
			return v
		})
	case strFn:
		k := c.nStrs
		c.nStrs++
		c.nodes[n.idx].sslot = k
		n.fn = strFn(func(f *frame) string {
			v := fn(f)
			f.recInt(i, 0)
			f.rec.strs[f.sbase+k] = v
			return v
		})
	case intFn:
		n.fn = intFn(func(f *frame) int64 {
			v := fn(f)
			f.recInt(i, v)
			return v
		})
	}
	return n
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (c *compiler) compile(n ast.Node) (cnode, *posError) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return c.numLit(n, decexpr.FromInt(int64(n.Value)), float64(n.Value)), nil
	case *ast.FloatNode:
		txt := strings.ReplaceAll(c.text(n), "_", "")
		d, err := decimal.NewFromString(txt)
		if err != nil {
			d = decimal.NewFromFloat(n.Value)
		}
		// Bound literal exponents: aligning 1e999999999 with 1 would need a
		// billion-digit number.
		if e := d.Exponent(); e > maxLiteralExp || e < -maxLiteralExp || d.NumDigits() > maxLiteralDigits {
			return cnode{}, errAt(n, ErrLimit, "number literal %s is out of range (at most %d digits, exponent within ±%d)",
				txt, maxLiteralDigits, maxLiteralExp)
		}
		return c.numLit(n, decexpr.FromDecimal(d), n.Value), nil
	case *ast.StringNode:
		v := n.Value
		return cnode{t: typ{k: kString}, fn: strFn(func(*frame) string { return v }), lit: true,
			idx: c.node(exNode{kind: exLit, text: c.text(n), t: typ{k: kString}})}, nil
	case *ast.BoolNode:
		v := n.Value
		return cnode{t: typ{k: kBool}, fn: boolFn(func(*frame) bool { return v }), lit: true,
			idx: c.node(exNode{kind: exLit, text: c.text(n), t: typ{k: kBool}})}, nil
	case *ast.IdentifierNode:
		return c.ident(n)
	case *ast.MemberNode:
		return c.member(n)
	case *ast.UnaryNode:
		return c.unary(n)
	case *ast.BinaryNode:
		return c.binary(n)
	case *ast.ConditionalNode:
		return c.conditional(n, nil)
	case *ast.BuiltinNode:
		return c.call(n, n.Name, n.Arguments)
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return cnode{}, errAt(n, ErrUnsupported, "only named functions can be called")
		}
		return c.call(n, id.Value, n.Arguments)
	case *ast.VariableDeclaratorNode:
		return c.let(n, nil)
	case *ast.NilNode:
		return cnode{}, errAt(n, ErrUnsupported, "nil is not a value in rules")
	case *ast.ArrayNode:
		return cnode{}, errAt(n, ErrUnsupported, "a list is only allowed after in")
	case *ast.PredicateNode, *ast.PointerNode:
		return cnode{}, errAt(n, ErrUnsupported, "closures such as {# > 0} are not supported")
	case *ast.MapNode:
		return cnode{}, errAt(n, ErrUnsupported, "map literals are not supported")
	case *ast.SliceNode:
		return cnode{}, errAt(n, ErrUnsupported, "slicing is not supported")
	case *ast.ChainNode:
		return cnode{}, errAt(n, ErrUnsupported, "optional chaining ?. is not supported")
	case *ast.SequenceNode:
		return cnode{}, errAt(n, ErrUnsupported, "sequences with ; are not supported")
	case nil:
		return cnode{}, &posError{err: fmt.Errorf("%w: empty expression", ErrSyntax)}
	}
	return cnode{}, errAt(n, ErrUnsupported, "%s is not supported", n.String())
}

func (c *compiler) numLit(n ast.Node, v decexpr.Num, f float64) cnode {
	return cnode{t: typ{k: kNum}, fn: numFn(func(*frame) decexpr.Num { return v }), lit: true, litF: f,
		idx: c.node(exNode{kind: exLit, text: c.text(n), t: typ{k: kNum}})}
}

// asFloat turns a numeric literal into a float constant.
func (c *compiler) asFloat(n cnode) cnode {
	v := n.litF
	n.t, n.fn = typ{k: kFloat}, floatFn(func(*frame) float64 { return v })
	c.nodes[n.idx].t = n.t
	return n
}
