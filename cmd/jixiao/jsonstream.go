package main

import (
	"context"
	"errors"
	"os"
	"reflect"
	"runtime"

	"github.com/jixiao-go/jixiao/internal/batch"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/performance"
)

// jsonRunsInFlight bounds the text of the runs readJSONRuns has read and
// not yet decoded: batch.Seq holds a chunk of workers × ChunkPerWorker of
// them and the reader one more ahead, so the run size is this divided by
// twice that (jsonRunSize), between minJSONRun and maxJSONRun.
const (
	jsonRunsInFlight = 64 << 20
	minJSONRun       = 64 << 10
	maxJSONRun       = 4 << 20
)

// jsonRunSize is how many bytes of a large JSON array or object readJSON
// decodes at a time on each of workers cores (readJSONRuns' run): the
// runs in flight hold about jsonRunsInFlight of text. A file of at most
// twice this is read whole.
func jsonRunSize(workers int) int {
	return min(maxJSONRun, max(minJSONRun, jsonRunsInFlight/(2*max(workers, 1)*batch.ChunkPerWorker)))
}

// errRunRefused stops the splitting at a run that does not decode.
var errRunRefused = errors.New("run refused")

// readJSONRuns decodes the named file into v, a pointer to a zero slice or
// map with string keys, as decodeStrict decodes the whole file, but runs
// of elements (members) of at least run bytes at a time, read as they are
// decoded and decoded on every core (GOMAXPROCS, with internal/batch):
// memory holds the decoded value and the text of the runs in flight, never
// the file. It reports false, having left v untouched, when v is of
// another kind, the file is small, or anything is amiss (a run that does
// not decode, a key repeated across runs, text that is not one array or
// object): the caller then decodes the file whole, which reports the same
// problems with their paths, or the error with its position, as it always
// has. Each run decodes as the same elements (members) would within the
// whole file: they are independent values, and performance.DecodeJSON
// checks each exactly as it checks them in place; the runs are joined in
// file order, so the result is the whole file's.
func readJSONRuns(name string, v any, run int) (bool, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || !rv.Elem().IsZero() {
		return false, nil
	}
	t := rv.Type().Elem()
	if t.Kind() != reflect.Slice && (t.Kind() != reflect.Map || t.Key().Kind() != reflect.String) {
		return false, nil
	}
	st, err := os.Stat(name)
	if err != nil || !st.Mode().IsRegular() || st.Size() <= 2*int64(run) {
		return false, nil
	}
	// Runs cut at lines first (strictjson.SplitLines: the files the
	// command reads are written an element a line); a run that does not
	// decode after such cuts may be a wrong guess, so the file is split
	// again following its text before the whole read is left to report.
	parts, total, ok, lines := decodeRuns(name, t, run, true)
	if !ok && lines > 0 {
		parts, total, ok, _ = decodeRuns(name, t, run, false)
	}
	if !ok {
		return false, nil
	}
	var out reflect.Value
	if t.Kind() == reflect.Slice {
		// One slice of the total length: no run's elements are copied
		// more than once.
		out = reflect.MakeSlice(t, 0, total)
		for _, p := range parts {
			out = reflect.AppendSlice(out, p)
		}
	} else {
		out = reflect.MakeMapWithSize(t, total)
		for _, p := range parts {
			for it := p.MapRange(); it.Next(); {
				if out.MapIndex(it.Key()).IsValid() {
					return false, nil // a repeated key: the whole read reports it
				}
				out.SetMapIndex(it.Key(), it.Value())
			}
		}
	}
	rv.Elem().Set(out)
	return true, nil
}

// decodeRuns decodes the named file's runs of elements (members) of type
// t (a slice or map) on every core, as readJSONRuns describes, with the
// runs cut by strictjson.SplitLines when lines, else by strictjson.Split.
// It returns the decoded runs in file order and their total length, or
// false when the file cannot be opened, is not one array or object, or a
// run does not decode; lines is how many runs were cut at lines.
func decodeRuns(name string, t reflect.Type, run int, lines bool) (parts []reflect.Value, total int, ok bool, cuts int) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, false, 0 // the whole read reports it
	}
	defer f.Close()
	// The splitter reads ahead on a goroutine of its own while the
	// workers decode the runs read before (batch.Seq holds a chunk of
	// them): the file is scanned on the cores the decoding leaves, and the
	// chunk after is ready when the workers are done. The splitter hands
	// out each run's text only for the call, so each is copied for the
	// worker that decodes it, into a buffer of a run whose result has been
	// taken (the decoded values keep no byte of their text: strings and
	// decimals are copies); free carries those buffers back. stop ends the
	// splitting early when the decoding stops, and decodeRuns waits for
	// it, so no reading outlives it.
	chunk := runtime.GOMAXPROCS(0) * batch.ChunkPerWorker
	runs := make(chan []byte, chunk)
	free := make(chan []byte, chunk)
	stop := make(chan struct{})
	var split struct {
		ok    bool
		lines int
		err   error
	}
	go func() {
		defer close(runs)
		hand := func(doc []byte) error {
			var buf []byte
			select {
			case buf = <-free:
			default:
			}
			select {
			case runs <- append(buf[:0], doc...):
				return nil
			case <-stop:
				return errRunRefused
			}
		}
		if lines {
			split.ok, split.lines, split.err = strictjson.SplitLines(f, run, hand)
		} else {
			split.ok, split.err = strictjson.Split(f, run, hand)
		}
	}()
	stopped := false
	finish := func() { // ends the splitting and waits for it: split is then set
		if !stopped {
			stopped = true
			close(stop)
			for range runs {
			}
		}
	}
	defer finish()
	docs := func(yield func([]byte) bool) {
		for doc := range runs {
			if !yield(doc) {
				return
			}
		}
	}
	type decodedRun struct {
		part reflect.Value
		doc  []byte
	}
	// Each worker decodes its runs with one JSONDecoder, which decodes as
	// DecodeJSON does but works out the types' fields once and keeps the
	// common decimals and short strings across the runs.
	decoded := batch.Seq(context.Background(), docs, runtime.GOMAXPROCS(0), func() *performance.JSONDecoder { return &performance.JSONDecoder{} },
		func(jd *performance.JSONDecoder, _ int, doc []byte) (decodedRun, error) {
			part := reflect.New(t)
			if jd.Decode(doc, part.Interface()) != nil {
				return decodedRun{}, errRunRefused
			}
			return decodedRun{part.Elem(), doc}, nil
		}, func(int, error) error { return errRunRefused })
	failed := false
	for d, err := range decoded {
		if err != nil {
			failed = true
			break
		}
		parts = append(parts, d.part)
		total += d.part.Len()
		select {
		case free <- d.doc:
		default:
		}
	}
	finish()
	if failed || split.err != nil || !split.ok {
		return nil, 0, false, split.lines
	}
	return parts, total, true, split.lines
}
