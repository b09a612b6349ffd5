package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/monitoring"
	"io/fs"
	"regexp"
	"strings"

	"github.com/jixiao-go/jixiao/internal/csvio"
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

// lines lists the problems of e, each with the file name, as [present]
// words them in the given language.
func (e *fileError) lines(l performance.Lang) []string {
	var out []string
	for _, leaf := range leaves(e.err) {
		out = append(out, presentIn(e.file, leaf, l))
	}
	return out
}

// This file is the one place where the command words the library's errors
// for finance staff. The library's errors keep the Go convention, lowercase
// and prefixed by their package ("performance: parsing ...", "rules: rule
// R1: ..."); here every line loses those prefixes, names where it is
// (file:line:column, or file: path) and uses the report's language where
// the library gives one ([performance.Problem], [message]).

// A message is an error the command words itself, in both languages.
type message struct{ performance.Text }

func (m *message) Error() string { return m.EN }

// say makes a [message].
func say(zh, en string) error { return &message{performance.Text{ZH: zh, EN: en}} }

// packagePrefix matches the "pkg: " a library error starts with, at the
// start of a message or after another "...: ".
var packagePrefix = regexp.MustCompile(`(^|: |\n)((performance|rules|monitoring|evaluation|exante|goals|history|policy|csvio|strictjson|report|xlsx|sqlstore): )+`)

// bare removes the package prefixes from an error's message.
func bare(s string) string { return packagePrefix.ReplaceAllString(s, "$1") }

// present words one error for the report's language (see [presentIn]).
func (o *opts) present(err error) string { return presentIn("", err, o.lang) }

// presentIn words one error, prefixed by file when it is not "":
//
//	file: path: message (code)                 a performance.Problem
//	file:line:column: path: message            a JSON value or syntax error
//	file:line:column: field: message           a CSV row
//	rule R1: when (1:24): message + snippet    a rules.Error
//	file: not found                            a missing file
//
// with the package prefixes removed, and in language l where the error
// has one.
func presentIn(file string, err error, l performance.Lang) string {
	in := func(where string) string {
		if where == "" {
			return file
		}
		if file == "" {
			return where
		}
		return file + ": " + where
	}
	var p *performance.Problem
	if errors.As(err, &p) && err == error(p) {
		return in(p.Path) + ": " + p.Message.In(l) + " (" + p.Code + ")"
	}
	if je, ok := err.(*performance.JSONError); ok {
		at := fmt.Sprintf("%s:%d:%d", file, je.Line, je.Column)
		if file == "" {
			at = at[1:]
		}
		var syn *json.SyntaxError
		msg := bare(je.Err.Error())
		if errors.As(je.Err, &syn) && l == performance.LangZH {
			msg = "JSON 格式错误：" + msg
		}
		if je.Path != "" {
			return at + ": " + je.Path + ": " + msg
		}
		return at + ": " + msg
	}
	if re, ok := err.(*rules.Error); ok && re.Field == "" && re.Line > 0 {
		c := *re
		c.Line, c.Column = 0, 0
		at := fmt.Sprintf("%s:%d:%d", file, re.Line, re.Column)
		if file == "" {
			at = at[1:]
		}
		return at + ": " + bare(c.Error())
	}
	if re, ok := err.(*csvio.RowError); ok {
		at := fmt.Sprintf("%s:%d:%d", re.File, re.Line, re.Column)
		if re.Field != "" {
			at += ": " + re.Field
		}
		return at + ": " + rowWord(re.Err, l)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist) {
		if l == performance.LangZH {
			return pe.Path + "：找不到文件"
		}
		return pe.Path + ": no such file"
	}
	return in("") + sep(file) + wordIn(err, l)
}

func sep(file string) string {
	if file == "" {
		return ""
	}
	return ": "
}

// wordIn is the message of err without package prefixes, in language l
// when err is or wraps a [message] or a [performance.Problem].
func wordIn(err error, l performance.Lang) string {
	var m *message
	if errors.As(err, &m) && err == error(m) {
		return m.In(l)
	}
	var p *performance.Problem
	if errors.As(err, &p) && err == error(p) {
		return presentIn("", p, l)
	}
	return bare(err.Error())
}

// rowWord is the reason a CSV row or cell was rejected, in language l: in
// Chinese the reason first, then the detail as the library gives it.
func rowWord(err error, l performance.Lang) string {
	if l == performance.LangZH {
		for _, r := range rowReasons {
			if errors.Is(err, r.err) {
				return r.zh + "：" + bare(err.Error())
			}
		}
	}
	return wordIn(err, l)
}

// rowReasons are the reasons a CSV row or cell is rejected, in Chinese for
// finance staff; the detail (what was read, where) follows as the library
// gives it.
var rowReasons = []struct {
	err error
	zh  string
}{
	{scan.ErrQuote, "引号不配对"},
	{scan.ErrBareQuote, "未加引号的字段中有引号"},
	{scan.ErrFieldCount, "字段数与表头不一致"},
	{monitoring.ErrFieldCount, "字段数与表头不一致"},
	{scan.ErrEncoding, "含有该编码下无效的字节"},
	{scan.ErrTooLong, "行过长"},
	{scan.ErrInvisible, "含有不可见字符"},
	{monitoring.ErrMissingProject, "缺少项目编码"},
	{monitoring.ErrOutOfYear, "支付日期不在本预算年度内"},
	{monitoring.ErrHeader, "表头有误"},
	{performance.ErrGrouping, "千分位分隔符位置有误（应每三位一组，不用小数逗号）"},
	{performance.ErrUnit, "金额单位无法识别"},
	{performance.ErrSyntax, "数值格式有误"},
	{performance.ErrLimit, "超过规定上限"},
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
	case *performance.Problem, *performance.JSONError, *rules.Error, *csvio.RowError:
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
	case *performance.Problem, *performance.JSONError, *rules.Error, *csvio.RowError:
		return true
	}
	return false
}

// errorLines words err as the lines to print: every problem of a
// [fileError] on its own line, any other error as [presentIn] words it.
func (o *opts) errorLines(err error) []string {
	var pe *policyError
	if errors.As(err, &pe) {
		return pe.lines(o.lang)
	}
	var fe *fileError
	if errors.As(err, &fe) {
		return fe.lines(o.lang)
	}
	return strings.Split(o.present(err), "\n")
}

// printErrors prints each error of errs on stderr, worded by [present].
func printErrors[E error](o *opts, errs []E) {
	// One write per block rather than per error: a file with many bad
	// rows lists them all.
	w := bufio.NewWriter(o.stderr)
	for _, e := range errs {
		w.WriteString(o.present(e))
		w.WriteByte('\n')
	}
	w.Flush()
}
