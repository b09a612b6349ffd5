package performance

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/testflag"
)

// lhasaNodes is a small Lhasa: the city with its city level and one district,
// each with an education bureau, and units under them. Listed out of order on
// purpose.
func lhasaNodes() []Node {
	return []Node{
		{ID: "cg-edu-school", Name: "城关区第一小学", Kind: NodeUnit, Parent: "cg-edu"},
		{ID: "lhasa", Name: "拉萨市", Kind: NodeRegion},
		{ID: "city", Name: "市本级", Kind: NodeRegion, Parent: "lhasa"},
		{ID: "cg", Name: "城关区", Kind: NodeRegion, Parent: "lhasa"},
		{ID: "city-edu", Name: "教育局", Kind: NodeDepartment, Parent: "city"},
		{ID: "city-edu-office", Name: "教育局本级", Kind: NodeUnit, Parent: "city-edu"},
		{ID: "city-edu-school", Name: "拉萨市第一中学", Kind: NodeUnit, Parent: "city-edu"},
		{ID: "city-edu-school-canteen", Name: "拉萨市第一中学食堂", Kind: NodeUnit, Parent: "city-edu-school"},
		{ID: "city-health", Name: "卫健委", Kind: NodeDepartment, Parent: "city"},
		{ID: "city-health-office", Name: "卫健委本级", Kind: NodeUnit, Parent: "city-health"},
		{ID: "cg-edu", Name: "教育局", Kind: NodeDepartment, Parent: "cg"},
	}
}

// update is -update, which rewrites golden files; the package's internal
// and external tests share it through testflag.Update.
var update = testflag.Update()

func updateGolden() bool { return *update }

func mustOrg(t testing.TB, nodes []Node) *Org {
	t.Helper()
	o, err := NewOrg(nodes)
	require.NoError(t, err)
	return o
}

func ids(ns []Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.ID)
	}
	return out
}

func TestNewOrgTreeOrder(t *testing.T) {
	o := mustOrg(t, lhasaNodes())
	assert.Equal(t, 11, o.Len())
	// Roots by ID, then each subtree with children sorted by ID ("cg" < "city").
	assert.Equal(t, []string{
		"lhasa",
		"cg", "cg-edu", "cg-edu-school",
		"city", "city-edu", "city-edu-office", "city-edu-school", "city-edu-school-canteen",
		"city-health", "city-health-office",
	}, ids(o.Nodes()))
	assert.Equal(t, []string{"lhasa"}, ids(o.Roots()))
	assert.Equal(t, []string{"city-edu", "city-health"}, ids(o.Children("city")))
	assert.Nil(t, o.Children("city-health-office"))
	assert.Nil(t, o.Children("nowhere"))
	assert.Equal(t, []string{"lhasa", "city", "city-edu", "city-edu-school", "city-edu-school-canteen"},
		ids(o.Path("city-edu-school-canteen")))
	assert.Nil(t, o.Path("nowhere"))

	n, ok := o.Node("cg-edu")
	require.True(t, ok)
	assert.Equal(t, Node{ID: "cg-edu", Name: "教育局", Kind: NodeDepartment, Parent: "cg"}, n)
	_, ok = o.Node("nowhere")
	assert.False(t, ok)
}

func TestOrgAncestor(t *testing.T) {
	o := mustOrg(t, lhasaNodes())
	tests := []struct {
		id   string
		kind NodeKind
		want string // "" for not found
	}{
		{"city-edu-school-canteen", NodeDepartment, "city-edu"},
		{"city-edu-school-canteen", NodeRegion, "city"}, // the nearest region, not the city root
		{"city-edu-school-canteen", NodeUnit, "city-edu-school-canteen"},
		{"cg-edu-school", NodeRegion, "cg"},
		{"city-edu", NodeDepartment, "city-edu"},
		{"city", NodeDepartment, ""},
		{"nowhere", NodeRegion, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+string(tt.kind), func(t *testing.T) {
			got, ok := o.Ancestor(tt.id, tt.kind)
			assert.Equal(t, tt.want != "", ok)
			assert.Equal(t, tt.want, got.ID)
		})
	}
}

func TestNewOrgProblems(t *testing.T) {
	nodes := []Node{
		{ID: "r", Name: "市本级", Kind: NodeRegion},
		{ID: "r", Name: "城关区", Kind: NodeRegion},                   // 1: duplicate id
		{ID: "", Name: "无编码", Kind: NodeRegion},                    // 2: missing id
		{ID: "d", Name: "", Kind: NodeDepartment, Parent: "r"},     // 3: missing name
		{ID: "x", Name: "某", Kind: "bureau", Parent: "r"},          // 4: unknown kind
		{ID: "u", Name: "单位", Kind: NodeUnit, Parent: "ghost"},     // 5: unknown parent
		{ID: "u2", Name: "单位2", Kind: NodeUnit},                    // 6: unit at the top
		{ID: "u3", Name: "单位3", Kind: NodeUnit, Parent: "r"},       // 7: unit under a region
		{ID: "d2", Name: "部门2", Kind: NodeDepartment, Parent: "d"}, // 8: department under a department
		{ID: "a", Name: "甲", Kind: NodeUnit, Parent: "b"},          // 9: a → b → c → a
		{ID: "b", Name: "乙", Kind: NodeUnit, Parent: "c"},          // 10
		{ID: "c", Name: "丙", Kind: NodeUnit, Parent: "a"},          // 11
		{ID: "tail", Name: "尾", Kind: NodeUnit, Parent: "b"},       // 12: leads into the cycle, not on it
		{ID: "self", Name: "自", Kind: NodeRegion, Parent: "self"},  // 13: its own parent
		{ID: "ok", Name: "教育局", Kind: NodeDepartment, Parent: "r"}, // 14: fine
	}
	o, err := NewOrg(nodes)
	assert.Nil(t, o)
	require.ErrorIs(t, err, ErrInvalid)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Code+"@"+p.Path)
	}
	assert.Equal(t, []string{
		CodeDuplicateID + "@nodes[1].id",
		CodeMissingID + "@nodes[2].id",
		CodeMissingName + "@nodes[3].name",
		CodeUnknownKind + "@nodes[4].kind",
		CodeUnknownParent + "@nodes[5].parent",
		CodeMissingParent + "@nodes[6].parent",
		CodeKindOrder + "@nodes[7].parent",
		CodeKindOrder + "@nodes[8].parent",
		CodeCycle + "@nodes[9].parent",
		CodeCycle + "@nodes[13].parent",
	}, got)
	assert.Equal(t, `parent links form a cycle: "a" → "b" → "c" → "a"`, ps[8].Message.EN)
	assert.Equal(t, `parent links form a cycle: "self" → "self"`, ps[9].Message.EN)
	assert.Equal(t, `node id "r" duplicates nodes[0]`, ps[0].Message.EN)
}

// The cycle is reported at its first member in input order even when the
// walk enters it elsewhere.
func TestNewOrgCycleEnteredFromTail(t *testing.T) {
	_, err := NewOrg([]Node{
		{ID: "tail", Name: "尾", Kind: NodeRegion, Parent: "b"},
		{ID: "a", Name: "甲", Kind: NodeRegion, Parent: "b"},
		{ID: "b", Name: "乙", Kind: NodeRegion, Parent: "a"},
	})
	var ps Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, "nodes[1].parent", ps[0].Path)
	assert.Equal(t, `parent links form a cycle: "a" → "b" → "a"`, ps[0].Message.EN)
}

func TestNewOrgEmpty(t *testing.T) {
	o := mustOrg(t, nil)
	assert.Equal(t, 0, o.Len())
	tot, err := o.RollUp(nil)
	require.NoError(t, err)
	assert.Empty(t, tot)
}

func TestOrgRollUp(t *testing.T) {
	o := mustOrg(t, lhasaNodes())
	values := map[string]decimal.Decimal{
		"city-edu-office":         num("1234567.89"),
		"city-edu-school":         num("100000.10"),
		"city-edu-school-canteen": num("0.01"),
		"city-health-office":      num("9999999.99"),
		"cg-edu-school":           num("500000"),
		"city-edu":                num("0.90"), // a figure on a department itself counts too
	}
	tot, err := o.RollUp(values)
	require.NoError(t, err)
	require.Len(t, tot, 11, "every node has a total")
	want := map[string]string{
		"city-edu-school-canteen": "0.01",
		"city-edu-school":         "100000.11",  // 100,000.10 + 0.01
		"city-edu":                "1334568.90", // 0.90 + 1,234,567.89 + 100,000.11
		"city-health":             "9999999.99",
		"city":                    "11334568.89", // 1,334,568.90 + 9,999,999.99
		"cg-edu":                  "500000",
		"cg":                      "500000",
		"lhasa":                   "11834568.89", // 11,334,568.89 + 500,000
	}
	for id, w := range want {
		assert.True(t, tot[id].Equal(num(w)), "%s: got %s want %s", id, tot[id], w)
	}

	lines := o.Outline(tot)
	require.Len(t, lines, 11)
	assert.Equal(t, "lhasa", lines[0].Node.ID)
	assert.Equal(t, 0, lines[0].Depth)
	assert.Equal(t, "cg-edu-school", lines[3].Node.ID)
	assert.Equal(t, 3, lines[3].Depth)
	assert.True(t, lines[3].Amount.Equal(num("500000")))
}

func TestOrgRollUpUnknownIDs(t *testing.T) {
	o := mustOrg(t, lhasaNodes())
	tot, err := o.RollUp(map[string]decimal.Decimal{
		"zz": num("1"), "city-edu": num("2"), "aa": num("3"),
	})
	assert.Nil(t, tot)
	var ps Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"aa", "zz"}, []string{ps[0].Path, ps[1].Path})
	assert.Equal(t, []string{CodeUnknownNode, CodeUnknownNode}, ps.Codes())
}

func TestOrgSumByName(t *testing.T) {
	o := mustOrg(t, lhasaNodes())
	values := map[string]decimal.Decimal{
		"city-edu-office":    num("1000.50"),
		"city-edu-school":    num("2000.25"),
		"cg-edu-school":      num("300.25"),
		"city-health-office": num("7"),
		"city":               num("5"), // a region's own figure: no department above it
	}
	got, err := o.SumByName(values, NodeDepartment)
	require.NoError(t, err)
	require.Len(t, got, 3)
	// 卫健委 < 教育局 in Go's byte order of UTF-8: 卫 U+536B < 教 U+6559.
	assert.Equal(t, "卫健委", got[0].Name)
	assert.True(t, got[0].Amount.Equal(num("7")))
	assert.Equal(t, "教育局", got[1].Name)
	assert.Equal(t, []string{"cg-edu", "city-edu"}, got[1].IDs)
	// 1,000.50 + 2,000.25 + 300.25 = 3,301.00
	assert.True(t, got[1].Amount.Equal(num("3301")), "got %s", got[1].Amount)
	assert.Equal(t, "", got[2].Name)
	assert.Nil(t, got[2].IDs)
	assert.True(t, got[2].Amount.Equal(num("5")))

	_, err = o.SumByName(map[string]decimal.Decimal{"ghost": num("1")}, NodeRegion)
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestOrgJSONRoundTrip(t *testing.T) {
	o := mustOrg(t, lhasaNodes())
	b, err := json.Marshal(o)
	require.NoError(t, err)
	golden := filepath.Join("testdata", "org_lhasa.golden.json")
	if updateGolden() {
		pretty, err := json.MarshalIndent(o, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(golden, append(pretty, '\n'), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(b))

	var back Org
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, o.Nodes(), back.Nodes())

	// Unmarshalling checks the tree as NewOrg does.
	err = json.Unmarshal([]byte(`[{"id":"u","name":"单位","kind":"unit"}]`), &back)
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestNodeKind(t *testing.T) {
	assert.Equal(t, "部门", NodeDepartment.Name(LangZH))
	assert.Equal(t, "unit", NodeUnit.Name(LangEN))
	assert.Equal(t, "预算单位", NodeUnit.Name(LangZH))
	assert.Equal(t, "地区", NodeRegion.Name(LangZH))
	assert.False(t, NodeKind("").Valid())
	assert.Equal(t, "region", NodeRegion.String())
}

// FuzzNewOrg builds trees from a compact text form, "id,kind,parent;…" with
// kind r, d or u, and checks that NewOrg never panics and that every tree
// it accepts rolls up consistently: with 1 on every node, each node's total
// is 1 plus its children's totals and the roots' totals add up to the
// number of nodes.
func FuzzNewOrg(f *testing.F) {
	f.Add("a,r,;b,r,a;c,d,b;e,u,c;f,u,e")
	f.Add("a,r,b;b,r,a")
	f.Add("x,u,;y,d,x;y,d,")
	f.Add("a,r,a")
	f.Fuzz(func(t *testing.T, spec string) {
		kinds := map[string]NodeKind{"r": NodeRegion, "d": NodeDepartment, "u": NodeUnit}
		var nodes []Node
		for _, entry := range strings.Split(spec, ";") {
			parts := strings.Split(entry, ",")
			if len(parts) != 3 {
				return
			}
			nodes = append(nodes, Node{ID: parts[0], Name: "n" + parts[0], Kind: kinds[parts[1]], Parent: parts[2]})
		}
		o, err := NewOrg(nodes)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
			return
		}
		ones := make(map[string]decimal.Decimal)
		for _, n := range nodes {
			ones[n.ID] = decimal.NewFromInt(1)
		}
		tot, err := o.RollUp(ones)
		if err != nil {
			t.Fatal(err)
		}
		sumRoots := decimal.Zero
		for _, r := range o.Roots() {
			sumRoots = sumRoots.Add(tot[r.ID])
		}
		if !sumRoots.Equal(decimal.NewFromInt(int64(len(nodes)))) {
			t.Fatalf("roots total %s, want %d", sumRoots, len(nodes))
		}
		for _, n := range o.Nodes() {
			want := decimal.NewFromInt(1)
			for _, c := range o.Children(n.ID) {
				want = want.Add(tot[c.ID])
			}
			if !tot[n.ID].Equal(want) {
				t.Fatalf("%s: total %s, want %s", n.ID, tot[n.ID], want)
			}
			if a, ok := o.Ancestor(n.ID, n.Kind); !ok || a.ID != n.ID {
				t.Fatalf("Ancestor(%s, own kind) = %v, %v", n.ID, a, ok)
			}
			path := o.Path(n.ID)
			if path[len(path)-1].ID != n.ID || path[0].Parent != "" {
				t.Fatalf("bad path for %s: %v", n.ID, path)
			}
		}
	})
}
