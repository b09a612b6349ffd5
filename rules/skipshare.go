package rules

import (
	"sync/atomic"
	"unsafe"
)

// Eval shares Result.Skipped between the results of one program that skip
// the same rules for the same reasons: across many environments a set has
// few such patterns (which rules fire varies little), and the skipped list
// is most of what a result holds. A shared list is never written again:
// EvalTo does not reuse it (it gives dst storage of its own), and callers
// treat Result.Skipped as read-only (documented on Result).
//
// Only lists without runtime errors or explanations are shared (those
// point to per-evaluation data), of at most skipShareMax rules, in an open
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

// skipPattern is one shared skipped list with its hash.
type skipPattern struct {
	hash uint64
	list []Skipped
}

// skipTable holds a program's shared skipped lists, by hash, with how many
// patterns and rules they hold.
type skipTable struct {
	slots    [skipShareSlots]atomic.Pointer[skipPattern]
	patterns atomic.Int64
	entries  atomic.Int64
}

// sharedSkipped returns the program's shared copy of s, nil when s is not
// shareable or the table has no room for it.
func (p *program) sharedSkipped(s []Skipped) []Skipped {
	if len(s) == 0 || len(s) > skipShareMax {
		return nil
	}
	h := uint64(14695981039346656037) // FNV-1a over (rule id's address, reason)
	for i := range s {
		if s[i].Err != nil || s[i].Explanation != nil {
			return nil
		}
		h = (h ^ uint64(uintptr(unsafe.Pointer(unsafe.StringData(s[i].RuleID))))) * 1099511628211
		h = (h ^ uint64(s[i].Reason)) * 1099511628211
	}
	t := &p.skips
	// At most half the slots are taken: an empty one ends every probe.
	for k := range uint64(skipShareSlots) {
		slot := &t.slots[(h+k)%skipShareSlots]
		pt := slot.Load()
		if pt == nil {
			if pt = t.add(slot, h, s); pt == nil {
				return nil
			}
		}
		if pt.hash == h && sameSkipped(pt.list, s) {
			return pt.list
		}
	}
	return nil
}

// add stores a copy of s in the empty slot, if the table has room, and
// returns what the slot then holds (another goroutine may have filled it).
func (t *skipTable) add(slot *atomic.Pointer[skipPattern], h uint64, s []Skipped) *skipPattern {
	if t.patterns.Add(1) > skipSharePatterns {
		t.patterns.Add(-1)
		return nil // full: stays so, the patterns met first keep their slots
	}
	if t.entries.Add(int64(len(s))) > skipShareEntries {
		t.entries.Add(-int64(len(s)))
		t.patterns.Add(-1)
		return nil
	}
	list := make([]Skipped, len(s))
	for i := range s {
		list[i].RuleID, list[i].Reason = s[i].RuleID, s[i].Reason
	}
	if !slot.CompareAndSwap(nil, &skipPattern{hash: h, list: list}) {
		t.entries.Add(-int64(len(s))) // another goroutine took the slot
		t.patterns.Add(-1)
	}
	return slot.Load()
}

// sameSkipped reports whether a and b skip the same rules (the same
// compiled rule's id) for the same reasons.
func sameSkipped(a, b []Skipped) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Reason != b[i].Reason || unsafe.StringData(a[i].RuleID) != unsafe.StringData(b[i].RuleID) ||
			len(a[i].RuleID) != len(b[i].RuleID) {
			return false
		}
	}
	return true
}
