package monitoring

import (
	"fmt"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
)

// Level is an alert level (预警等级) of a project or unit at a check. The zero
// value LevelNone means not graded: the project had no budget to measure
// against, or was not checked.
type Level uint8

const (
	// LevelNone means not graded (未评定). It is the zero value.
	LevelNone Level = iota
	// Green means not behind schedule (绿灯, 正常).
	Green
	// Yellow means behind schedule by no more than the policy's yellow gap
	// (黄灯, 轻度滞后), 10 percentage points by default.
	Yellow
	// Red means behind by more, or an absolute trigger fired (红灯, 严重滞后).
	Red
)

// String returns "none", "green", "yellow" or "red".
func (l Level) String() string { return levelTable.String(int(l), "level") }

// Name returns the level's name in the given language: 红灯 or red.
func (l Level) Name(lang performance.Lang) string { return levelTable.Name(int(l), lang, "level") }

// MarshalText encodes the level as its English name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

var levelTable = enum.Table[Level]{
	{V: LevelNone, Code: "none", Zh: "未评定", Aliases: []string{""}},
	{V: Green, Code: "green", Zh: "绿灯", Aliases: []string{"绿", "绿色"}},
	{V: Yellow, Code: "yellow", Zh: "黄灯", Aliases: []string{"黄", "黄色"}},
	{V: Red, Code: "red", Zh: "红灯", Aliases: []string{"红", "红色"}},
}

// ParseLevel reads an alert level from its code (none, green, yellow, red;
// in any case) or its Chinese name (未评定, 绿灯, 黄灯, 红灯; also 绿, 黄, 红
// and 绿色, 黄色, 红色 as forms print them). The empty string is LevelNone.
// Anything else is an error wrapping [ErrUnknownName] that names the
// allowed values.
func ParseLevel(s string) (Level, error) {
	if v, ok := levelTable.Parse(s); ok {
		return v, nil
	}
	return LevelNone, fmt.Errorf("%w: level %q (%s)", ErrUnknownName, s, levelTable.Want())
}

// UnmarshalText decodes any form [ParseLevel] accepts.
func (l *Level) UnmarshalText(b []byte) error {
	return enum.DecodeTable(l, levelTable, false, ParseLevel, b)
}

// ActionKind is a consequence the finance bureau applies to a lagging project
// or unit (监控处理措施). They escalate in the order listed. The zero value
// ActionNone means no action.
type ActionKind uint8

const (
	// ActionNone means no action. It is the zero value.
	ActionNone ActionKind = iota
	// Notify is a circulated notice (通报).
	Notify
	// Interview is a formal talk with the unit's head (约谈).
	Interview
	// Rectify orders rectification by a due date (整改).
	Rectify
	// Suspend suspends disbursement (暂缓拨款).
	Suspend
	// Reduce reduces the budget (调减).
	Reduce
	// Recover recovers unspent funds to the treasury (收回).
	Recover
	// Reallocate re-allocates funds to other uses (调剂).
	Reallocate
)

// String returns the action's English code, such as "rectify".
func (k ActionKind) String() string { return actionTable.String(int(k), "action") }

// Name returns the action's name in the given language: 整改 or rectify.
func (k ActionKind) Name(lang performance.Lang) string {
	return actionTable.Name(int(k), lang, "action")
}

// MarshalText encodes the action kind as its English code.
func (k ActionKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

var actionTable = enum.Table[ActionKind]{
	{V: ActionNone, Code: "none", Zh: "无", Aliases: []string{""}},
	{V: Notify, Code: "notify", Zh: "通报"},
	{V: Interview, Code: "interview", Zh: "约谈"},
	{V: Rectify, Code: "rectify", Zh: "整改", Aliases: []string{"限期整改"}},
	{V: Suspend, Code: "suspend", Zh: "暂缓拨款", Aliases: []string{"暂缓", "暂停拨款"}},
	{V: Reduce, Code: "reduce", Zh: "调减"},
	{V: Recover, Code: "recover", Zh: "收回", Aliases: []string{"收回资金"}},
	{V: Reallocate, Code: "reallocate", Zh: "调剂", Aliases: []string{"调剂使用"}},
}

// ParseActionKind reads an action from its code (notify, interview,
// rectify, suspend, reduce, recover, reallocate, none; in any case) or its
// Chinese name (通报, 约谈, 整改, 暂缓拨款, 调减, 收回, 调剂, 无; also 限期整改,
// 暂缓, 暂停拨款, 收回资金, 调剂使用). The empty string is ActionNone.
// Anything else is an error wrapping [ErrUnknownName] that names the
// allowed values.
func ParseActionKind(s string) (ActionKind, error) {
	if v, ok := actionTable.Parse(s); ok {
		return v, nil
	}
	return ActionNone, fmt.Errorf("%w: action %q (%s)", ErrUnknownName, s, actionTable.Want())
}

// UnmarshalText decodes any form [ParseActionKind] accepts.
func (k *ActionKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(k, actionTable, false, ParseActionKind, b)
}

// Method is how a [Schedule] computes expected progress (序时进度). The zero
// value MethodMonths is the default: common practice, not national
// (财预〔2019〕136号 asks for monitoring of execution progress without
// fixing a schedule).
type Method uint8

const (
	// MethodMonths is completed months ÷ 12. A month counts once its last
	// day is reached: 25% on 31 March, still 16.67% (2/12) on 30 March.
	MethodMonths Method = iota
	// MethodDays is elapsed days ÷ days in the year, counting the as-of day:
	// 90/365 on 31 March of a common year.
	MethodDays
	// MethodTable reads a published table of cumulative percentages at month
	// ends, completed months only like MethodMonths.
	MethodTable
)

// String returns "months", "days" or "table".
func (m Method) String() string { return methodTable.String(int(m), "method") }

// MarshalText encodes the method as its name.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

var methodTable = enum.Table[Method]{
	{V: MethodMonths, Code: "months", Aliases: []string{""}},
	{V: MethodDays, Code: "days"},
	{V: MethodTable, Code: "table"},
}

// ParseMethod reads a schedule method: "months" (or ""), "days" or
// "table", in any case. Anything else is an error wrapping
// [ErrUnknownName] that names the allowed values.
func ParseMethod(s string) (Method, error) {
	if v, ok := methodTable.Parse(s); ok {
		return v, nil
	}
	return MethodMonths, fmt.Errorf("%w: schedule method %q (%s)", ErrUnknownName, s, methodTable.Want())
}

// UnmarshalText decodes any form [ParseMethod] accepts.
func (m *Method) UnmarshalText(b []byte) error {
	return enum.DecodeTable(m, methodTable, false, ParseMethod, b)
}
