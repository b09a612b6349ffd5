package enum

import (
	"errors"
	"testing"
)

func TestTable(t *testing.T) {
	tab := Table[int]{
		{V: 0, Code: "", Zh: "未评定"},
		{V: 1, Code: "green", Zh: "绿灯", Aliases: []string{"绿"}},
		{V: 2, Code: "red", Zh: "红灯"},
	}
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true}, {" GREEN ", 1, true}, {"绿灯", 1, true}, {"绿", 1, true}, {"红灯", 2, true},
		{"未评定", 0, true}, {"blue", 0, false}, {"绿 灯", 0, false},
	} {
		got, ok := tab.Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if got, want := tab.Want(), "want green or red; 未评定, 绿灯 or 红灯"; got != want {
		t.Errorf("Want() = %q; want %q", got, want)
	}
	if got, want := (Table[int]{{V: 1, Code: "a"}}).Want(), "want a"; got != want {
		t.Errorf("Want() = %q; want %q", got, want)
	}
	if got := List(nil); got != "" {
		t.Errorf("List(nil) = %q", got)
	}
}

func TestErrorf(t *testing.T) {
	sentinel := errors.New("x: unknown name")
	err := Errorf(sentinel, "x: unknown colour %q (%s)", "紫", "want red")
	if got, want := err.Error(), `x: unknown colour "紫" (want red)`; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(%v, sentinel) = false", err)
	}
}
