// Package strictjson is the library's one strict JSON decoder, behind
// every reader of JSON input (performance.DecodeJSON, the exported
// wrapper, and the rule-set reader of package rules, which sits on the
// same floor as performance and so cannot use it): one pass over a
// document that finds repeated object keys, follows the caller's idea of
// the target type, and says where every value is, by JSON path and by
// line and column.
//
// [Check] is the one set of checks: members match struct fields as
// encoding/json matches them (exact, else but for case), a member given
// twice in one object and a value of the wrong JSON type are problems at
// their paths. [Syntax] positions malformed input, [Locate] the first value
// encoding/json refuses, and [Decoder] decodes a document without a
// problem in one pass. The callers word the problems in their own error
// types.
//
// The scan is linear in the size of the document and holds memory in
// proportion to its nesting and its widest object.
package strictjson

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting Walk follows, as encoding/json's own
// limit; json.Valid rejects deeper documents.
const MaxDepth = 10000

// ErrMalformed is returned by [Walk] for a document that is not one JSON
// value; callers check with json.Valid first to get encoding/json's
// positioned *json.SyntaxError.
var ErrMalformed = errors.New("strictjson: malformed JSON")

var bom = []byte("\xef\xbb\xbf")

// TrimBOM returns data without a leading UTF-8 byte order mark, which
// spreadsheet and editor software on Windows writes and encoding/json
// refuses ("invalid character 'ï'").
func TrimBOM(data []byte) []byte { return bytes.TrimPrefix(data, bom) }

// Position turns a byte offset into data into a 1-based line and a 1-based
// column counted in characters (runes), as an editor shows them. An offset
// past the end is the end.
func Position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return line, col
}

// Kind is the JSON type of a value.
type Kind uint8

// The kinds of JSON values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// A Path is where a value sits in a document: "projects[3].id",
// `schemes["市本级"].bands[0]`, "[2].project" for an element of a top-level
// array. It is valid only during the callback it is passed to.
type Path struct {
	steps []step
}

type step struct {
	key   string
	index int // -1 for an object member
}

// String renders the path: members as ".name" (without the dot at the
// start), or as `["key"]` when the key is not a plain identifier, and
// elements as "[i]".
func (p *Path) String() string {
	var b strings.Builder
	for _, s := range p.steps {
		switch {
		case s.index >= 0:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		case plain(s.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			b.WriteByte('[')
			b.WriteString(strconv.Quote(s.key))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// Clone returns a copy of p that stays valid after the callback.
func (p *Path) Clone() *Path {
	return &Path{steps: append([]step(nil), p.steps...)}
}

// Compare orders paths step by step: member names as strings, elements by
// index, a path before the paths inside it. It gives -1, 0 or +1.
func (p *Path) Compare(q *Path) int {
	for i := range min(len(p.steps), len(q.steps)) {
		a, b := p.steps[i], q.steps[i]
		if c := cmp.Compare(a.index, b.index); c != 0 {
			return c
		}
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(p.steps), len(q.steps))
}

// Len is the number of steps: 0 for the document's top value.
func (p *Path) Len() int { return len(p.steps) }

func plain(key string) bool {
	if key == "" {
		return false
	}
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// A Value is one value of the document, as [Walk] meets it.
type Value struct {
	// Path is where the value is.
	Path *Path
	// Key is the member name for a member of an object, else "".
	Key string
	// Index is the position in its array, or -1.
	Index int
	// Offset is the byte offset of the value's first byte in the document.
	Offset int64
	// Kind is the value's JSON type.
	Kind Kind
}

// A Duplicate is an object key given a second time in one object, where
// encoding/json would silently keep the last value.
type Duplicate struct {
	// Path is the path of the second occurrence, e.g. "projects[3].id".
	Path string
	// At is Path as a [Path], for [Path.Compare].
	At *Path
	// Offset is the byte offset of the repeated key's opening quote.
	Offset int64
}

// Visitor follows a [Walk] through a document; S is the caller's state for
// a value, typically the Go type the value decodes into.
type Visitor[S any] struct {
	// Enter is called for every value, in document order, with the state of
	// the enclosing value (the root state for the top value). It returns the
	// value's own state and whether Walk should call Enter for the values
	// inside it; a value not entered is still scanned for duplicate keys.
	Enter func(parent S, v *Value) (S, bool)
	// Leaf, if set, is called after every value that was not entered (and
	// every string, number, literal), with its state and its bytes.
	Leaf func(s S, v *Value, raw []byte)
}

// Walk scans the JSON document data once, calling vis as it goes, and
// returns every repeated key in document order. Keys compare after
// unescaping, exactly ("id" and "ID" differ). It returns [ErrMalformed] for
// input that is not one JSON value, and never panics.
func Walk[S any](data []byte, root S, vis Visitor[S]) ([]Duplicate, error) {
	w := &walker[S]{data: data, vis: vis}
	w.skipSpace()
	if err := w.value(root, "", -1, 0); err != nil {
		return w.dups, err
	}
	w.skipSpace()
	if w.pos != len(w.data) {
		return w.dups, ErrMalformed
	}
	return w.dups, nil
}

// Duplicates returns every repeated key of data, in document order.
func Duplicates(data []byte) ([]Duplicate, error) {
	return Walk(data, struct{}{}, Visitor[struct{}]{})
}

type walker[S any] struct {
	data []byte
	pos  int
	vis  Visitor[S]
	path Path
	dups []Duplicate
	keys [][]string // keys seen per open object, reused by depth
}

func (w *walker[S]) skipSpace() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
		default:
			return
		}
	}
}

func (w *walker[S]) value(parent S, key string, index, depth int) error {
	if depth > MaxDepth {
		return ErrMalformed
	}
	if w.pos >= len(w.data) {
		return ErrMalformed
	}
	start := w.pos
	v := Value{Path: &w.path, Key: key, Index: index, Offset: int64(start)}
	switch c := w.data[w.pos]; {
	case c == '{':
		v.Kind = Object
	case c == '[':
		v.Kind = Array
	case c == '"':
		v.Kind = String
	case c == 't' || c == 'f':
		v.Kind = Bool
	case c == 'n':
		v.Kind = Null
	default:
		v.Kind = Number
	}
	var s S
	enter := false
	if w.vis.Enter != nil {
		s, enter = w.vis.Enter(parent, &v)
	}
	var err error
	switch v.Kind {
	case Object:
		err = w.object(s, enter, depth)
	case Array:
		err = w.array(s, enter, depth)
	case String:
		_, err = w.str()
	default:
		err = w.literal()
	}
	if err != nil {
		return err
	}
	if w.vis.Leaf != nil && (!enter || v.Kind < Array) {
		w.vis.Leaf(s, &v, w.data[start:w.pos])
	}
	return nil
}

func (w *walker[S]) object(s S, enter bool, depth int) error {
	w.pos++ // {
	if len(w.keys) <= depth {
		w.keys = append(w.keys, make([][]string, depth+1-len(w.keys))...)
	}
	seen := w.keys[depth][:0]
	var set map[string]bool // once the object is wide
	defer func() { w.keys[depth] = seen[:0] }()
	w.skipSpace()
	if w.pos < len(w.data) && w.data[w.pos] == '}' {
		w.pos++
		return nil
	}
	for {
		w.skipSpace()
		keyAt := w.pos
		if keyAt >= len(w.data) || w.data[keyAt] != '"' {
			return ErrMalformed
		}
		key, err := w.str()
		if err != nil {
			return err
		}
		w.path.steps = append(w.path.steps, step{key: key, index: -1})
		dup := false
		if set != nil {
			dup = set[key]
			set[key] = true
		} else {
			for _, k := range seen {
				if k == key {
					dup = true
					break
				}
			}
			seen = append(seen, key)
			if len(seen) > 16 {
				set = make(map[string]bool, 2*len(seen))
				for _, k := range seen {
					set[k] = true
				}
			}
		}
		if dup {
			w.dups = append(w.dups, Duplicate{Path: w.path.String(), At: w.path.Clone(), Offset: int64(keyAt)})
		}
		w.skipSpace()
		if w.pos >= len(w.data) || w.data[w.pos] != ':' {
			return ErrMalformed
		}
		w.pos++
		w.skipSpace()
		if enter {
			err = w.value(s, key, -1, depth+1)
		} else {
			err = w.skip(depth + 1)
		}
		if err != nil {
			return err
		}
		w.path.steps = w.path.steps[:len(w.path.steps)-1]
		w.skipSpace()
		if w.pos >= len(w.data) {
			return ErrMalformed
		}
		switch w.data[w.pos] {
		case ',':
			w.pos++
		case '}':
			w.pos++
			return nil
		default:
			return ErrMalformed
		}
	}
}

func (w *walker[S]) array(s S, enter bool, depth int) error {
	w.pos++ // [
	w.skipSpace()
	if w.pos < len(w.data) && w.data[w.pos] == ']' {
		w.pos++
		return nil
	}
	for i := 0; ; i++ {
		w.skipSpace()
		w.path.steps = append(w.path.steps, step{index: i})
		var err error
		if enter {
			err = w.value(s, "", i, depth+1)
		} else {
			err = w.skip(depth + 1)
		}
		if err != nil {
			return err
		}
		w.path.steps = w.path.steps[:len(w.path.steps)-1]
		w.skipSpace()
		if w.pos >= len(w.data) {
			return ErrMalformed
		}
		switch w.data[w.pos] {
		case ',':
			w.pos++
		case ']':
			w.pos++
			return nil
		default:
			return ErrMalformed
		}
	}
}

// skip scans a value that is not entered: still for duplicate keys, with
// the paths kept, but without calling the visitor.
func (w *walker[S]) skip(depth int) error {
	if depth > MaxDepth || w.pos >= len(w.data) {
		return ErrMalformed
	}
	var zero S
	switch w.data[w.pos] {
	case '{':
		return w.object(zero, false, depth)
	case '[':
		return w.array(zero, false, depth)
	case '"':
		_, err := w.str()
		return err
	}
	return w.literal()
}

// str reads a string at pos and returns it unescaped.
func (w *walker[S]) str() (string, error) {
	start := w.pos
	w.pos++ // "
	escaped := false
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case '\\':
			escaped = true
			w.pos += 2
			continue
		case '"':
			w.pos++
			raw := w.data[start:w.pos]
			if !escaped {
				return string(raw[1 : len(raw)-1]), nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", ErrMalformed
			}
			return s, nil
		}
		w.pos++
	}
	return "", ErrMalformed
}

// literal reads a number, true, false or null.
func (w *walker[S]) literal() error {
	start := w.pos
	for w.pos < len(w.data) {
		c := w.data[w.pos]
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		w.pos++
	}
	if w.pos == start {
		return ErrMalformed
	}
	return nil
}
