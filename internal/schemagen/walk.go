// Package schemagen generates the JSON Schemas (draft 2020-12) of the input
// files the library and the command read, from the Go types they decode
// into, so that the schemas in schema/ cannot drift from the decoders. The
// schema package's test regenerates every schema and compares it with the
// committed file (go test ./schema -update rewrites them).
//
// Structs are walked by their json tags, as encoding/json and the strict
// decoders ([performance.DecodeJSON], rules.ParseSet, ruletest.ReadCases)
// read them: every object has additionalProperties false, since the strict
// decoders reject unknown members. A field is required only where the
// parser rejects a file without it (see required.go). Types that decode
// themselves get a hand-written fragment (custom.go); text types get an enum
// of the names their parser accepts (enums.go), else a plain string.
package schemagen

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"reflect"
	"slices"
	"strings"
)

// A Schema is one JSON Schema document or fragment, as a JSON object.
type Schema = map[string]any

// generator builds the schema of one file: the root and the $defs of the
// named struct types it reaches.
type generator struct {
	defs map[string]Schema
	errs []error
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Build returns the schema of Go type t, without $schema, $id, title and
// description, and an error naming every type it has no schema for (a type
// with its own UnmarshalJSON and no fragment in custom.go, a text type that
// cannot be enumerated, a channel or function).
func Build(t reflect.Type) (Schema, error) {
	g := &generator{defs: map[string]Schema{}}
	root := g.schema(t)
	// A file is never null, though a nil slice or map would be written so.
	if alt, ok := root["anyOf"].([]any); ok && len(alt) == 2 && reflect.DeepEqual(alt[1], Schema{"type": "null"}) {
		root = alt[0].(Schema)
	}
	if len(g.errs) > 0 {
		return nil, errors.Join(g.errs...)
	}
	if len(g.defs) > 0 {
		root["$defs"] = g.defs
	}
	return root, nil
}

func (g *generator) fail(format string, args ...any) Schema {
	g.errs = append(g.errs, fmt.Errorf("schemagen: "+format, args...))
	return Schema{}
}

// schema returns the schema of a value of type t.
func (g *generator) schema(t reflect.Type) Schema {
	if t.Kind() == reflect.Pointer {
		// encoding/json writes a nil pointer as null and reads null into
		// any pointer as nil.
		return nullable(g.schema(t.Elem()))
	}
	if s, ok := g.custom(t); ok {
		return s
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(jsonUnmarshaler) {
		return g.fail("%s has its own UnmarshalJSON and no fragment in custom.go", t)
	}
	if pt.Implements(textUnmarshaler) {
		return g.text(t)
	}
	switch t.Kind() {
	case reflect.Struct:
		return g.ref(t)
	case reflect.Map:
		switch t.Key().Kind() {
		case reflect.String:
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return nullable(Schema{"type": "object", "propertyNames": Schema{"pattern": "^-?[0-9]+$"},
				"additionalProperties": g.schema(t.Elem())})
		default:
			return g.fail("map key type %s", t.Key())
		}
		return nullable(Schema{"type": "object", "additionalProperties": g.schema(t.Elem())})
	case reflect.Slice:
		if e := reflect.PointerTo(t.Elem()); t.Elem().Kind() == reflect.Uint8 && !e.Implements(textUnmarshaler) && !e.Implements(jsonUnmarshaler) {
			// []byte is base64 text; a slice of a byte-sized enum is an array.
			return Schema{"type": "string", "contentEncoding": "base64"}
		}
		// A nil slice is written as null.
		return nullable(Schema{"type": "array", "items": g.schema(t.Elem())})
	case reflect.Array:
		return Schema{"type": "array", "items": g.schema(t.Elem()),
			"minItems": t.Len(), "maxItems": t.Len()}
	case reflect.String:
		return Schema{"type": "string"}
	case reflect.Bool:
		return Schema{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return Schema{"type": "integer"}
	case reflect.Int8, reflect.Int16, reflect.Int32:
		bits := t.Bits()
		return Schema{"type": "integer", "minimum": -(int64(1) << (bits - 1)), "maximum": int64(1)<<(bits-1) - 1}
	case reflect.Uint, reflect.Uint64:
		return Schema{"type": "integer", "minimum": 0}
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return Schema{"type": "integer", "minimum": 0, "maximum": uint64(1)<<t.Bits() - 1}
	case reflect.Float32, reflect.Float64:
		return Schema{"type": "number"}
	case reflect.Interface:
		return Schema{}
	}
	return g.fail("no schema for %s (kind %s)", t, t.Kind())
}

// nullable lets s be null too.
func nullable(s Schema) Schema {
	return Schema{"anyOf": []any{s, Schema{"type": "null"}}}
}

// defName names a type in $defs: the last element of its package path, a
// dot and its name, with type arguments after a "-" ("ruletest.Case-monitoring.Env").
// The command's types (package main) and their mirrors in this package are
// both named "jixiao.".
func defName(t reflect.Type) string {
	pkg := t.PkgPath()
	pkg = pkg[strings.LastIndex(pkg, "/")+1:]
	if pkg == "main" || pkg == "schemagen" {
		pkg = "jixiao"
	}
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		args := name[i+1 : len(name)-1]
		var out []string
		for a := range strings.SplitSeq(args, ",") {
			a = strings.TrimLeft(a, "*[]")
			out = append(out, a[strings.LastIndex(a, "/")+1:])
		}
		name = name[:i] + "-" + strings.Join(out, "-")
	}
	return pkg + "." + name
}

// ref adds the struct type t to $defs, once, and returns a reference to it.
func (g *generator) ref(t reflect.Type) Schema {
	if t.Name() == "" {
		return g.object(t)
	}
	name := defName(t)
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // placeholder against recursion
		g.defs[name] = g.object(t)
	}
	return Schema{"$ref": "#/$defs/" + name}
}

// object is the schema of a struct: its json fields, nothing else.
func (g *generator) object(t reflect.Type) Schema {
	props := Schema{}
	var names []string
	req := requiredFields(t)
	cons := constraints(t)
	for _, f := range strictjson.Fields(t) {
		s := g.schema(f.Type)
		if f.Quoted {
			s = quoted(f.Type)
		}
		if slices.Contains(req, f.Name) && f.Type.Kind() == reflect.String && cons[f.Name]["enum"] == nil {
			s = merge(s, Schema{"minLength": 1})
		}
		if c, ok := cons[f.Name]; ok {
			s = merge(s, c)
		}
		props[f.Name] = s
		names = append(names, f.Name)
	}
	s := Schema{"type": "object", "properties": props, "additionalProperties": false}
	for _, r := range req {
		if !slices.Contains(names, r) {
			g.fail("required field %q is not a json field of %s", r, t)
		}
	}
	for n := range cons {
		if !slices.Contains(names, n) {
			g.fail("constrained field %q is not a json field of %s", n, t)
		}
	}
	if len(req) > 0 {
		s["required"] = req
	}
	return s
}

// merge returns a copy of s with the members of c added.
func merge(s, c Schema) Schema {
	out := Schema{}
	for k, v := range s {
		out[k] = v
	}
	for k, v := range c {
		out[k] = v
	}
	return out
}

// quoted is the schema of a field with the ",string" option: the value is
// written inside a JSON string.
func quoted(t reflect.Type) Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return Schema{"type": "string", "enum": []any{"true", "false"}}
	case reflect.String:
		return Schema{"type": "string"}
	}
	return Schema{"type": "string", "pattern": decimalPattern}
}
