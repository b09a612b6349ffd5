package strictjson

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
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
// with other slices of their type in the document (with KeepBlocks, in the
// Decoder's documents), each capped at its length, so that appending to
// one never writes into another.
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
	// KeepBlocks makes the Decoder keep the blocks its documents' slices
	// are cut from, and its element buffers, from one Decode to the next,
	// for a stream of small documents: their slices then share blocks of
	// up to 32 KiB of elements per slice type, where each document would
	// take blocks of its own of at least 1 KiB per type (a 3 KB history
	// record took 12 KB of them). A decoded value then keeps alive, beside
	// its own slices, the rest of at most two such blocks per slice type
	// (the one it began in and the one it ended in), which other
	// documents' slices share. A block made larger for one long slice is
	// not kept for the next document, and a Decode that falls back drops
	// every block. The Decoder is not safe for concurrent use even with
	// its types prepared, and an Unmarshaler or LeafFunc that decodes with
	// the same Decoder gets buffers of its own.
	KeepBlocks bool

	plans map[reflect.Type]*plan
	short *intern.Strings // kept across Decodes (KeepStrings)
	kept  scanBuffers     // kept across Decodes (KeepBlocks)
	busy  bool            // a Decode is using kept
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
	keep := d.KeepBlocks && !d.busy // a Decode from within this one keeps nothing
	if keep {
		d.busy = true
		s.scanBuffers = d.kept
	}
	out := reflect.New(t).Elem()
	s.space()
	ok := s.value(p, out, 0)
	if ok {
		s.space()
		ok = s.pos == len(s.data)
	}
	if keep {
		d.busy = false
		d.kept = s.scanBuffers
		for i := range d.kept.blocks {
			// An array that fell back may have left decoded elements in
			// its block's free space, which must be zero for the next
			// document: after a fallback every block goes.
			if !ok || d.kept.blocks[i].big {
				d.kept.blocks[i] = sliceBlock{}
			}
		}
	}
	if !ok {
		return ErrFallback
	}
	rv.Elem().Set(out)
	return nil
}
