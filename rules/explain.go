package rules

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/jixiao-go/jixiao/internal/lang"
)

// Lang is the language of readable explanations: performance.Lang, the
// module's one language type (its zero value is Chinese). Pass
// performance.LangZH or performance.LangEN.
type Lang = lang.Lang

// Explanation (说明) records, for one evaluated rule, the value of every
// sub-condition and operand. It is built only when EvalOptions.Explain is on;
// Steps and Text render it on demand.
//
// The zero Explanation, and one decoded from JSON, render what they store
// (nothing, for the zero value) and never panic.
type Explanation struct {
	// An evaluation makes one Explanation per evaluated rule, in its
	// result's allocation, so it holds two words, one of them a pointer
	// (each pointer written costs a write barrier while the collector
	// marks): the replay, made on first use, is kept in the snapshot's
	// table (snapshot.reps), shared by the explanations of one
	// evaluation.
	//
	// ref is the snapshot of the fields the evaluation read (a
	// *snapshot) when pos > 0, else the stored form of a decoded
	// explanation (a *storedExplanation, nil for the zero value).
	ref unsafe.Pointer
	pos int // 1 + the rule's position in the snapshot's program's rules; 0 when decoded
}

// crule returns the explained rule, nil when x is decoded or zero.
func (x *Explanation) crule() *crule {
	if x.pos == 0 {
		return nil
	}
	return (*snapshot)(x.ref).p.rules[x.pos-1]
}

// replayed is a rule evaluated again on the snapshot, recording every
// sub-expression; it gives the evaluation's outcome exactly.
type replayed struct {
	rec     *recording
	fired   bool
	err     *Error
	outputs []Value
}

// Step is one sub-expression of a rule with the value it had.
type Step struct {
	// Field is "when" or the output's name.
	Field string `json:"field"`
	// Depth is the nesting depth of the sub-expression, 0 for the whole.
	Depth int `json:"depth"`
	// Expr is the sub-expression as source text.
	Expr string `json:"expr"`
	// Value is its value as text; empty when it was not evaluated (the
	// right side of a short-circuited and/or, an untaken branch).
	Value string `json:"value"`
	// Evaluated tells whether the sub-expression was evaluated.
	Evaluated bool `json:"evaluated"`
}

// RuleID returns the explained rule's id.
func (x *Explanation) RuleID() string {
	r := x.crule()
	if r == nil {
		return x.decoded().get().RuleID
	}
	return r.id
}

// Fired reports whether the rule fired.
func (x *Explanation) Fired() bool {
	if x.pos == 0 {
		return x.decoded().get().Fired
	}
	return x.replay().fired
}

// Steps returns every non-literal sub-expression of the condition and, if
// the rule fired, of each output, in pre-order, with its value.
func (x *Explanation) Steps() []Step {
	r := x.crule()
	if r == nil {
		return slices.Clone(x.decoded().get().Steps)
	}
	var out []Step
	add := func(ce *cexpr, field string) {
		var walk func(i, depth int)
		walk = func(i, depth int) {
			n := &ce.nodes[i]
			if n.kind != exLit {
				s := x.slot(ce, i)
				st := Step{Field: field, Depth: depth, Expr: source(ce, i), Evaluated: s.set}
				if s.set {
					st.Value = formatSlot(n, s, lang.EN)
				}
				out = append(out, st)
			}
			for _, k := range n.kids {
				walk(k, depth+1)
			}
		}
		walk(ce.root, 0)
	}
	add(r.when, "when")
	if x.replay().fired {
		for _, ce := range r.outs {
			add(ce, ce.field)
		}
	}
	return out
}

// replay re-evaluates the rule on the snapshot with the traced closures,
// recording every sub-expression; expressions are pure, so this gives
// exactly the values of the evaluation.
func (x *Explanation) replay() *replayed {
	snap := (*snapshot)(x.ref)
	p, r := snap.p, snap.p.rules[x.pos-1]
	reps := snap.reps.Load()
	if reps == nil {
		// one table per evaluation, made when its first explanation is
		// rendered; concurrent first uses make the same, the first stored wins
		t := make([]atomic.Pointer[replayed], len(p.rules))
		snap.reps.CompareAndSwap(nil, &t)
		reps = snap.reps.Load()
	}
	rep := &(*reps)[x.pos-1]
	if rp := rep.Load(); rp != nil {
		return rp
	}
	asOf, hasAsOf := snap.asOfDate()
	f := &frame{env: snap.env(), snap: snap, asOf: asOf, hasAsOf: hasAsOf, locals: make([]local, p.nLocals),
		gen: 1, cache: make([]cachedNum, len(p.cfg.cacheIdx)),
		rec: &recording{vals: make([]recSlot, p.nSlots), strs: make([]string, p.nStrs)}}
	out := make([]Value, len(r.outs))
	fired, err := p.run(f, r, out, true)
	// Concurrent first uses compute the same values; the first stored wins.
	rep.CompareAndSwap(nil, &replayed{rec: f.rec, fired: fired, err: err, outputs: out})
	return rep.Load()
}

// slot returns the recorded value of node i of ce.
func (x *Explanation) slot(ce *cexpr, i int) *slot {
	rec := x.replay().rec
	n := &ce.nodes[i]
	if n.slot < 0 || !rec.vals[ce.base+n.slot].set {
		return &slot{}
	}
	s := &slot{set: true, n: rec.num(ce.base + n.slot)}
	if n.sslot >= 0 {
		s.s = rec.strs[ce.sbase+n.sslot]
	}
	return s
}

// source renders node i of ce as source text.
func source(ce *cexpr, i int) string {
	var b strings.Builder
	writeSource(&b, ce, i, false)
	return b.String()
}

// writeList writes the literal list of an "in" as source: ["a", "b"].
func writeList(b *strings.Builder, ce *cexpr, kids []int) {
	b.WriteByte('[')
	for k, kid := range kids {
		if k > 0 {
			b.WriteString(", ")
		}
		writeSource(b, ce, kid, false)
	}
	b.WriteByte(']')
}

func writeSource(b *strings.Builder, ce *cexpr, i int, paren bool) {
	n := &ce.nodes[i]
	switch n.kind {
	case exLit, exName:
		b.WriteString(n.text)
	case exUnary:
		b.WriteString(n.op)
		if n.op == "not" {
			b.WriteByte(' ')
		}
		writeSource(b, ce, n.kids[0], true)
	case exBinary:
		if paren {
			b.WriteByte('(')
		}
		writeSource(b, ce, n.kids[0], true)
		b.WriteString(" " + n.op + " ")
		if n.op == "in" {
			writeList(b, ce, n.kids[1:])
		} else {
			writeSource(b, ce, n.kids[1], true)
		}
		if paren {
			b.WriteByte(')')
		}
	case exCall:
		b.WriteString(n.text + "(")
		for k, kid := range n.kids {
			if k > 0 {
				b.WriteString(", ")
			}
			writeSource(b, ce, kid, false)
		}
		b.WriteByte(')')
	case exCond:
		if paren {
			b.WriteByte('(')
		}
		writeSource(b, ce, n.kids[0], true)
		b.WriteString(" ? ")
		writeSource(b, ce, n.kids[1], true)
		b.WriteString(" : ")
		writeSource(b, ce, n.kids[2], true)
		if paren {
			b.WriteByte(')')
		}
	case exLet:
		b.WriteString("let " + n.text + " = ")
		writeSource(b, ce, n.kids[0], false)
		b.WriteString("; ")
		writeSource(b, ce, n.kids[1], false)
	}
}

func formatSlot(n *exNode, s *slot, lg Lang) string {
	switch n.t.k {
	case kBool:
		if lg == lang.ZH {
			if s.int() != 0 {
				return "是"
			}
			return "否"
		}
		if s.int() != 0 {
			return "true"
		}
		return "false"
	case kNum:
		return s.n.String()
	case kFloat:
		return strconv.FormatFloat(math.Float64frombits(uint64(s.int())), 'g', -1, 64)
	case kString:
		if n.t.ct != nil {
			return s.s
		}
		return strconv.Quote(s.s)
	case kDate:
		return fromDays(s.int()).Format(dateLayout)
	case kInt:
		var v Value
		v.setNum(&valueMeta{typ: n.t.ct.name, k: kInt, ct: n.t.ct}, s.n)
		return v.String()
	}
	return ""
}

// Text renders the explanation as one readable line, in English or Chinese:
//
//	rule R10 (IT project with low execution): Category ("信息化") == "信息化" → true and ExecutionRate (0.42) < 0.5 → true → fired; reduce = Requested (100000) * (0.5 - ExecutionRate (0.42) = 0.08) = 8000.00
func (x *Explanation) Text(lg Lang) string {
	r := x.crule()
	if r == nil {
		if lg == lang.ZH {
			return x.decoded().get().TextZH
		}
		return x.decoded().get().Text
	}
	var b strings.Builder
	if lg == lang.ZH {
		b.WriteString("规则 " + r.id)
		if r.name != "" {
			b.WriteString("「" + r.name + "」")
		}
		b.WriteString("：")
	} else {
		b.WriteString("rule " + r.id)
		if r.name != "" {
			b.WriteString(" (" + r.name + ")")
		}
		b.WriteString(": ")
	}
	x.render(&b, r.when, r.when.root, false, lg)
	rp := x.replay()
	switch {
	case rp.err != nil && lg == lang.ZH:
		b.WriteString("，求值出错：" + strings.TrimPrefix(rp.err.Err.Error(), "rules: "))
	case rp.err != nil:
		b.WriteString(" → error: " + strings.TrimPrefix(rp.err.Err.Error(), "rules: "))
	case rp.fired && lg == lang.ZH:
		b.WriteString("，命中")
	case rp.fired:
		b.WriteString(" → fired")
	case lg == lang.ZH:
		b.WriteString("，未命中")
	default:
		b.WriteString(" → not fired")
	}
	if rp.fired {
		for k, ce := range r.outs {
			b.WriteString("; ")
			b.WriteString(r.outNames[k] + " = ")
			n := &ce.nodes[ce.root]
			if n.kind == exLet || n.kind != exName && n.kind != exLit && x.slot(ce, ce.root).set {
				x.render(&b, ce, ce.root, false, lg)
			} else {
				b.WriteString(rp.outputs[k].String())
			}
		}
	}
	return b.String()
}

// MarshalJSON encodes the explanation as its rule id, whether it fired,
// its steps, and its text in English and Chinese.
func (x *Explanation) MarshalJSON() ([]byte, error) {
	r := x.crule()
	if r == nil {
		st := x.decoded().get()
		if st.Steps == nil {
			st.Steps = []Step{}
		}
		return json.Marshal(st)
	}
	steps := x.Steps()
	if steps == nil {
		steps = []Step{}
	}
	return json.Marshal(storedExplanation{r.id, x.Fired(), steps, x.Text(lang.EN), x.Text(lang.ZH)})
}

// UnmarshalJSON reads an explanation as MarshalJSON writes it. A decoded
// explanation renders what was stored: its Text, Steps, RuleID and Fired
// are those of the evaluation that wrote it.
func (x *Explanation) UnmarshalJSON(data []byte) error {
	var st storedExplanation
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("rules: explanation: %w", err)
	}
	*x = Explanation{ref: unsafe.Pointer(&st)}
	return nil
}

// decoded returns the stored form of a decoded explanation, nil for the
// zero value.
func (x *Explanation) decoded() *storedExplanation {
	if x.pos == 0 {
		return (*storedExplanation)(x.ref)
	}
	return nil
}

// get returns the stored explanation, or the zero one for nil.
func (st *storedExplanation) get() storedExplanation {
	if st == nil {
		return storedExplanation{}
	}
	return *st
}

// storedExplanation is an explanation as rendered, the form it keeps in
// JSON and after decoding.
type storedExplanation struct {
	RuleID string `json:"rule_id"`
	Fired  bool   `json:"fired"`
	Steps  []Step `json:"steps"`
	Text   string `json:"text"`
	TextZH string `json:"text_zh"`
}

func zhOp(op string) (string, bool) {
	switch op {
	case "and", "&&":
		return "且", true
	case "or", "||":
		return "或", true
	case "!", "not":
		return "非", true
	}
	return "", false
}

func (x *Explanation) render(b *strings.Builder, ce *cexpr, i int, paren bool, lg Lang) {
	n := &ce.nodes[i]
	s := x.slot(ce, i)
	op := n.op
	if lg == lang.ZH {
		if z, ok := zhOp(op); ok {
			op = z
		}
	}
	arrow := func() {
		if s.set {
			if n.t.k == kBool {
				b.WriteString(" → ")
			} else {
				b.WriteString(" = ")
			}
			b.WriteString(formatSlot(n, s, lg))
		}
	}
	switch n.kind {
	case exLit:
		b.WriteString(n.text)
	case exName:
		b.WriteString(n.text)
		if s.set {
			b.WriteString(" (" + formatSlot(n, s, lg) + ")")
		}
	case exUnary:
		wrap := paren && s.set
		if wrap {
			b.WriteByte('(')
		}
		b.WriteString(op)
		if op == "not" {
			b.WriteByte(' ')
		}
		x.render(b, ce, n.kids[0], true, lg)
		arrow()
		if wrap {
			b.WriteByte(')')
		}
	case exBinary:
		if paren {
			b.WriteByte('(')
		}
		x.render(b, ce, n.kids[0], true, lg)
		b.WriteString(" " + op + " ")
		if n.op == "in" {
			writeList(b, ce, n.kids[1:])
		} else {
			x.render(b, ce, n.kids[1], true, lg)
		}
		arrow()
		if paren {
			b.WriteByte(')')
		}
	case exCall:
		b.WriteString(n.text + "(")
		for k, kid := range n.kids {
			if k > 0 {
				b.WriteString(", ")
			}
			x.render(b, ce, kid, false, lg)
		}
		b.WriteByte(')')
		arrow()
	case exCond:
		if paren {
			b.WriteByte('(')
		}
		x.render(b, ce, n.kids[0], true, lg)
		b.WriteString(" ? ")
		x.render(b, ce, n.kids[1], true, lg)
		b.WriteString(" : ")
		x.render(b, ce, n.kids[2], true, lg)
		arrow()
		if paren {
			b.WriteByte(')')
		}
	case exLet:
		b.WriteString("let " + n.text + " = ")
		x.render(b, ce, n.kids[0], false, lg)
		b.WriteString("; ")
		x.render(b, ce, n.kids[1], false, lg)
	}
}
