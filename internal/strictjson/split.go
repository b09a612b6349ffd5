package strictjson

import (
	"bytes"
	"errors"
	"io"
)

// splitBlock is how much Split reads at a time.
const splitBlock = 1 << 20

// Split reads the JSON array or object that r holds and calls fn, in
// order, with documents of the same kind ("[e1,e2]", or {"k1":v1,"k2":v2})
// holding consecutive runs of its elements or members, the source bytes
// of each run verbatim: the streaming form of a whole-document decode, for
// a caller that decodes each document (and so validates it) and joins the
// results. Each document holds at least size bytes of elements but the
// last; an element larger than that is a document of its own. Memory
// holds at most about twice one run and a read block, whatever the size
// of r. fn's doc is
// only valid during the call, and fn must not change it.
//
// Split does not validate the elements (fn's decoder does): it follows
// strings and bracket depth to find the commas between top-level elements.
// If every document decodes, r was one valid array or object: each
// document's elements were values, so the commas between them were
// separators. Split reports false, having called fn for a prefix of the
// elements or none, when r, after an optional UTF-8 byte order mark and
// white space, does not begin with '[' or '{', when the container is
// empty, when an element is empty (a stray or trailing comma), when it
// ends before the container closes, or when anything but white space
// follows the closing bracket; the caller then decodes r whole, which
// finds the error with its position. fn's error stops Split and is
// returned, as is a read error.
func Split(r io.Reader, size int, fn func(doc []byte) error) (bool, error) {
	ok, _, err := split(r, size, false, fn)
	return ok, err
}

// SplitLines is Split for a document written one element (member) per
// line, as a generator or an exporter writes a large array: where it can,
// it cuts a run at a line that ends with a comma and is followed by a line
// indented as the top-level elements are, found with a byte search rather
// than by following every string and bracket, so that the splitting costs
// almost nothing beside the decoding; elsewhere (the first run, a run
// without such a line within lineWindow bytes past size) it follows the
// text as Split does. The cuts are guesses, and the decoding proves them:
// the first run starts after the opening bracket and each run starts
// where the one before ended, so if every document decodes (each is then
// a list of whole values, ending outside any string and bracket), every
// cut was at a comma between top-level elements, and the documents are
// Split's. A wrong guess makes a document fail to decode: a caller whose
// decoding fails after lines > 0 such cuts splits again with Split before
// it concludes that r is invalid.
func SplitLines(r io.Reader, size int, fn func(doc []byte) error) (ok bool, lines int, err error) {
	return split(r, size, true, fn)
}

// lineWindow is how far past a run's size SplitLines looks for a line to
// cut at before it follows the run's text instead.
const lineWindow = 64 << 10

// split is Split, and SplitLines with lines.
func split(r io.Reader, size int, lines bool, fn func(doc []byte) error) (ok bool, cuts int, err error) {
	return (&splitter{r: r, buf: make([]byte, 0, 2*splitBlock)}).split(size, lines, fn)
}

// split is the function split on the read buffer sp.
func (sp *splitter) split(size int, lines bool, fn func(doc []byte) error) (ok bool, cuts int, err error) {
	// The preamble: a byte order mark, white space, the opening bracket.
	for len(sp.buf) < len(bom) && !sp.eof {
		if err := sp.fill(); err != nil {
			return false, 0, err
		}
	}
	i := 0
	if bytes.HasPrefix(sp.buf, bom) {
		i = len(bom)
	}
	for {
		for i < len(sp.buf) && isSpace(sp.buf[i]) {
			i++
		}
		if i < len(sp.buf) || sp.eof {
			break
		}
		if err := sp.fill(); err != nil {
			return false, 0, err
		}
	}
	if i >= len(sp.buf) || sp.buf[i] != '[' && sp.buf[i] != '{' {
		return false, 0, nil
	}
	open := sp.buf[i]
	closing := byte(']')
	if open == '{' {
		closing = '}'
	}
	i++
	run, elem := i, i // the start of the pending run and of its last element
	depth := 0
	inString, escaped := false, false
	// With lines: comma is the last top-level comma followed, to the
	// element after it, by white space (-1: none), and indent, once known
	// (indented), the white space that begins the line of a top-level
	// element that begins a line.
	comma, indent, indented := -1, []byte(nil), false
	// A run is handed to fn in place, between the byte before it (the
	// opening bracket or a comma) and the byte after it (a comma or the
	// closing bracket), which are the brackets for the call.
	emit := func(from, to int) error {
		before, after := sp.buf[from-1], sp.buf[to]
		sp.buf[from-1], sp.buf[to] = open, closing
		err := fn(sp.buf[from-1 : to+1])
		sp.buf[from-1], sp.buf[to] = before, after
		return err
	}
	// more reads once more onto the pending run. When what was given to
	// fn is at least half the buffer it is dropped first, keeping the
	// pending run and the byte before it: each byte is moved a bounded
	// number of times, however little each read gives.
	more := func() error {
		if shift := run - 1; shift > 0 && shift >= len(sp.buf)/2 {
			n := copy(sp.buf, sp.buf[shift:])
			sp.buf, sp.moved = sp.buf[:n], sp.moved+n
			i, elem, run = i-shift, elem-shift, run-shift
			if comma >= 0 {
				comma -= shift
			}
		}
		return sp.fill()
	}
	for {
		if indented && i == run {
			// A run begins: cut it at a line if one is in reach.
			for len(sp.buf)-run < size+lineWindow && !sp.eof {
				if err := more(); err != nil {
					return false, cuts, err
				}
			}
			if c := lineCut(sp.buf, run, run+size, indent); c >= 0 {
				if err := emit(run, c); err != nil {
					return false, cuts, err
				}
				cuts++
				run, elem, i, comma = c+1, c+1, c+1, c
				continue
			}
		}
		if i == len(sp.buf) {
			if sp.eof {
				return false, cuts, nil // the container does not close
			}
			if err := more(); err != nil {
				return false, cuts, err
			}
			continue
		}
		if inString && !escaped {
			n, _ := plainRun(sp.buf[i:]) // eight bytes at a time
			if i += n; i == len(sp.buf) {
				continue
			}
		}
		c := sp.buf[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			i++
			continue
		}
		if lines && !indented && depth == 0 && comma >= 0 && !isSpace(c) && c != ',' {
			// A top-level element begins after a comma: learn the
			// indentation of its line, when it begins one.
			if nl := bytes.LastIndexByte(sp.buf[comma+1:i], '\n'); nl >= 0 {
				indent, indented = bytes.Clone(sp.buf[comma+1+nl+1:i]), true
			}
			comma = -1
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
				break
			}
			if c != closing || blank(sp.buf[elem:i]) {
				return false, cuts, nil // an empty container or element, or a stray bracket
			}
			if err := emit(run, i); err != nil {
				return false, cuts, err
			}
			ok, err := sp.rest(i + 1)
			return ok, cuts, err
		case ',':
			if depth > 0 {
				break
			}
			if blank(sp.buf[elem:i]) {
				return false, cuts, nil
			}
			elem = i + 1
			comma = i
			if i-run >= size {
				if err := emit(run, i); err != nil {
					return false, cuts, err
				}
				run = i + 1
			}
		}
		i++
	}
}

// lineCut returns the position of a comma to cut the run that begins at
// run at, for SplitLines: the comma that ends (white space may follow it)
// the first line ending at or after from, within lineWindow bytes of from,
// that is followed by a line beginning with indent and then not white
// space; -1 when there is none in buf, or the run before it would be
// blank.
func lineCut(buf []byte, run, from int, indent []byte) int {
	to := min(len(buf), from+lineWindow)
	for from < to {
		k := bytes.IndexByte(buf[from:to], '\n')
		if k < 0 {
			return -1
		}
		nl := from + k
		from = nl + 1
		next := buf[nl+1:]
		if len(next) <= len(indent) || !bytes.HasPrefix(next, indent) || isSpace(next[len(indent)]) {
			continue
		}
		c := nl - 1
		for c >= run && (buf[c] == ' ' || buf[c] == '\t' || buf[c] == '\r') {
			c--
		}
		if c > run && buf[c] == ',' && !blank(buf[run:c]) {
			return c
		}
	}
	return -1
}

// splitter is Split's read buffer.
type splitter struct {
	r   io.Reader
	buf []byte
	eof bool
	// moved counts the bytes moved to the front of buf, for the test
	// that they are bounded by the document's size.
	moved int
}

// fill reads once more onto the end of buf, growing it when it is full.
func (sp *splitter) fill() error {
	if cap(sp.buf)-len(sp.buf) < splitBlock/2 {
		grown := make([]byte, len(sp.buf), 2*cap(sp.buf)+splitBlock)
		copy(grown, sp.buf)
		sp.buf = grown
	}
	n, err := sp.r.Read(sp.buf[len(sp.buf):cap(sp.buf)])
	sp.buf = sp.buf[:len(sp.buf)+n]
	if errors.Is(err, io.EOF) {
		sp.eof = true
		return nil
	}
	return err
}

// rest reports whether only white space follows offset i of buf to the end.
func (sp *splitter) rest(i int) (bool, error) {
	for {
		if !blank(sp.buf[i:]) {
			return false, nil
		}
		if sp.eof {
			return true, nil
		}
		sp.buf, i = sp.buf[:0], 0
		if err := sp.fill(); err != nil {
			return false, err
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// blank reports whether b is only JSON white space.
func blank(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}
