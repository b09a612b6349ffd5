package rules

import (
	"slices"
	"sync/atomic"
)

// Eval shares Result.Skipped between the results of one program that skip
// the same rules for the same reasons: across many environments a set has
// few such patterns (which rules fire varies little), and the skipped list
// is most of what a result holds. A shared list is never written again:
// EvalTo does not reuse it (it gives dst storage of its own), and callers
// treat Result.Skipped as read-only (documented on Result).
//
// Lists are matched on Eval's compact records of the skipped rules
// (skipRec: a rule's position and the reason, no pointer). Only lists
// without runtime errors or explanations are shared (those point to
// per-evaluation data), of at most skipShareMax rules, in an open
// table of skipShareSlots slots probed in turn from a pattern's hash and
// at most half full, the first patterns met while the lists hold at most
// skipShareEntries rules in all: the memory kept is bounded by
// skipShareEntries × the size of a Skipped, as it was with 32 slots of at
// most 128 rules. Any pattern is shared while the table has room, wherever
// its hash falls (the reference workload meets 79 patterns in 1,024
// projects, more than 32 hashed slots held), and a half-full table keeps
// the probes short.
const (
	skipShareSlots    = 256
	skipSharePatterns = skipShareSlots / 2
	skipShareMax      = 128
	skipShareEntries  = 32 * skipShareMax
)

// skipPattern is one shared skipped list with its hash and the records it
// was made from.
type skipPattern struct {
	hash uint64
	recs []skipRec
	list []Skipped
}

// skipTable holds a program's shared skipped lists, by hash, with how many
// patterns and rules they hold.
type skipTable struct {
	slots    [skipShareSlots]atomic.Pointer[skipPattern]
	patterns atomic.Int64
	entries  atomic.Int64
}

// skipHashSeed is the hash of no skipped rule; skipHashStep adds one
// record to a hash (FNV-1a over the rule's position and the reason). Eval
// hashes its records as it makes them (evalState.skip); the tests hash
// them afterwards (sharedSkipped) and check both agree.
const skipHashSeed = uint64(14695981039346656037)

func skipHashStep(h uint64, r skipRec) uint64 {
	h = (h ^ uint64(r.pos)) * 1099511628211
	return (h ^ uint64(r.reason)) * 1099511628211
}

// shareable reports whether a skipped rule's record can be in a shared
// list: one with a runtime error or an explanation points to
// per-evaluation data.
func (r skipRec) shareable() bool { return r.reason != ReasonError && !r.evaluated }

// sharedSkippedHashed returns the program's shared list of the skipped
// rules recs, nil when the table has no room for them. recs are
// shareable records (skipRec.shareable) and h their hash (skipHashStep
// over them from skipHashSeed), which Eval makes as it records them.
func (p *program) sharedSkippedHashed(recs []skipRec, h uint64) []Skipped {
	if len(recs) == 0 || len(recs) > skipShareMax {
		return nil
	}
	t := &p.skips
	// At most half the slots are taken: an empty one ends every probe.
	for k := range uint64(skipShareSlots) {
		slot := &t.slots[(h+k)%skipShareSlots]
		pt := slot.Load()
		if pt == nil {
			if pt = t.add(p, slot, h, recs); pt == nil {
				return nil
			}
		}
		if pt.hash == h && sameRecs(pt.recs, recs) {
			return pt.list
		}
	}
	return nil
}

// sameRecs reports whether a and b are the same records. (slices.Equal,
// generic, compares each pair through a call.)
func sameRecs(a, b []skipRec) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// add stores the list of the skipped rules recs in the empty slot, if the
// table has room, and returns what the slot then holds (another goroutine
// may have filled it).
func (t *skipTable) add(p *program, slot *atomic.Pointer[skipPattern], h uint64, recs []skipRec) *skipPattern {
	if t.patterns.Add(1) > skipSharePatterns {
		t.patterns.Add(-1)
		return nil // full: stays so, the patterns met first keep their slots
	}
	if t.entries.Add(int64(len(recs))) > skipShareEntries {
		t.entries.Add(-int64(len(recs)))
		t.patterns.Add(-1)
		return nil
	}
	list := make([]Skipped, len(recs))
	for i, r := range recs {
		list[i].RuleID, list[i].Reason = p.rules[r.pos].id, r.reason
	}
	if !slot.CompareAndSwap(nil, &skipPattern{hash: h, recs: slices.Clone(recs), list: list}) {
		t.entries.Add(-int64(len(recs))) // another goroutine took the slot
		t.patterns.Add(-1)
	}
	return slot.Load()
}
