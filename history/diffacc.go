package history

import (
	"slices"
	"sort"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// diffAcc is one worker's part of a report.
type diffAcc struct {
	records, changed int
	counts           [numChangeKinds]int
	grades, alerts   Matrix
	actions          Matrix
	total            deltaSum
	years            map[int]*deltaSum
	depts, regions   map[string]*deltaSum
	rules            map[ruleKey]*RuleChange
	sample           sampler
	errs             errList
	// firedA and firedB are scratch for a stage's rules fired, sorted.
	firedA, firedB []string
}

func newDiffAcc(o StreamOptions) *diffAcc {
	return &diffAcc{
		grades: newMatrix(gradeLabels()), alerts: newMatrix(levelLabels()), actions: newMatrix(actionLabels()),
		years: map[int]*deltaSum{}, depts: map[string]*deltaSum{}, regions: map[string]*deltaSum{},
		rules: map[ruleKey]*RuleChange{}, sample: sampler{k: o.sample(), seed: o.SampleSeed},
		errs: errList{max: o.maxErrors()},
	}
}

func gradeLabels() []string {
	out := []string{performance.GradeNone.Name(performance.LangZH)}
	for _, g := range performance.Grades() {
		out = append(out, g.String())
	}
	return out
}

func levelLabels() []string {
	return []string{monitoring.LevelNone.String(), monitoring.Green.String(), monitoring.Yellow.String(), monitoring.Red.String()}
}

func actionLabels() []string {
	var out []string
	for a := evaluation.ActionNone; a <= evaluation.ActionCancel; a++ {
		out = append(out, a.String())
	}
	return out
}

func gradeIndex(g performance.Grade) int {
	for i, x := range performance.Grades() {
		if x == g {
			return i + 1
		}
	}
	return 0
}

// placement finds a unit's department and region in org, memoised.
type placement struct {
	org   *performance.Org
	cache map[string][2]performance.Node
}

func (p *placement) place(unit string) (dept, region performance.Node) {
	if n, ok := p.cache[unit]; ok {
		return n[0], n[1]
	}
	d, ok := p.org.Ancestor(unit, performance.NodeDepartment)
	if !ok {
		d = performance.Node{Name: exante.Unassigned}
	}
	r, ok := p.org.Ancestor(unit, performance.NodeRegion)
	if !ok {
		r = performance.Node{Name: exante.Unassigned}
	}
	if d.ID != "" && r.ID != "" {
		// Departments of different regions share names (教育局): name
		// them with their region, as 城关区·教育局.
		d.Name = r.Name + "·" + d.Name
	}
	p.cache[unit] = [2]performance.Node{d, r}
	return d, r
}

// stage is a stage whose rules a report counts, in the order of the
// stages' names, so that (stage, rule ID) sorts as "stage:rule ID" does.
type stage uint8

const (
	stageApply stage = iota
	stageExAnte
	stageMonitoring
	numStages
)

var stageNames = [numStages]string{"apply", "exante", "monitoring"}

// ruleKey is a rule of one stage: the report's "stage:rule ID" without
// building the string for every record.
type ruleKey struct {
	stage stage
	id    string
}

// firedIn returns the IDs of the rules of stage s that fired in d, as d
// holds them.
func firedIn(d *Decisions, s stage) []string {
	switch {
	case s == stageApply && d.NextYear != nil:
		return d.NextYear.Fired
	case s == stageExAnte && d.ExAnte != nil:
		return d.ExAnte.Fired
	case s == stageMonitoring && d.Alert != nil:
		return d.Alert.Fired
	}
	return nil
}

// sortedSet returns ids sorted and without repeats: ids itself when it is
// (the ex-ante and monitoring decisions' are), else a sorted copy in
// *buf.
func sortedSet(buf *[]string, ids []string) []string {
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			*buf = append((*buf)[:0], ids...)
			sort.Strings(*buf)
			return slices.Compact(*buf)
		}
	}
	return ids
}

// add counts a record decided by both policies. It compares the compact
// outcomes (kinds, rules fired) without building a Change; only a change
// the sample takes is built, with both sides' decisions copied, and kept
// with what facts returns (when not nil): the facts to render its
// explanations from, A's and B's, should it still be in the sample at the
// end of the run.
func (acc *diffAcc) add(r *Record, a, b *Decisions, pl *placement, facts func() *[2]recordFacts) {
	acc.records++
	dept, region := pl.place(r.Project.UnitID)
	acc.addSums(r, dept, region, a, b)
	acc.grades.Counts[gradeIndex(gradeOf(a))][gradeIndex(gradeOf(b))]++
	acc.alerts.Counts[min(int(levelOf(a)), 3)][min(int(levelOf(b)), 3)]++
	acc.actions.Counts[min(int(actionOf(a.NextYear)), 5)][min(int(actionOf(b.NextYear)), 5)]++
	rulesDiffer := false
	for s := range numStages {
		fa, fb := sortedSet(&acc.firedA, firedIn(a, s)), sortedSet(&acc.firedB, firedIn(b, s))
		i, j := 0, 0
		for i < len(fa) || j < len(fb) {
			switch {
			case j == len(fb) || i < len(fa) && fa[i] < fb[j]:
				rc := acc.rule(ruleKey{s, fa[i]})
				rc.FiredA++
				rc.Changed++
				i++
				rulesDiffer = true
			case i == len(fa) || fb[j] < fa[i]:
				rc := acc.rule(ruleKey{s, fb[j]})
				rc.FiredB++
				rc.Changed++
				j++
				rulesDiffer = true
			default:
				rc := acc.rule(ruleKey{s, fa[i]})
				rc.FiredA++
				rc.FiredB++
				i++
				j++
			}
		}
	}
	ks := changeKinds(a, b, rulesDiffer)
	if ks == 0 {
		return
	}
	acc.changed++
	for k := ChangeReduction; k < numChangeKinds; k++ {
		if ks.has(k) {
			acc.counts[k]++
		}
	}
	if acc.sample.k == 0 {
		return
	}
	key := r.Key()
	h := acc.sample.hash(key)
	if !acc.sample.wants(h, key) {
		return
	}
	c := compare(r, a.clone(), b.clone(), fired(a), fired(b))
	c.Department, c.Region = dept.Name, region.Name
	it := sampled{h: h, c: c}
	if facts != nil {
		it.facts = facts()
	}
	acc.sample.insert(it)
}

func (acc *diffAcc) rule(k ruleKey) *RuleChange {
	rc := acc.rules[k]
	if rc == nil {
		rc = &RuleChange{Rule: stageNames[k.stage] + ":" + k.id}
		acc.rules[k] = rc
	}
	return rc
}

func (acc *diffAcc) merge(o *diffAcc) {
	acc.records += o.records
	acc.changed += o.changed
	for i := range acc.counts {
		acc.counts[i] += o.counts[i]
	}
	acc.grades.merge(&o.grades)
	acc.alerts.merge(&o.alerts)
	acc.actions.merge(&o.actions)
	acc.total.merge(&o.total)
	for k, d := range o.years {
		if acc.years[k] == nil {
			acc.years[k] = &deltaSum{id: d.id, name: d.name}
		}
		acc.years[k].merge(d)
	}
	for _, pair := range [][2]map[string]*deltaSum{{acc.depts, o.depts}, {acc.regions, o.regions}} {
		for k, d := range pair[1] {
			if pair[0][k] == nil {
				pair[0][k] = &deltaSum{id: d.id, name: d.name}
			}
			pair[0][k].merge(d)
		}
	}
	for k, rc := range o.rules {
		x := acc.rule(k)
		x.FiredA += rc.FiredA
		x.FiredB += rc.FiredB
		x.Changed += rc.Changed
	}
	for _, it := range o.sample.items {
		if acc.sample.wants(it.h, it.c.Key) {
			acc.sample.insert(it)
		}
	}
	acc.errs.merge(&o.errs)
}

// clone returns a copy of d whose stages are copies, holding copies of
// their slices: what a sampled change keeps, detached from the storage of
// the batch it was decided in, and its own to be explained in.
func (d *Decisions) clone() *Decisions {
	c := *d
	if d.ExAnte != nil {
		e := *d.ExAnte
		e.Fired, e.Reasons = slices.Clone(e.Fired), slices.Clone(e.Reasons)
		c.ExAnte = &e
	}
	if d.Alert != nil {
		a := *d.Alert
		a.Actions, a.Fired = slices.Clone(a.Actions), slices.Clone(a.Fired)
		c.Alert = &a
	}
	if d.Grade != nil {
		g := *d.Grade
		c.Grade = &g
	}
	if d.NextYear != nil {
		n := *d.NextYear
		n.Fired = slices.Clone(n.Fired)
		c.NextYear = &n
	}
	return &c
}

// sampler keeps the k changes with the smallest hash.
type sampler struct {
	k     int
	seed  uint64
	items []sampled
}

type sampled struct {
	h uint64
	c *Change
	// facts are what A's and B's explanations of c are rendered from;
	// nil renders none.
	facts *[2]recordFacts
}

// hash is the 64-bit FNV-1a hash of the seed, the project ID and the
// fiscal year (the seed and the year as 8 little-endian bytes), finished
// with a 64-bit mixer so that similar IDs spread evenly. It is computed
// in place: hash/fnv's Write would take the ID as a fresh []byte.
func (s *sampler) hash(k Key) uint64 {
	const (
		offset64 = 14695981039346656037
		prime64  = 1099511628211
	)
	h := uint64(offset64)
	word := func(v uint64) {
		for i := range 8 {
			h ^= uint64(byte(v >> (8 * i)))
			h *= prime64
		}
	}
	word(s.seed)
	for i := 0; i < len(k.ProjectID); i++ {
		h ^= uint64(k.ProjectID[i])
		h *= prime64
	}
	word(uint64(k.FiscalYear))
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// less orders sampled cases by hash, then fiscal year and project ID.
func less(h uint64, k Key, o sampled) bool {
	if h != o.h {
		return h < o.h
	}
	if k.FiscalYear != o.c.FiscalYear {
		return k.FiscalYear < o.c.FiscalYear
	}
	return k.ProjectID < o.c.ProjectID
}

// wants reports whether the case of key k with hash h would be kept: the
// sample is not full, or k comes before its last case.
func (s *sampler) wants(h uint64, k Key) bool {
	return s.k > 0 && (len(s.items) < s.k || less(h, k, s.items[len(s.items)-1]))
}

// insert keeps it, which the sampler wants, dropping the last case when
// the sample is full.
func (s *sampler) insert(it sampled) {
	if len(s.items) == s.k {
		s.items = s.items[:len(s.items)-1]
	}
	i := sort.Search(len(s.items), func(i int) bool { return less(it.h, it.c.Key, s.items[i]) })
	s.items = slices.Insert(s.items, i, it)
}

func (s *sampler) sorted() []*Change {
	out := make([]*Change, len(s.items))
	for i, it := range s.items {
		out[i] = it.c
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].FiscalYear != out[j].FiscalYear {
			return out[i].FiscalYear < out[j].FiscalYear
		}
		return out[i].ProjectID < out[j].ProjectID
	})
	return out
}
