package strictjson

import (
	"bytes"
	"errors"
	"io"
)

// splitStep is how much Split reads at a time once a run holds its size:
// what it has read past the run's last element is copied into the next
// run's buffer, so it reads in small steps there.
const splitStep = 8 << 10

// Split reads the JSON array or object that r holds and calls fn, in
// order, with documents of the same kind ("[e1,e2]", or {"k1":v1,"k2":v2})
// holding consecutive runs of its elements or members, the source bytes
// of each run verbatim: the streaming form of a whole-document decode, for
// a caller that decodes each document (and so validates it) and joins the
// results. Each document holds at least size bytes of elements but the
// last; an element larger than that is a document of its own.
//
// Each document is read straight into a buffer of its own, which is fn's
// from the call on: Split never reads or writes it again, so fn may hand
// it to another goroutine and keep it (the text is not copied again; only
// the few bytes read past a run's last element move to the next buffer).
// buffer, when not nil, gives Split the buffers to read into, such as
// those of documents done with (any length and capacity; nil for a new
// one); Split allocates those it is not given. Memory holds the runs fn
// keeps and one being read, whatever the size of r.
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
func Split(r io.Reader, size int, buffer func() []byte, fn func(doc []byte) error) (bool, error) {
	sp := splitter{r: r, size: size, buffer: buffer}
	sp.buf = sp.fresh(0)
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
	// A run is handed to fn in the buffer it was read into, between the
	// byte before it (the opening bracket or a comma) and the byte after it
	// (a comma or the closing bracket), which become the brackets; what
	// follows it is first copied into the next buffer, from that byte on
	// (a comma is the byte before the next run).
	emit := func(from, to int) error {
		doc := sp.buf[from-1 : to+1 : to+1]
		sp.buf = append(sp.fresh(len(sp.buf)-to), sp.buf[to:]...)
		doc[0], doc[len(doc)-1] = open, closing
		return fn(doc)
	}
	for {
		if i == len(sp.buf) {
			if sp.eof {
				return false, nil // the container does not close
			}
			// Keep the pending run and the byte before it: drop what
			// came before (the preamble).
			if run > 1 {
				n := copy(sp.buf, sp.buf[run-1:])
				sp.buf = sp.buf[:n]
				i, elem, run = i-run+1, elem-run+1, 1
			}
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
			return sp.rest(1) // after the bracket, now at the buffer's start
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
				i, elem, run = 0, 1, 1 // the comma is the new buffer's first byte
			}
		}
		i++
	}
}

// splitter is Split's read buffer.
type splitter struct {
	r      io.Reader
	size   int
	buffer func() []byte
	buf    []byte
	eof    bool
}

// fresh returns an empty buffer for a run of the splitter's size that
// begins with n bytes already read.
func (sp *splitter) fresh(n int) []byte {
	var b []byte
	if sp.buffer != nil {
		b = sp.buffer()
	}
	if want := sp.size + 2*splitStep + n; cap(b) < want {
		b = make([]byte, 0, want)
	}
	return b[:0]
}

// fill reads once more onto the end of buf, growing it when it is full:
// up to the run's size as far as it goes, then splitStep at a time.
func (sp *splitter) fill() error {
	if len(sp.buf) == cap(sp.buf) {
		grown := make([]byte, len(sp.buf), 2*cap(sp.buf)+splitStep)
		copy(grown, sp.buf)
		sp.buf = grown
	}
	end := min(cap(sp.buf), max(len(sp.buf), sp.size)+splitStep)
	n, err := sp.r.Read(sp.buf[len(sp.buf):end])
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
