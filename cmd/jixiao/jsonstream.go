package main

import (
	"errors"
	"os"
	"reflect"

	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/performance"
)

// jsonRun is how many bytes of a large JSON array or object readJSON
// decodes at a time (readJSONRuns' run); a file of at most twice this is
// read whole.
const jsonRun = 4 << 20

// errRunRefused stops strictjson.Split at a run that does not decode.
var errRunRefused = errors.New("run refused")

// readJSONRuns decodes the named file into v, a pointer to a zero slice or
// map with string keys, as decodeStrict decodes the whole file, but runs
// of elements (members) of at least run bytes at a time, read as it is decoded: memory holds the
// decoded value and one run of text, never the file. It reports false,
// having left v untouched, when v is of another kind, the file is small,
// or anything is amiss (a run that does not decode, a key repeated across
// runs, text that is not one array or object): the caller then decodes
// the file whole, which reports the same problems with their paths, or
// the error with its position, as it always has. Each run decodes as the
// same elements (members) would within the whole file: they are
// independent values, and performance.DecodeJSON checks each exactly as
// it checks them in place.
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
	f, err := os.Open(name)
	if err != nil {
		return false, nil // the whole read reports it
	}
	defer f.Close()
	out := reflect.New(t).Elem()
	if t.Kind() == reflect.Map {
		out.Set(reflect.MakeMap(t))
	}
	ok, err := strictjson.Split(f, run, func(doc []byte) error {
		part := reflect.New(t)
		if performance.DecodeJSON(doc, part.Interface()) != nil {
			return errRunRefused
		}
		if t.Kind() == reflect.Slice {
			out.Set(reflect.AppendSlice(out, part.Elem()))
			return nil
		}
		for it := part.Elem().MapRange(); it.Next(); {
			if out.MapIndex(it.Key()).IsValid() {
				return errRunRefused // a repeated key: the whole read reports it
			}
			out.SetMapIndex(it.Key(), it.Value())
		}
		return nil
	})
	if err != nil || !ok {
		return false, nil
	}
	rv.Elem().Set(out)
	return true, nil
}
