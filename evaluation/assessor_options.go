package evaluation

// WithOptions returns an Assessor that shares a's compiled policy and
// standards but assesses with o: another as-of date for the rules'
// effective periods, or explanations on. It costs one small copy; a is
// unchanged, and both remain safe for concurrent use.
func (a *Assessor) WithOptions(o AssessOptions) *Assessor {
	c := *a
	c.opts = o
	return &c
}
