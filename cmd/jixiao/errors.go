package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// A fileError is everything wrong with one input file: validation problems,
// rule compile errors, decoding errors. It prints one problem per line, each
// with the file name, so that every problem is seen at once.
type fileError struct {
	file string
	err  error
}

func (e *fileError) Error() string { return strings.Join(e.lines(performance.LangEN), "\n") }

func (e *fileError) Unwrap() error { return e.err }

// lines lists the problems of e: each performance.Problem as "file: path:
// message (code)" in the given language, each *rules.Error with its rule id,
// position and caret snippet, any other error as its message.
func (e *fileError) lines(l performance.Lang) []string {
	var out []string
	for _, leaf := range leaves(e.err) {
		var p *performance.Problem
		if errors.As(leaf, &p) && leaf == error(p) {
			out = append(out, e.file+": "+p.Path+": "+p.Message.In(l)+" ("+p.Code+")")
			continue
		}
		if je, ok := leaf.(*performance.JSONError); ok {
			at := fmt.Sprintf("%s:%d:%d: ", e.file, je.Line, je.Column)
			if je.Path != "" {
				at += je.Path + ": "
			}
			out = append(out, at+je.Err.Error())
			continue
		}
		if re, ok := leaf.(*rules.Error); ok && re.Field == "" && re.Line > 0 {
			c := *re
			c.Line, c.Column = 0, 0
			out = append(out, fmt.Sprintf("%s:%d:%d: %s", e.file, re.Line, re.Column, c.Error()))
			continue
		}
		out = append(out, e.file+": "+leaf.Error())
	}
	return out
}

// leaves flattens an error tree into the problems it holds: the members of
// performance.Problems, each *rules.Error, and the members of joined errors.
// A wrapper around a single plain error is kept whole, for its context.
func leaves(err error) []error {
	switch e := err.(type) {
	case nil:
		return nil
	case performance.Problems:
		out := make([]error, len(e))
		for i, p := range e {
			out[i] = p
		}
		return out
	case *performance.Problem, *performance.JSONError, *rules.Error:
		return []error{err}
	case interface{ Unwrap() []error }:
		var out []error
		for _, c := range e.Unwrap() {
			out = append(out, leaves(c)...)
		}
		return out
	case interface{ Unwrap() error }:
		sub := leaves(e.Unwrap())
		if len(sub) == 1 && !structured(sub[0]) {
			return []error{err}
		}
		return sub
	}
	return []error{err}
}

func structured(err error) bool {
	switch err.(type) {
	case *performance.Problem, *performance.JSONError, *rules.Error:
		return true
	}
	return false
}
