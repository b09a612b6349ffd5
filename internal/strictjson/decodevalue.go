package strictjson

// Decoding a document's values into Go values by their plans: the one
// pass of Decoder.Decode over objects, maps, slices, arrays and leaves.

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"

	"github.com/jixiao-go/jixiao/internal/intern"
)

// scan is one Decode's position in its document; every method returns
// false to fall back.
type scan struct {
	data   []byte
	pos    int
	strict bool
	closed bool // set by next: the object or array has ended
	scanBuffers
	// dups makes skip refuse a repeated key (or one with escapes, which
	// would need unquoting to compare); keys holds the keys of the objects
	// skip has open, by depth.
	dups bool
	keys [][][]byte
	// short holds the short strings met so far, so that a value repeated
	// through the document ("N1", an expert's id) is allocated once; the
	// first few are not (a small document is not worth the table).
	short  *intern.Strings
	nshort int
	// depth is the nesting of the value an Unmarshaler reads (Input).
	depth int
}

// scanBuffers are the buffers of a scan that a Decoder with KeepBlocks
// keeps from one document to the next.
type scanBuffers struct {
	// scratch are the element buffers of the slice plans by plan id, one
	// per open slice of the type; each is empty between arrays.
	scratch [][]reflect.Value
	open    []int
	// blocks are the blocks the slices within the document are cut from,
	// by plan id (see sliceInBlock).
	blocks []sliceBlock
}

// text returns b as a string, shared with earlier equal strings of up to
// intern.MaxLong bytes.
func (s *scan) text(b []byte) string {
	if len(b) > intern.MaxLong {
		return string(b)
	}
	if s.short == nil {
		if s.nshort < 64 {
			s.nshort++
			return string(b)
		}
		s.short = intern.NewStrings(len(s.data))
	}
	return s.short.Long(b)
}

func (s *scan) space() {
	for s.pos < len(s.data) {
		// Every byte of JSON's white space is at most ' ': one comparison
		// for the common case, a token right there.
		if c := s.data[s.pos]; c > ' ' || c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return
		}
		s.pos++
	}
}

// value decodes the value at pos into v, of plan p.
func (s *scan) value(p *plan, v reflect.Value, depth int) bool {
	if depth > MaxDepth || s.pos >= len(s.data) {
		return false
	}
	c := s.data[s.pos]
	switch p.kind {
	case pLeaf, pUnmarshaler:
		start := s.pos
		// The value is not looked into, but when strict a repeated key in
		// it is still a problem.
		s.dups = s.strict
		ok := s.skip(depth)
		s.dups = false
		if !ok {
			return false
		}
		raw := s.data[start:s.pos]
		if p.kind == pLeaf {
			return p.leaf(raw, v) == nil
		}
		return v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw) == nil
	case pSelf:
		return s.self(v, depth)
	case pPtr:
		if c == 'n' {
			return s.null() // already nil
		}
		e := reflect.New(p.t.Elem())
		if !s.value(p.elem, e.Elem(), depth) {
			return false
		}
		v.Set(e)
		return true
	}
	switch c {
	case 'n':
		// null: nothing to do for a zero value (encoding/json sets
		// pointers, maps and slices to nil and ignores it elsewhere),
		// except for a type decoding itself from text.
		return p.kind != pText && s.null()
	case '{':
		switch p.kind {
		case pStruct:
			return s.object(p, v, depth)
		case pMap:
			return s.mapping(p, v, depth)
		}
		return false
	case '[':
		switch p.kind {
		case pSlice:
			return s.slice(p, v, depth)
		case pArray:
			return s.array(p, v, depth)
		}
		return false
	case '"':
		if p.kind == pText {
			return s.textValue(v)
		}
		str, ok := s.str()
		if !ok || p.kind != pString {
			return false
		}
		v.SetString(str)
		return true
	case 't', 'f':
		b, ok := s.boolean()
		if !ok || p.kind != pBool {
			return false
		}
		v.SetBool(b)
		return true
	}
	start := s.pos
	if !s.number() {
		return false
	}
	return setNumber(p.kind, s.data[start:s.pos], v)
}

// textValue decodes the string at pos into v, an encoding.TextUnmarshaler:
// a string without escapes as the document's own bytes, which
// UnmarshalText must not keep (its contract), else unescaped.
func (s *scan) textValue(v reflect.Value) bool {
	start := s.pos
	end, plain, ok := s.strEnd()
	if !ok {
		return false
	}
	var b []byte
	if plain {
		b = s.data[start+1 : end-1 : end-1]
	} else {
		str, ok := unquote(s.data[start:end])
		if !ok {
			return false
		}
		b = []byte(str)
	}
	return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(b) == nil
}

// setNumber stores the JSON number raw in v as encoding/json does,
// falling back where it would report an error.
func setNumber(k planKind, raw []byte, v reflect.Value) bool {
	switch k {
	case pInt:
		n, ok := smallInt(raw)
		if !ok {
			var err error
			if n, err = strconv.ParseInt(string(raw), 10, 64); err != nil {
				return false
			}
		}
		if v.OverflowInt(n) {
			return false
		}
		v.SetInt(n)
		return true
	case pUint:
		n, err := strconv.ParseUint(string(raw), 10, 64)
		if err != nil || v.OverflowUint(n) {
			return false
		}
		v.SetUint(n)
		return true
	case pFloat:
		f, err := strconv.ParseFloat(string(raw), v.Type().Bits())
		if err != nil || v.OverflowFloat(f) {
			return false
		}
		v.SetFloat(f)
		return true
	}
	return false
}

// smallInt parses an optional minus and at most 18 digits.
func smallInt(raw []byte) (int64, bool) {
	neg := len(raw) > 0 && raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	if len(raw) == 0 || len(raw) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func (s *scan) object(p *plan, v reflect.Value, depth int) bool {
	s.pos++ // {
	var seen uint64
	var seenWide []bool
	if len(p.fields) > 64 {
		seenWide = make([]bool, len(p.fields))
	}
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return true
	}
	// Members usually come in the order of the fields: the one after the
	// last member's field is tried first, as its quoted bytes.
	guess := 0
	for {
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return false
		}
		var i int
		if q := p.quotedAt(guess); q != "" && len(s.data)-s.pos >= len(q) && string(s.data[s.pos:s.pos+len(q)]) == q {
			s.pos += len(q)
			i = guess
		} else {
			key, ok := s.key()
			if !ok {
				return false
			}
			i = p.lookup(key)
		}
		if !s.colon() {
			return false
		}
		guess = i + 1
		switch {
		case i == -2:
			return false // several fields match but for case
		case i < 0:
			if s.strict || !s.skip(depth+1) {
				return false
			}
		default:
			// A field given twice (also as "ID" and "id") falls back: strict
			// decoding reports it, and encoding/json merges the two.
			if seenWide != nil {
				if seenWide[i] {
					return false
				}
				seenWide[i] = true
			} else {
				if seen&(1<<i) != 0 {
					return false
				}
				seen |= 1 << i
			}
			f := &p.fields[i]
			var fv reflect.Value
			if len(f.index) == 1 {
				fv = v.Field(f.index[0])
			} else {
				fv = v.FieldByIndex(f.index)
			}
			if !s.value(f.plan, fv, depth+1) {
				return false
			}
		}
		if !s.next('}') {
			return s.closed
		}
	}
}

// lookup finds the field a member's key names (see matchName): its index,
// -1 for none, or -2 when several fields match it but for case, which the
// one pass leaves to the checking decoder to report.
func (p *plan) lookup(key []byte) int {
	i, ambiguous := matchName(p.names, key)
	if ambiguous {
		return -2
	}
	return i
}

// quotedAt returns the quoted name of field i, or "" when there is none
// or its keys are not always its bytes.
func (p *plan) quotedAt(i int) string {
	if i < 0 || i >= len(p.fields) {
		return ""
	}
	return p.fields[i].quoted
}

func (s *scan) mapping(p *plan, v reflect.Value, depth int) bool {
	s.pos++ // {
	m := reflect.MakeMap(p.t)
	v.Set(m)
	kt := p.t.Key()
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return true
	}
	for {
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return false
		}
		str, ok := s.str()
		if !ok || !s.colon() {
			return false
		}
		k := reflect.New(kt).Elem()
		k.SetString(str)
		if m.MapIndex(k).IsValid() {
			return false // a repeated key
		}
		e := reflect.New(p.t.Elem()).Elem()
		if !s.value(p.elem, e, depth+1) {
			return false
		}
		m.SetMapIndex(k, e)
		if !s.next('}') {
			return s.closed
		}
	}
}

func (s *scan) slice(p *plan, v reflect.Value, depth int) bool {
	s.pos++ // [
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		v.Set(reflect.MakeSlice(p.t, 0, 0))
		return true
	}
	// The elements are decoded into a buffer of the plan's, one per level
	// of nesting of the type, and copied into a slice of their number: one
	// allocation per slice rather than one per doubling.
	if len(s.open) <= p.id {
		s.open = append(s.open, make([]int, p.id+1-len(s.open))...)
		s.scratch = append(s.scratch, make([][]reflect.Value, p.id+1-len(s.scratch))...)
	}
	lvl := s.open[p.id]
	if lvl == 0 && depth > 0 {
		return s.sliceInBlock(p, v, depth)
	}
	s.open[p.id]++
	// A level below may be an array sliceInBlock decodes, which takes no
	// buffer: every level up to this one gets its own.
	for len(s.scratch[p.id]) <= lvl {
		s.scratch[p.id] = append(s.scratch[p.id], reflect.New(p.t).Elem())
	}
	buf := s.scratch[p.id][lvl]
	n, ok := s.elements(p, buf, depth)
	s.open[p.id]--
	if ok {
		out := reflect.MakeSlice(p.t, n, n)
		reflect.Copy(out, buf)
		v.Set(out)
	}
	buf.Clear() // nothing decoded stays reachable from the buffer
	buf.SetLen(0)
	return ok
}

// elements decodes the elements of an array into buf, from its length 0.
func (s *scan) elements(p *plan, buf reflect.Value, depth int) (int, bool) {
	n := 0
	for {
		s.space()
		if n == buf.Cap() {
			buf.Grow(max(8, n))
		}
		buf.SetLen(n + 1)
		if !s.value(p.elem, buf.Index(n), depth+1) {
			return n, false
		}
		n++
		if !s.next(']') {
			return n, s.closed
		}
	}
}

func (s *scan) array(p *plan, v reflect.Value, depth int) bool {
	s.pos++ // [
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return true
	}
	for i := 0; ; i++ {
		s.space()
		var ok bool
		if i < v.Len() {
			ok = s.value(p.elem, v.Index(i), depth+1)
		} else {
			ok = s.skip(depth + 1) // encoding/json drops the rest
		}
		if !ok {
			return false
		}
		if !s.next(']') {
			return s.closed
		}
	}
}
