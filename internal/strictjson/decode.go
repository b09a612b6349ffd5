package strictjson

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/jixiao-go/jixiao/internal/intern"
)

// ErrFallback is returned by [Decoder.Decode] for a document it does not
// decode in its one pass: malformed JSON, a value of the wrong type or
// form, an unknown member (when strict), a repeated key, a value a type's
// own decoder refuses, or a type it does not follow. The caller then
// decodes with encoding/json (after [Walk], for the problems and their
// paths), which gives the same result or the positioned error; the value
// handed to Decode is left untouched.
var ErrFallback = errors.New("strictjson: not decoded in one pass")

// A LeafFunc decodes the JSON value raw (its exact bytes, null included)
// into v, an addressable value of the type it was given for; an error
// makes [Decoder.Decode] return [ErrFallback].
type LeafFunc func(raw []byte, v reflect.Value) error

// A Decoder decodes a JSON document into a Go value in one pass, as
// encoding/json's Unmarshal decodes it into a zero value, or refuses with
// [ErrFallback]. It tokenises each byte once, builds no paths (they are
// needed only for errors, which fall back) and works out each Go type's
// fields once per Decoder. It follows structs (exported fields and
// embedded structs by value, matched exactly, else case-insensitively),
// slices, arrays, maps with string keys, pointers, strings, bools and
// numbers, and types that decode themselves ([Unmarshaler], from the
// Decoder's own tokens; json.Unmarshaler, from the value's bytes; and
// encoding.TextUnmarshaler from a JSON string). It does not follow
// interfaces, []byte, ",string" fields, fields promoted through embedded
// pointers, or map keys of other kinds: a document reaching one of those
// types falls back before anything is scanned.
//
// The slices of a decoded value (but its root) are cut from blocks shared
// with other slices of their type in the document, each capped at its
// length, so that appending to one never writes into another.
//
// A Decoder is not safe for concurrent use.
type Decoder struct {
	// Strict makes an object member that names no field of its struct
	// fall back, rather than being skipped as encoding/json skips it.
	Strict bool
	// Leaf, if set, is asked first for every type met: a non-nil LeafFunc
	// decodes the type's values; ok with a nil LeafFunc marks a type the
	// Decoder must not follow (the document falls back); !ok leaves the
	// type to the Decoder.
	Leaf func(t reflect.Type) (fn LeafFunc, ok bool)
	// KeepStrings makes the Decoder keep its table of short strings (ids,
	// codes) from one Decode to the next, for a stream of documents that
	// repeat them; the Decoder is then not safe for concurrent use even
	// with its types prepared. Without it each Decode has its own.
	KeepStrings bool

	plans map[reflect.Type]*plan
	short *intern.Strings // kept across Decodes (KeepStrings)
}

type planKind uint8

const (
	pStruct planKind = iota
	pMap
	pSlice
	pArray
	pPtr
	pString
	pBool
	pInt
	pUint
	pFloat
	pUnmarshaler
	pSelf
	pText
	pLeaf
)

// A plan is how the Decoder decodes one Go type.
type plan struct {
	kind   planKind
	t      reflect.Type
	elem   *plan // slice, array, pointer and map element
	fields []fieldPlan
	names  []string // the fields' names, for matchName
	leaf   LeafFunc
	bad    bool // a type the Decoder does not follow, here or inside
	id     int  // the plan's index in its Decoder, for the scan's buffers
	ok     bool // followed (set when the plan is prepared as a root)
	root   bool
}

type fieldPlan struct {
	name string
	// quoted is name in quotes, when those are the only bytes a key of
	// the name can have in a document (no quote, backslash or control
	// character, valid UTF-8): a key of these very bytes is the name.
	quoted string
	index  []int
	plan   *plan
}

// quotedName returns name in quotes, or "" when a key equal to name may
// be written otherwise than as its bytes.
func quotedName(name string) string {
	if !utf8.ValidString(name) {
		return ""
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c == '"' || c == '\\' || c < 0x20 {
			return ""
		}
	}
	return `"` + name + `"`
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberType          = reflect.TypeFor[json.Number]()
)

// planFor returns the plan of t, working it out once.
func (d *Decoder) planFor(t reflect.Type) *plan {
	if p, ok := d.plans[t]; ok {
		return p
	}
	if d.plans == nil {
		d.plans = map[reflect.Type]*plan{}
	}
	p := &plan{t: t, id: len(d.plans)}
	d.plans[t] = p // before the elements, for recursive types
	if d.Leaf != nil {
		if fn, ok := d.Leaf(t); ok {
			p.kind, p.leaf, p.bad = pLeaf, fn, fn == nil
			return p
		}
	}
	pt := reflect.PointerTo(t)
	switch {
	case t == numberType:
		p.bad = true // a string holding a number, checked by encoding/json
		return p
	case t.Kind() == reflect.Pointer:
		p.kind = pPtr
		p.bad = t.Name() != "" || t.Elem().Kind() == reflect.Pointer
		p.elem = d.planFor(t.Elem())
		return p
	case pt.Implements(strictUnmarshalerType) && pt.Implements(unmarshalerType):
		// As a json.Unmarshaler below, for named types only.
		p.kind, p.bad = pSelf, t.Name() == ""
		return p
	case pt.Implements(unmarshalerType):
		// encoding/json looks for methods through the address of named
		// types only (an unnamed struct embedding one is decoded field by
		// field); such types are left to it.
		p.kind, p.bad = pUnmarshaler, t.Name() == ""
		return p
	case pt.Implements(textUnmarshalerType):
		p.kind, p.bad = pText, t.Name() == ""
		return p
	}
	switch t.Kind() {
	case reflect.Struct:
		p.kind = pStruct
		for _, f := range Fields(t) {
			if f.Quoted || f.ViaPointer {
				p.bad = true
			}
			p.fields = append(p.fields, fieldPlan{name: f.Name, quoted: quotedName(f.Name), index: f.Index, plan: d.planFor(f.Type)})
			p.names = append(p.names, f.Name)
		}
	case reflect.Map:
		p.kind = pMap
		kt := t.Key()
		p.bad = kt.Kind() != reflect.String || reflect.PointerTo(kt).Implements(textUnmarshalerType)
		p.elem = d.planFor(t.Elem())
	case reflect.Slice:
		p.kind = pSlice
		p.bad = t.Elem().Kind() == reflect.Uint8 // base64 in encoding/json
		p.elem = d.planFor(t.Elem())
	case reflect.Array:
		p.kind = pArray
		p.elem = d.planFor(t.Elem())
	case reflect.String:
		p.kind = pString
	case reflect.Bool:
		p.kind = pBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind = pInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		p.kind = pUint
	case reflect.Float32, reflect.Float64:
		p.kind = pFloat
	default:
		p.bad = true // interfaces, channels, functions, complex numbers
	}
	return p
}

// followed reports whether the Decoder follows every type reachable from p.
func followed(p *plan, seen map[*plan]bool) bool {
	if seen[p] {
		return true
	}
	seen[p] = true
	if p.bad {
		return false
	}
	if p.elem != nil && !followed(p.elem, seen) {
		return false
	}
	for _, f := range p.fields {
		if !followed(f.plan, seen) {
			return false
		}
	}
	return true
}

// Prepare works out how to decode values of type t, as Decode does the
// first time it meets t. A Decoder whose types are all prepared is only
// read by Decode, and so may be used by concurrent calls (a decoder of a
// type's own UnmarshalJSON, prepared once).
func (d *Decoder) Prepare(t reflect.Type) {
	p := d.planFor(t)
	if !p.root {
		p.root, p.ok = true, followed(p, map[*plan]bool{})
	}
}

// Decode decodes data into v, a non-nil pointer to a zero value, as
// json.Unmarshal would, or returns [ErrFallback] and leaves v untouched.
// The document is decoded into a new value that replaces *v only once the
// whole document has decoded; v's target must be zero (as a fresh
// variable is) because encoding/json merges into what is there.
func (d *Decoder) Decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || !rv.Elem().IsZero() {
		return ErrFallback
	}
	t := rv.Type().Elem()
	p, prepared := d.plans[t]
	if !prepared || !p.root {
		d.Prepare(t)
		p = d.plans[t]
	}
	if !p.ok {
		return ErrFallback
	}
	s := &scan{data: data, strict: d.Strict}
	if d.KeepStrings {
		s.short = d.short
		defer func() { d.short = s.short }()
	}
	out := reflect.New(t).Elem()
	s.space()
	if !s.value(p, out, 0) {
		return ErrFallback
	}
	s.space()
	if s.pos != len(s.data) {
		return ErrFallback
	}
	rv.Elem().Set(out)
	return nil
}

// scan is one Decode's position in its document; every method returns
// false to fall back.
type scan struct {
	data   []byte
	pos    int
	strict bool
	closed bool // set by next: the object or array has ended
	// scratch are the element buffers of the slice plans by plan id, one
	// per open slice of the type.
	scratch [][]reflect.Value
	open    []int
	// blocks are the blocks the slices within the document are cut from,
	// by plan id (see sliceInBlock).
	blocks []sliceBlock
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

// text returns b as a string, shared with earlier equal short strings.
func (s *scan) text(b []byte) string {
	if len(b) > intern.MaxString {
		return string(b)
	}
	if s.short == nil {
		if s.nshort < 64 {
			s.nshort++
			return string(b)
		}
		s.short = intern.NewStrings(len(s.data))
	}
	return s.short.String(b)
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
