package strictjson

// TopKeys returns the members of data's top-level object, each key
// (unescaped as encoding/json unescapes it) with the JSON kind of its
// value, the last for a key given twice as encoding/json keeps; and
// whether encoding/json would decode data into a map of raw members:
// false for malformed text and for a value other than an object or null
// (null is no members, and true). It validates the whole document in one
// pass that decodes and copies no value, so that a peek at which kind of
// file a large document is costs a scan rather than a decoding (a
// map[string]json.RawMessage of a 107 MB file of self-evaluations took
// 1.6 CPU-s, its copy of the members included).
func TopKeys(data []byte) (map[string]Kind, bool) {
	s := &scan{data: data}
	s.space()
	if s.lit("null") {
		s.space()
		return nil, s.pos == len(s.data)
	}
	if s.pos >= len(s.data) || s.data[s.pos] != '{' {
		return nil, false
	}
	s.pos++
	keys := map[string]Kind{}
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
	} else {
		for {
			s.space()
			if s.pos >= len(s.data) || s.data[s.pos] != '"' {
				return nil, false
			}
			key, ok := s.str()
			if !ok || !s.colon() || s.pos >= len(s.data) {
				return nil, false
			}
			kind := (*Input)(s).Kind()
			// The member's value is nested two deep, as encoding/json
			// counts toward its limit of MaxDepth (the object is one).
			if !s.skip(2) {
				return nil, false
			}
			keys[key] = kind
			if !s.next('}') {
				if s.closed {
					break
				}
				return nil, false
			}
		}
	}
	s.space()
	if s.pos != len(s.data) {
		return nil, false
	}
	return keys, true
}
