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
// holds one run and one read block, whatever the size of r. fn's doc is
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
	sp := splitter{r: r, buf: make([]byte, 0, 2*splitBlock)}
	// The preamble: a byte order mark, white space, the opening bracket.
	for len(sp.buf) < len(bom) && !sp.eof {
		if err := sp.fill(); err != nil {
			return false, err
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
			return false, err
		}
	}
	if i >= len(sp.buf) || sp.buf[i] != '[' && sp.buf[i] != '{' {
		return false, nil
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
	for {
		if i == len(sp.buf) {
			if sp.eof {
				return false, nil // the container does not close
			}
			// Keep the pending run and the byte before it, drop what was
			// given to fn.
			n := copy(sp.buf, sp.buf[run-1:])
			sp.buf = sp.buf[:n]
			i, elem, run = i-run+1, elem-run+1, 1
			if err := sp.fill(); err != nil {
				return false, err
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
				return false, nil // an empty container or element, or a stray bracket
			}
			if err := emit(run, i); err != nil {
				return false, err
			}
			return sp.rest(i + 1)
		case ',':
			if depth > 0 {
				break
			}
			if blank(sp.buf[elem:i]) {
				return false, nil
			}
			elem = i + 1
			if i-run >= size {
				if err := emit(run, i); err != nil {
					return false, err
				}
				run = i + 1
			}
		}
		i++
	}
}

// splitter is Split's read buffer.
type splitter struct {
	r   io.Reader
	buf []byte
	eof bool
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
