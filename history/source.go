package history

import (
	"fmt"
	"iter"
)

// Decode streams records from a record source other than a file: a
// database or archive that yields each record as its JSON document (the
// layout of one line of a JSON-lines history), one document per item, in
// the order to replay them (by fiscal year). Package sqlstore is such a
// source; it cannot import history (they share a floor), so the JSON
// document is the interface between them, decoded here exactly as [Read]
// decodes a line.
//
// Decoding is strict, as for Read. A document that does not decode is
// yielded as a *LineError wrapping ErrRecord whose Line is the document's
// 1-based position in the stream, and decoding goes on. An error the
// source yields is passed on unchanged: one wrapping ErrRecord is counted
// by Diff, Replay and Verify, any other stops them with no report. Memory
// holds one document and its record at a time.
func Decode(docs iter.Seq2[[]byte, error]) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		n := 0
		dec := newRecordDecoder()
		for doc, err := range docs {
			n++
			if err != nil {
				if !yield(nil, err) {
					return
				}
				continue
			}
			rec, derr := dec.decode(doc)
			if derr != nil {
				derr = &LineError{Line: n, Err: fmt.Errorf("%w: %w", ErrRecord, derr)}
			}
			if !yield(rec, derr) {
				return
			}
		}
	}
}
