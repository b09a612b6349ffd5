package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"slices"

	"github.com/jixiao-go/jixiao/internal/batch"
)

// writeJSON writes v as the command's JSON output: indented by two
// spaces, HTML characters unescaped, a newline at the end. A report with
// large arrays (a jsonStreamer) is written a piece at a time, byte for
// byte the same.
func writeJSON(w io.Writer, v any) error {
	s, ok := v.(jsonStreamer)
	if !ok {
		return encodeJSON(w, v)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var jw jsonWriter
	if err := jw.stream(bw, s, 0, ""); err != nil {
		return err
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// encodeJSON is writeJSON for a value written whole.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// A jsonStreamer is a report with large arrays (an ex-ante run's
// assessments, one per submission; a monitoring year's checks, each
// check's project statuses, and the year end's balances) that --format
// json writes an element at a time rather than as one document built in
// memory: encoding/json's encoder marshals a whole value into a buffer and
// then indents it into another, so a 100,000-project assessment held three
// copies of its 274 MB of JSON beside the results (1.97 GB peak RSS
// against 0.83 GB for the text), and a year of monitoring 100,000 projects
// 4.2 GB.
type jsonStreamer interface {
	// streamedJSON returns the report with the arrays emptied (a nil
	// array left nil, so that it is written as null) and the arrays.
	// Only an array the shell writes as [] when empty can be streamed: not
	// one whose field is omitempty.
	streamedJSON() (shell any, arrays []jsonArray)
}

// A jsonArray is one of a jsonStreamer's arrays: its key, its length and
// its elements by index. The key is among the shell's top-level members,
// or, when in names members holding objects (a monitoring year's
// "year_end"), among the members of the object reached through them. An
// element that is itself a jsonStreamer is streamed in turn. elem is
// called from several goroutines at once (the elements of a long array
// are encoded on every core).
type jsonArray struct {
	key  string
	n    int
	elem func(i int) any
	in   []string
}

// arrayOf is the jsonArray of s under key, element i being s[i].
func arrayOf[T any](key string, s []T) jsonArray {
	return jsonArray{key: key, n: len(s), elem: func(i int) any { return s[i] }}
}

// arrayOfAddrs is arrayOf with element i being &s[i] (for elements whose
// JSON methods have pointer receivers, and to copy no element).
func arrayOfAddrs[T any](key string, s []T) jsonArray {
	return jsonArray{key: key, n: len(s), elem: func(i int) any { return &s[i] }}
}

// errNoArrayKey is the error for a shell whose JSON does not hold an
// empty array under a streamed key once where the key says: a report whose
// streamedJSON does not match its JSON fields.
var errNoArrayKey = errors.New("streamed JSON: the report's empty array key is not found once where it is streamed")

// A jsonWriter encodes the pieces of a streamed document, with one buffer
// and encoder per level of streaming (a shell's JSON is held while its
// elements are written). An encoder is kept from one element to the next
// for its indentation buffer: a fresh encoder grew one from nothing for
// every element, and clearing the grown slices was a seventh of the CPU of
// `evaluate --format json` on 100,000 forms.
type jsonWriter struct {
	levels []jsonLevel
}

// jsonLevel is a jsonWriter's buffer and the encoder writing into it at
// one level, with the prefix the encoder indents by.
type jsonLevel struct {
	buf    *bytes.Buffer
	enc    *json.Encoder
	prefix string
}

// encode returns v's JSON as encodeJSON writes it, its lines after the
// first indented by prefix, without the final newline, in the level's
// buffer.
func (jw *jsonWriter) encode(v any, level int, prefix string) ([]byte, error) {
	for len(jw.levels) <= level {
		b := new(bytes.Buffer)
		enc := json.NewEncoder(b) // writing into a bytes.Buffer never fails, so enc never keeps an error
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		jw.levels = append(jw.levels, jsonLevel{buf: b, enc: enc})
	}
	l := &jw.levels[level]
	if l.prefix != prefix {
		l.enc.SetIndent(prefix, "  ")
		l.prefix = prefix
	}
	l.buf.Reset()
	if err := l.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(l.buf.Bytes(), []byte("\n")), nil
}

// stream writes s, without the final newline, byte for byte as
// encodeJSON writes it with its lines after the first indented by prefix:
// the shell is written around its arrays, whose elements are encoded (or
// streamed) one at a time. level is how many shells are held around it.
//
// An array is found in the shell's JSON as the line `"key": []` at the
// indentation of its object's keys: a key is the only text after a
// newline and exactly that many spaces (deeper keys and elements are
// indented further, and a string cannot hold a raw newline), so the match
// is the field itself; an array inside a member's object is looked for
// between the member's first line, `"member": {`, and its last, the first
// line after it indented as its key and holding `}`.
func (jw *jsonWriter) stream(bw *bufio.Writer, s jsonStreamer, level int, prefix string) error {
	shell, arrays := s.streamedJSON()
	doc, err := jw.encode(shell, level, prefix)
	if err != nil {
		return err
	}
	type cut struct {
		at, end int // the marker's bytes in doc
		ind     string
		a       *jsonArray
	}
	var cuts []cut
	for i := range arrays {
		a := &arrays[i]
		if a.n == 0 {
			continue // the shell's own empty array, or null
		}
		lo, hi, ind := 0, len(doc), prefix
		for _, m := range a.in {
			// an object of at least one member: `{` ends the key's line
			at, end, ok := findOnce(doc[lo:hi], ind, m, ": {\n")
			if !ok {
				return errNoArrayKey
			}
			closing := bytes.Index(doc[lo+end-1:hi], []byte("\n"+ind+"  }"))
			if closing < 0 {
				return errNoArrayKey
			}
			lo, hi, ind = lo+at, lo+end-1+closing, ind+"  "
		}
		at, end, ok := findOnce(doc[lo:hi], ind, a.key, ": []")
		if !ok {
			return errNoArrayKey
		}
		cuts = append(cuts, cut{lo + at, lo + end, ind, a})
	}
	slices.SortFunc(cuts, func(x, y cut) int { return x.at - y.at })
	for i := 1; i < len(cuts); i++ {
		if cuts[i].at < cuts[i-1].end {
			return errNoArrayKey // one key streamed twice
		}
	}
	last := 0
	for _, c := range cuts {
		bw.Write(doc[last : c.end-1]) // through the array's '['
		if err := jw.elements(bw, c.a, level+1, c.ind+"    "); err != nil {
			return err
		}
		bw.WriteString("\n" + c.ind + "  ]")
		last = c.end
	}
	bw.Write(doc[last:])
	return nil
}

// findOnce returns the bounds in doc of the line that starts with key
// (quoted) at the indentation of the keys of an object whose own lines
// are indented by ind, followed by rest: from the newline before it to the
// end of rest. It reports false unless doc holds it exactly once.
func findOnce(doc []byte, ind, key, rest string) (at, end int, ok bool) {
	name, err := json.Marshal(key)
	if err != nil {
		return 0, 0, false
	}
	marker := append(append([]byte("\n"+ind+"  "), name...), rest...)
	at = bytes.Index(doc, marker)
	if at < 0 || bytes.Contains(doc[at+len(marker):], marker) {
		return 0, 0, false
	}
	return at, at + len(marker), true
}

// parallelElements is the length from which an array's elements are
// encoded on every core: two chunks of internal/batch on two cores (64
// elements a worker a chunk), so that a short array (a check's few
// actions, a year's four checks) starts no goroutines. It is chosen, not
// measured: the arrays it matters for have 100,000 elements.
const parallelElements = 256

// elements writes a's elements, each on a line of its own after the '['
// already written and indented by prefix, with commas between them. A
// long array of plain elements is encoded on every core
// (internal/batch.Seq, each worker with buffers of its own) and written in
// order: the encoding is the same, element by element, so the bytes are
// too. An array whose first element streams (a monitoring year's checks)
// is written element by element here, its elements' own arrays then
// taking the cores.
func (jw *jsonWriter) elements(bw *bufio.Writer, a *jsonArray, level int, prefix string) error {
	inner := "\n" + prefix
	_, streams := a.elem(0).(jsonStreamer)
	if a.n < parallelElements || streams || runtime.GOMAXPROCS(0) == 1 {
		for i := range a.n {
			bw.WriteString(inner)
			if err := jw.element(bw, a.elem(i), level, prefix); err != nil {
				return err
			}
			if i < a.n-1 {
				bw.WriteByte(',')
			}
		}
		return nil
	}
	indices := func(yield func(int) bool) {
		for i := range a.n {
			if !yield(i) {
				return
			}
		}
	}
	encoded := batch.Seq(context.Background(), indices, runtime.GOMAXPROCS(0), func() *jsonWriter { return &jsonWriter{} },
		func(w *jsonWriter, _ int, i int) ([]byte, error) {
			v := a.elem(i)
			if s, ok := v.(jsonStreamer); ok { // one streaming element among plain ones: written whole
				var b bytes.Buffer
				sw := bufio.NewWriter(&b)
				if err := w.stream(sw, s, 0, prefix); err != nil {
					return nil, err
				}
				sw.Flush()
				return b.Bytes(), nil
			}
			doc, err := w.encode(v, 0, prefix)
			return bytes.Clone(doc), err // the worker's buffer is reused for its next element
		}, func(_ int, err error) error { return err })
	i := 0
	for doc, err := range encoded {
		if err != nil {
			return err
		}
		bw.WriteString(inner)
		if _, err := bw.Write(doc); err != nil {
			return err // a closed pipe: the workers stop with the range
		}
		if i < a.n-1 {
			bw.WriteByte(',')
		}
		i++
	}
	return nil
}

// element writes one element of a streamed array, its lines after the
// first indented by prefix.
func (jw *jsonWriter) element(bw *bufio.Writer, v any, level int, prefix string) error {
	if s, ok := v.(jsonStreamer); ok {
		return jw.stream(bw, s, level, prefix)
	}
	doc, err := jw.encode(v, level, prefix)
	if err != nil {
		return err
	}
	// A write that failed (a closed pipe) stops the document here rather
	// than after encoding the rest for nothing.
	_, err = bw.Write(doc)
	return err
}
