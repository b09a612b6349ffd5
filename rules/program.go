package rules

import (
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Program is a rule set compiled against the environment type E (a Go
// struct whose money fields are decimal.Decimal). It is immutable and safe
// for concurrent use; per-evaluation scratch state is pooled.
type Program[E any] struct {
	p *program
}

// program is the type-erased compiled set shared by all Program[E].
type program struct {
	setID, version, hash string
	hit                  HitPolicy
	limits               Limits
	rules                []*crule // in evaluation order
	nOutputs             int
	nSlots               int
	nStrs                int
	snap                 []snapField
	nSnapStrs            int
	explained            *layout // what explaining adds, in one allocation
	result               *layout // a fresh result's storage, in one allocation
	explainedResult      *layout // result and explanation state, in one allocation
	resultTypes          []reflect.Type
	resultLens           []int
	exact                exactTable // Eval's exact-size layouts, built on first use
	skips                skipTable  // Eval's shared skipped lists, made on first use
	copyEnv              func(dst, src unsafe.Pointer)
	cfg                  *config      // kept for compileTraced
	env                  reflect.Type // the environment type
	traceOnce            sync.Once
	nLocals              int
	nGroups              int
	pool                 sync.Pool
	spare                atomic.Pointer[frame] // Eval's frame while no call holds it
	// evalPos is the position in rules of the rule at each position of
	// the Set (made by compileTraced)
	evalPos              []int
	explainedLens        []int          // the lengths of what explaining adds to a result
	explainedResultTypes []reflect.Type // the types of those arrays, then of a result's
	// snapEnvOff and snapRecOff are the offsets, from an explained
	// block's snapshot, of its copy of the environment and its recording
	// (see snapshot)
	snapEnvOff, snapRecOff uintptr
	explainedExact         exactTable // Eval's exact-size layouts with explanations
}
