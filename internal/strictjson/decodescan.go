package strictjson

// The one pass's tokeniser: each method validates the JSON at the scan's
// position as encoding/json's scanner would and moves past it, returning
// false (fall back) on anything it would reject.

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// next reads the comma or the closing byte after a member or element: it
// returns true after a comma; false with closed set after the closing
// byte, or with closed unset on anything else.
func (s *scan) next(end byte) bool {
	s.space()
	s.closed = false
	if s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ',':
			s.pos++
			return true
		case end:
			s.pos++
			s.closed = true
		}
	}
	return false
}

func (s *scan) colon() bool {
	s.space()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		return false
	}
	s.pos++
	s.space()
	return true
}

// key reads an object key; without escapes it is the bytes of the input.
func (s *scan) key() ([]byte, bool) {
	start := s.pos
	end, plain, ok := s.strEnd()
	if !ok {
		return nil, false
	}
	if plain {
		return s.data[start+1 : end-1], true
	}
	str, ok := unquote(s.data[start:end])
	return []byte(str), ok
}

// str reads a string value, unescaped as encoding/json unescapes it.
func (s *scan) str() (string, bool) {
	start := s.pos
	end, plain, ok := s.strEnd()
	if !ok {
		return "", false
	}
	if plain {
		return s.text(s.data[start+1 : end-1]), true
	}
	return unquote(s.data[start:end])
}

// strEnd validates the string at pos and moves past it, returning its end
// and whether its bytes are its value (no escapes, valid UTF-8). It looks
// at eight bytes at a time (plainRun) until one is a quote, a backslash or
// a control character.
func (s *scan) strEnd() (end int, plain, ok bool) {
	s.pos++ // "
	ascii, escaped := true, false
	var high uint64 // the bytes passed eight at a time, or-ed
	start := s.pos
	for s.pos < len(s.data) {
		n, w := plainRun(s.data[s.pos:])
		high |= w
		s.pos += n
		if s.pos >= len(s.data) {
			break
		}
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			ascii = ascii && high&highs == 0
			plain = !escaped && (ascii || utf8.Valid(s.data[start:s.pos-1]))
			return s.pos, plain, true
		case c == '\\':
			escaped = true
			if s.pos+1 >= len(s.data) {
				return 0, false, false
			}
			switch s.data[s.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos += 2
			case 'u':
				if s.pos+6 > len(s.data) {
					return 0, false, false
				}
				for _, h := range s.data[s.pos+2 : s.pos+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return 0, false, false
					}
				}
				s.pos += 6
			default:
				return 0, false, false
			}
			continue
		case c < 0x20:
			return 0, false, false
		case c >= 0x80:
			ascii = false
		}
		s.pos++
	}
	return 0, false, false
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainRun returns how many bytes at the start of b are neither a quote,
// a backslash nor a control character, looking at eight at a time, and
// those bytes or-ed into a word (its high bits tell of bytes ≥ 0x80). It
// stops short of the last seven bytes of b, which the caller reads one at
// a time.
func plainRun(b []byte) (int, uint64) {
	n := 0
	var seen uint64
	for n+8 <= len(b) {
		w := binary.LittleEndian.Uint64(b[n:])
		// A byte of w is zero in q (bs) where it is a quote (backslash);
		// (x-ones)&^x&highs flags the first zero byte of x exactly, and
		// (w-0x20…)&^w&highs the first byte below 0x20 (bytes past the
		// first may be flagged falsely, through the borrow, but never
		// before it).
		q, bs := w^(ones*'"'), w^(ones*'\\')
		m := ((q-ones)&^q | (bs-ones)&^bs | (w-ones*0x20)&^w) & highs
		if m != 0 {
			k := bits.TrailingZeros64(m) >> 3
			return n + k, seen | w&(1<<(8*k)-1)
		}
		seen |= w
		n += 8
	}
	return n, seen
}

// unquote unescapes a validated JSON string with encoding/json (escapes,
// surrogate pairs, invalid UTF-8 replaced).
func unquote(raw []byte) (string, bool) {
	var str string
	return str, json.Unmarshal(raw, &str) == nil
}

func (s *scan) null() bool { return s.lit("null") }

func (s *scan) boolean() (bool, bool) {
	if s.data[s.pos] == 't' {
		return true, s.lit("true")
	}
	return false, s.lit("false")
}

func (s *scan) lit(w string) bool {
	if len(s.data)-s.pos < len(w) || string(s.data[s.pos:s.pos+len(w)]) != w {
		return false
	}
	s.pos += len(w)
	return true
}

// number validates a JSON number at pos and moves past it.
func (s *scan) number() bool {
	d := s.data
	i := s.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(d) && d[i] == '.' {
		i++
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	s.pos = i
	return true
}

// skip validates the value at pos and moves past it, decoding nothing.
func (s *scan) skip(depth int) bool {
	if depth > MaxDepth || s.pos >= len(s.data) {
		return false
	}
	switch s.data[s.pos] {
	case '{':
		s.pos++
		s.space()
		if s.pos < len(s.data) && s.data[s.pos] == '}' {
			s.pos++
			return true
		}
		var lvl int
		if s.dups {
			lvl = len(s.keys)
			if lvl < cap(s.keys) {
				s.keys = s.keys[:lvl+1]
				s.keys[lvl] = s.keys[lvl][:0]
			} else {
				s.keys = append(s.keys, nil)
			}
		}
		for {
			s.space()
			if s.pos >= len(s.data) || s.data[s.pos] != '"' {
				return false
			}
			start := s.pos
			end, plain, ok := s.strEnd()
			if !ok || !s.colon() {
				return false
			}
			if s.dups {
				if !plain {
					return false
				}
				key := s.data[start+1 : end-1]
				for _, k := range s.keys[lvl] {
					if string(k) == string(key) {
						return false
					}
				}
				s.keys[lvl] = append(s.keys[lvl], key)
			}
			if !s.skip(depth + 1) {
				return false
			}
			if !s.next('}') {
				if s.dups {
					s.keys = s.keys[:lvl]
				}
				return s.closed
			}
		}
	case '[':
		s.pos++
		s.space()
		if s.pos < len(s.data) && s.data[s.pos] == ']' {
			s.pos++
			return true
		}
		for {
			s.space()
			if !s.skip(depth + 1) {
				return false
			}
			if !s.next(']') {
				return s.closed
			}
		}
	case '"':
		_, _, ok := s.strEnd()
		return ok
	case 't', 'f':
		_, ok := s.boolean()
		return ok
	case 'n':
		return s.null()
	}
	return s.number()
}

// matchName is the one rule by which every decoder of this package finds
// the field a member's key names, encoding/json's: the field named exactly
// key, else the first whose name equals key but for case (equalFold), else
// -1. ambiguous reports that key names no field exactly and more than one
// but for case; the checking decoder takes the first, as encoding/json
// does, and the one-pass decoders refuse, leaving the document to it.
func matchName(names []string, key []byte) (i int, ambiguous bool) {
	for i, n := range names {
		if n == string(key) {
			return i, false
		}
	}
	found := -1
	for i, n := range names {
		if equalFold(n, key) {
			if found >= 0 {
				return found, true
			}
			found = i
		}
	}
	return found, false
}

// equalFold reports whether key equals name but for case, as
// strings.EqualFold does (which is encoding/json's matching).
func equalFold(name string, key []byte) bool {
	if len(name) == len(key) {
		i := 0
		for ; i < len(key); i++ {
			a, b := name[i], key[i]
			if a >= utf8.RuneSelf || b >= utf8.RuneSelf {
				break
			}
			if a != b && lower(a) != lower(b) {
				return false
			}
		}
		if i == len(key) {
			return true
		}
	}
	return equalFoldSlow(name, string(key))
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func equalFoldSlow(name, key string) bool { return strings.EqualFold(name, key) }
