package rules

import (
	"math"
	"sync/atomic"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// slot is one sub-expression's recorded value as explanations read it.
// Bools, dates, integer types and float64 bits are kept as integers in n.
type slot struct {
	n   decexpr.Num
	s   string
	set bool
}

// recSlot stores one recorded value without pointers, so that the
// recording buffer is cheap to allocate and invisible to the garbage
// collector; strings and wide decimals live beside it in recording.
type recSlot struct {
	c    int64
	e    int32
	set  bool
	wide bool // c indexes recording.wides
	miss bool // snapshot: the field could not be read (nil pointer)
}

// recording holds recorded values: the environment fields a program reads
// through pointers (in its snapshot, taken by Eval when explaining) or every
// sub-expression of one rule (taken when an explanation is rendered, by
// replaying the rule on the snapshot).
type recording struct {
	vals  []recSlot
	strs  []string
	wides []decimal.Decimal
}

// snapshot is what an explaining evaluation keeps to replay its rules: the
// program and the as-of date; the copy of the environment and, for a
// program that reads fields through pointers, the recording of their
// values follow it in its block (see explainArrays). It heads the block,
// at the same offset before the same arrays in every explained layout, so
// it finds them from the program's offsets rather than holding pointers
// to them: three words, as few bytes as the collector is charged for (a
// result's block is most of what an explaining Eval costs).
type snapshot struct {
	p    *program // the program evaluated
	asOf int64    // the frame's as-of date, noAsOf when it has none
	// the replays of its explanations, by rule index (see
	// Explanation.replay), made when the first is rendered
	reps atomic.Pointer[[]atomic.Pointer[replayed]]
}

// noAsOf is snapshot.asOf for an evaluation without an as-of date: no
// date's day number (days) is this small.
const noAsOf = math.MinInt64

// env returns the snapshot's copy of the environment.
func (s *snapshot) env() unsafe.Pointer { return unsafe.Add(unsafe.Pointer(s), s.p.snapEnvOff) }

// rec returns the recording of the fields read through pointers, nil
// when the program reads none.
func (s *snapshot) rec() *recording {
	if len(s.p.snap) == 0 {
		return nil
	}
	return (*recording)(unsafe.Add(unsafe.Pointer(s), s.p.snapRecOff))
}

// setAsOf records the frame's as-of date: asOf when hasAsOf.
func (s *snapshot) setAsOf(asOf int64, hasAsOf bool) {
	s.asOf = noAsOf
	if hasAsOf {
		s.asOf = asOf
	}
}

// asOfDate returns the as-of date as the frame held it: 0 and false when
// there was none.
func (s *snapshot) asOfDate() (int64, bool) {
	if s.asOf == noAsOf {
		return 0, false
	}
	return s.asOf, true
}

// num returns recorded slot i as a number.
func (r *recording) num(i int) decexpr.Num {
	s := r.vals[i]
	if s.wide {
		return decexpr.FromDecimal(r.wides[s.c])
	}
	return decexpr.New(s.c, s.e)
}

// recInt and recNum record a value, unless evaluation failed: values after
// a runtime error are meaningless and stay unrecorded.
func (f *frame) recInt(i int, v int64) {
	if f.err != nil {
		return
	}
	s := &f.rec.vals[f.base+i]
	s.set, s.c = true, v
}

func (f *frame) recNum(i int, v decexpr.Num) {
	if f.err != nil {
		return
	}
	s := &f.rec.vals[f.base+i]
	s.set = true
	if c, e, ok := v.Parts(); ok {
		s.c, s.e = c, e
		return
	}
	s.wide, s.c = true, int64(len(f.rec.wides))
	f.rec.wides = append(f.rec.wides, v.Decimal())
}

func (s *slot) int() int64 { return s.n.Int() }

// cachedNum is a decimal field converted during evaluation number gen.
type cachedNum struct {
	gen uint64
	n   decexpr.Num
}

// local holds the value of a let variable.
type local struct {
	n decexpr.Num
	s string
	f float64
}

func (l *local) int() int64 { return l.n.Int() }

// frame is the per-evaluation scratch state, pooled per Program; a Result
// filled by EvalTo keeps its frame for the next EvalTo into it.
type frame struct {
	owner   *program // the program whose pool made the frame
	env     unsafe.Pointer
	err     error
	errAt   int // rune offset of the failing node
	budget  int
	locals  []local
	rec     *recording // nil unless replaying for an explanation
	snap    *snapshot  // the inputs read while replaying
	out     int        // the expression running: -1 for "when", else the output's index
	asOf    int64      // EvalOptions.AsOf in days
	hasAsOf bool
	base    int // first recSlot of the running expression
	sbase   int // first string slot of the running expression
	groups  []bool
	gen     uint64 // evaluation counter, > 0, validating cache entries
	cache   []cachedNum
	// compact is set while Eval evaluates into scratch: the rules that
	// fired and those skipped are then recorded in firedRecs and skipRecs
	// as positions in the program's rules, without a pointer (each one
	// written costs a write barrier while the collector marks), and the
	// copy-out makes their Fired and Skipped records. Their output values
	// are in the scratch's values, in slots of their own rule (see
	// evalState.compact). marking is set while Eval, explaining, does so:
	// skipRecs then say which rules had their condition evaluated and so
	// get an explanation.
	compact, marking bool
	firedRecs        []firedRec
	skipRecs         []skipRec
	// skipHash and skipShareable describe skipRecs, nValues firedRecs
	// (see evalState)
	skipHash      uint64
	skipShareable bool
	nValues       int
	// scratch is the Result Eval evaluates into before copying it out at
	// its exact size; its storage is reused from one Eval to the next.
	scratch Result
}

func (f *frame) fail(at int, err error) {
	if f.err == nil {
		f.err, f.errAt = err, at
	}
}

func (f *frame) charge(at, n int) {
	f.budget -= n
	if f.budget < 0 {
		f.fail(at, ErrMemoryBudget)
	}
}
