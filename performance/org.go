package performance

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/shopspring/decimal"
)

// NodeKind is the kind of a node of the organisation tree ([Org]). The zero
// value "" is not a valid kind: every node must say what it is.
type NodeKind string

const (
	// NodeRegion is a region (地区): the city level (市本级) or a district or
	// county (县区). A region may contain regions, so a whole city (拉萨市)
	// can be the root above its 市本级 and 县区.
	NodeRegion NodeKind = "region"
	// NodeDepartment is a department (部门) of one region's government, such
	// as the city's 教育局 or 城关区's 教育局.
	NodeDepartment NodeKind = "department"
	// NodeUnit is a budget unit (预算单位): a department's own office (部门本级)
	// or a subordinate unit (下属单位). Projects belong to units.
	NodeUnit NodeKind = "unit"
)

// String returns the kind's code: "region", "department" or "unit".
func (k NodeKind) String() string { return string(k) }

// ErrUnknownNodeKind is wrapped by the error of [ParseNodeKind] for text
// that names no node kind.
var ErrUnknownNodeKind = errors.New("performance: unknown node kind")

var nodeKindTable = enum.Table[NodeKind]{
	{V: "", Code: ""},
	{V: NodeRegion, Code: "region", Zh: "地区", Aliases: []string{"市本级", "县区"}},
	{V: NodeDepartment, Code: "department", Zh: "部门"},
	{V: NodeUnit, Code: "unit", Zh: "预算单位", Aliases: []string{"单位", "部门本级", "下属单位"}},
}

// ParseNodeKind reads a node kind by its code (region, department, unit,
// in any case) or its Chinese name (地区, 部门, 预算单位; also 市本级 and 县区
// for a region, 单位, 部门本级 and 下属单位 for a unit), normalised to the
// code. Surrounding spaces are ignored; the empty string is the empty
// NodeKind, which [NewOrg] reports as a problem. Anything else is an error
// wrapping [ErrUnknownNodeKind] that names the allowed values.
func ParseNodeKind(s string) (NodeKind, error) {
	if k, ok := nodeKindTable.Parse(s); ok {
		return k, nil
	}
	return "", fmt.Errorf("%w %q (%s)", ErrUnknownNodeKind, s, nodeKindTable.Want())
}

// MarshalText encodes the kind as its code.
func (k NodeKind) MarshalText() ([]byte, error) { return []byte(k), nil }

// UnmarshalText decodes any form [ParseNodeKind] accepts.
func (k *NodeKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(k, nodeKindTable, false, ParseNodeKind, b)
}

// Valid reports whether k is one of the three node kinds.
func (k NodeKind) Valid() bool {
	return k == NodeRegion || k == NodeDepartment || k == NodeUnit
}

// Name returns the kind's name in the given language: 地区/部门/预算单位 or
// region/department/unit.
func (k NodeKind) Name(l Lang) string {
	if l == LangEN {
		return string(k)
	}
	switch k {
	case NodeRegion:
		return "地区"
	case NodeDepartment:
		return "部门"
	case NodeUnit:
		return "预算单位"
	}
	return string(k)
}

// parentAllowed reports whether a node of kind child may hang under a node
// of kind parent ("" meaning no parent): regions under regions or at the
// top, departments under a region or at the top (an organisation of one
// level of government), units under a department or a unit.
func parentAllowed(child, parent NodeKind) bool {
	switch child {
	case NodeRegion:
		return parent == "" || parent == NodeRegion
	case NodeDepartment:
		return parent == "" || parent == NodeRegion
	case NodeUnit:
		return parent == NodeDepartment || parent == NodeUnit
	}
	return false
}

// A Node is one region, department or budget unit of an organisation tree.
// IDs are stable identifiers chosen by the caller (for example the unit code
// of the budget system); names are what reports print.
type Node struct {
	// ID is the node's stable identifier, unique within an Org.
	ID string `json:"id"`
	// Name is the node's name, such as 市本级, 城关区, 教育局 or 拉萨市第一中学.
	Name string `json:"name"`
	// Kind says whether the node is a region, a department or a unit.
	Kind NodeKind `json:"kind"`
	// Parent is the ID of the node above, or "" for a root.
	Parent string `json:"parent,omitempty"`
}

// An Org is an organisation tree (预算单位体系) of regions, departments and
// budget units, built and checked by [NewOrg]. It is immutable and safe for
// concurrent use. The zero Org has no nodes.
//
// The model: regions are at the top, and a region may contain regions (a
// city containing its city level 市本级 and its districts and counties 县区).
// A department belongs to exactly one region, because departments are organs
// of one level of government with budgets of their own: the city's 教育局 and
// 城关区's 教育局 are two nodes with two IDs and the same name. Totals per
// node follow the tree ([Org.RollUp]); totals of same-named departments
// across regions, such as all 教育局 of the city, come from [Org.SumByName].
// Budget units hang under a department (its own office 部门本级 and its
// subordinate units) or under another unit (二级、三级预算单位).
//
// A nil *Org is an empty tree: its methods answer as for an Org with no
// nodes (every ID unknown), so a caller that passes none gets every unit
// reported as unplaced rather than a panic.
type Org struct {
	nodes    []Node         // pre-order: roots by ID, children by ID
	index    map[string]int // ID → position in nodes
	parent   []int          // position of the parent, -1 for a root
	children [][]int        // positions of the children, sorted by ID
	depth    []int
}

// Validation codes of [NewOrg].
const (
	CodeMissingID     = "missing_id"     // a node or project without an ID
	CodeMissingName   = "missing_name"   // a node or project without a name
	CodeDuplicateID   = "duplicate_id"   // two nodes with one ID
	CodeUnknownKind   = "unknown_kind"   // a node kind other than region, department, unit
	CodeUnknownParent = "unknown_parent" // a parent ID that names no node
	CodeMissingParent = "missing_parent" // a unit at the top of the tree
	CodeKindOrder     = "kind_order"     // a node under a parent of the wrong kind
	CodeCycle         = "cycle"          // nodes that are their own ancestors
	CodeUnknownNode   = "unknown_node"   // a figure given for an ID not in the Org
)

// NewOrg builds an organisation tree from its nodes, in any order. It checks
// every node and returns all problems at once as [Problems] (paths such as
// "nodes[3].parent"): missing IDs or names, duplicate IDs, unknown kinds,
// unknown parents, parents of the wrong kind (a unit directly under a
// region, a department under a department) and cycles.
func NewOrg(nodes []Node) (*Org, error) {
	var ps Problems
	first := make(map[string]int, len(nodes))
	for i, n := range nodes {
		p := "nodes[" + strconv.Itoa(i) + "]"
		if n.ID == "" {
			ps.Add(CodeMissingID, p+".id", "缺少节点编码", "node has no id")
		} else if j, dup := first[n.ID]; dup {
			ps.Add(CodeDuplicateID, p+".id",
				fmt.Sprintf("节点编码 %q 与 nodes[%d] 重复", n.ID, j),
				fmt.Sprintf("node id %q duplicates nodes[%d]", n.ID, j))
		} else {
			first[n.ID] = i
		}
		if strings.TrimSpace(n.Name) == "" {
			ps.Add(CodeMissingName, p+".name", "缺少节点名称", "node has no name")
		}
		if !n.Kind.Valid() {
			ps.Add(CodeUnknownKind, p+".kind",
				fmt.Sprintf("未知的节点类型 %q（应为 region、department 或 unit）", n.Kind),
				fmt.Sprintf("unknown node kind %q (want region, department or unit)", n.Kind))
		}
	}
	for i, n := range nodes {
		p := "nodes[" + strconv.Itoa(i) + "].parent"
		if n.Parent == "" {
			if n.Kind == NodeUnit {
				ps.Add(CodeMissingParent, p, "预算单位必须隶属于部门或上级单位",
					"a budget unit must belong to a department or a parent unit")
			}
			continue
		}
		j, ok := first[n.Parent]
		if !ok {
			ps.Add(CodeUnknownParent, p,
				fmt.Sprintf("上级节点 %q 不存在", n.Parent),
				fmt.Sprintf("parent %q is not a node", n.Parent))
			continue
		}
		if pk := nodes[j].Kind; n.Kind.Valid() && pk.Valid() && !parentAllowed(n.Kind, pk) {
			ps.Add(CodeKindOrder, p,
				fmt.Sprintf("%s不能隶属于%s %q", n.Kind.Name(LangZH), pk.Name(LangZH), n.Parent),
				fmt.Sprintf("a %s cannot belong to the %s %q", n.Kind, pk, n.Parent))
		}
	}
	ps = append(ps, findCycles(nodes, first)...)
	if len(ps) > 0 {
		return nil, ps
	}
	return buildOrg(nodes, first), nil
}

// findCycles reports each cycle of parent links once, at the node of the
// cycle that comes first in the input.
func findCycles(nodes []Node, first map[string]int) Problems {
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, len(nodes))
	var ps Problems
	for i := range nodes {
		if state[i] != unseen {
			continue
		}
		var chain []int
		j := i
		for {
			if state[j] == done {
				break
			}
			if state[j] == active {
				// j is on a cycle: it runs from j to the end of the chain.
				at := slices.Index(chain, j)
				cyc := chain[at:]
				lo := slices.Min(cyc)
				k := slices.Index(cyc, lo)
				ids := make([]string, 0, len(cyc)+1)
				for m := range len(cyc) + 1 {
					ids = append(ids, strconv.Quote(nodes[cyc[(k+m)%len(cyc)]].ID))
				}
				loop := strings.Join(ids, " → ")
				ps.Add(CodeCycle, "nodes["+strconv.Itoa(lo)+"].parent",
					"上级关系成环："+loop, "parent links form a cycle: "+loop)
				break
			}
			state[j] = active
			chain = append(chain, j)
			if nodes[j].Parent == "" {
				break
			}
			next, ok := first[nodes[j].Parent]
			if !ok {
				break
			}
			j = next
		}
		for _, c := range chain {
			state[c] = done
		}
	}
	return ps
}

// buildOrg lays out valid nodes in pre-order.
func buildOrg(in []Node, first map[string]int) *Org {
	kids := make([][]int, len(in))
	var roots []int
	for i, n := range in {
		if n.Parent == "" {
			roots = append(roots, i)
		} else {
			p := first[n.Parent]
			kids[p] = append(kids[p], i)
		}
	}
	byID := func(a, b int) int { return cmp.Compare(in[a].ID, in[b].ID) }
	slices.SortFunc(roots, byID)
	for _, k := range kids {
		slices.SortFunc(k, byID)
	}
	o := &Org{
		nodes:    make([]Node, 0, len(in)),
		index:    make(map[string]int, len(in)),
		parent:   make([]int, 0, len(in)),
		children: make([][]int, len(in)),
		depth:    make([]int, 0, len(in)),
	}
	var visit func(i, parent, depth int)
	visit = func(i, parent, depth int) {
		at := len(o.nodes)
		o.nodes = append(o.nodes, in[i])
		o.index[in[i].ID] = at
		o.parent = append(o.parent, parent)
		o.depth = append(o.depth, depth)
		for _, k := range kids[i] {
			o.children[at] = append(o.children[at], len(o.nodes))
			visit(k, at, depth+1)
		}
	}
	for _, r := range roots {
		visit(r, -1, 0)
	}
	return o
}

// Len returns the number of nodes.
func (o *Org) Len() int {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	return len(o.nodes)
}

// Nodes returns every node in tree order: roots sorted by ID, each followed
// by its subtree, children sorted by ID. The slice is fresh.
func (o *Org) Nodes() []Node {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	return slices.Clone(o.nodes)
}

// Node returns the node with the given ID.
func (o *Org) Node(id string) (Node, bool) {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	i, ok := o.index[id]
	if !ok {
		return Node{}, false
	}
	return o.nodes[i], true
}

// Roots returns the nodes without a parent, sorted by ID.
func (o *Org) Roots() []Node {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	var out []Node
	for i, n := range o.nodes {
		if o.parent[i] < 0 {
			out = append(out, n)
		}
	}
	return out
}

// Children returns the nodes directly under id, sorted by ID; nil for a leaf
// or an unknown ID.
func (o *Org) Children(id string) []Node {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	i, ok := o.index[id]
	if !ok || len(o.children[i]) == 0 {
		return nil
	}
	out := make([]Node, len(o.children[i]))
	for k, c := range o.children[i] {
		out[k] = o.nodes[c]
	}
	return out
}

// Path returns the nodes from the root down to id, both included; nil for an
// unknown ID.
func (o *Org) Path(id string) []Node {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	i, ok := o.index[id]
	if !ok {
		return nil
	}
	out := make([]Node, o.depth[i]+1)
	for ; i >= 0; i = o.parent[i] {
		out[o.depth[i]] = o.nodes[i]
	}
	return out
}

// Ancestor returns the nearest node of the given kind on the way from id up
// to the root, id itself included: the department of a unit, the region of
// a department or unit. Asked for NodeUnit it returns a unit itself. It
// reports false for an unknown ID or when no such node is above.
func (o *Org) Ancestor(id string, kind NodeKind) (Node, bool) {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	i, ok := o.index[id]
	if !ok {
		return Node{}, false
	}
	for ; i >= 0; i = o.parent[i] {
		if o.nodes[i].Kind == kind {
			return o.nodes[i], true
		}
	}
	return Node{}, false
}

// RollUp totals figures up the tree exactly: the result holds, for every
// node of the Org, the node's own figure (zero when values has none) plus
// the totals of its children. Figures may sit on any node, not only on
// units. No rounding takes place.
//
// A figure for an ID that is not in the Org is an error, never dropped: the
// result is then nil and the error is [Problems] with code
// [CodeUnknownNode] and the ID as path, one per unknown ID, sorted.
func (o *Org) RollUp(values map[string]decimal.Decimal) (map[string]decimal.Decimal, error) {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	if err := o.checkIDs(values); err != nil {
		return nil, err
	}
	sums := make([]decimal.Decimal, len(o.nodes))
	for id, v := range values {
		sums[o.index[id]] = v
	}
	// In pre-order every child comes after its parent: walk backwards.
	for i := len(o.nodes) - 1; i >= 0; i-- {
		if p := o.parent[i]; p >= 0 {
			sums[p] = sums[p].Add(sums[i])
		}
	}
	out := make(map[string]decimal.Decimal, len(o.nodes))
	for i, n := range o.nodes {
		out[n.ID] = sums[i]
	}
	return out, nil
}

func (o *Org) checkIDs(values map[string]decimal.Decimal) error {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	var unknown []string
	for id := range values {
		if _, ok := o.index[id]; !ok {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	var ps Problems
	for _, id := range unknown {
		ps.Add(CodeUnknownNode, id,
			fmt.Sprintf("组织树中没有节点 %q", id),
			fmt.Sprintf("no node %q in the organisation", id))
	}
	return ps
}

// A Total is one line of a rolled-up table: a node, its depth in the tree
// (0 for a root) and its amount.
type Total struct {
	Node   Node            `json:"node"`
	Depth  int             `json:"depth"`
	Amount decimal.Decimal `json:"amount"`
}

// Outline returns one [Total] per node in tree order (as [Org.Nodes]), with
// the amount totals holds for it, or zero; it turns the map of
// [Org.RollUp] into a deterministic table.
func (o *Org) Outline(totals map[string]decimal.Decimal) []Total {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	out := make([]Total, len(o.nodes))
	for i, n := range o.nodes {
		out[i] = Total{Node: n, Depth: o.depth[i], Amount: totals[n.ID]}
	}
	return out
}

// A NamedTotal is the total of the nodes of one kind that share a name,
// such as every 教育局 of a city across its regions.
type NamedTotal struct {
	// Name is the shared name; "" collects figures on nodes that have no
	// node of the asked kind above them (a region's own figure, when
	// totalling by department).
	Name string `json:"name"`
	// IDs are the nodes that carry the name, sorted.
	IDs []string `json:"ids"`
	// Amount is the exact total.
	Amount decimal.Decimal `json:"amount"`
}

// SumByName attributes each figure to the nearest node of the given kind at
// or above it ([Org.Ancestor]) and totals the figures by that node's name,
// exactly. It is how a department that exists in several regions (the
// city's 教育局 and each district's) is totalled as one line. Lines are
// sorted by name, with the unattributed "" line, if any, last. Unknown IDs
// are reported as by [Org.RollUp].
func (o *Org) SumByName(values map[string]decimal.Decimal, kind NodeKind) ([]NamedTotal, error) {
	if o == nil {
		o = new(Org) // a nil Org is empty
	}
	if err := o.checkIDs(values); err != nil {
		return nil, err
	}
	at := make(map[string]int)
	var out []NamedTotal
	// Iterate in tree order, not map order, so that IDs come out the same
	// every time before sorting.
	for _, n := range o.nodes {
		v, ok := values[n.ID]
		if !ok {
			continue
		}
		name, id := "", ""
		if a, ok := o.Ancestor(n.ID, kind); ok {
			name, id = a.Name, a.ID
		}
		k, seen := at[name]
		if !seen {
			k = len(out)
			at[name] = k
			out = append(out, NamedTotal{Name: name})
		}
		out[k].Amount = out[k].Amount.Add(v)
		if id != "" && !slices.Contains(out[k].IDs, id) {
			out[k].IDs = append(out[k].IDs, id)
		}
	}
	for i := range out {
		slices.Sort(out[i].IDs)
	}
	slices.SortFunc(out, func(a, b NamedTotal) int {
		if (a.Name == "") != (b.Name == "") {
			if a.Name == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out, nil
}

// MarshalJSON encodes the Org as the JSON array of its nodes in tree order.
func (o *Org) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	if o.nodes == nil {
		return []byte("[]"), nil // the zero Org: no nodes, as decoded
	}
	return json.Marshal(o.nodes)
}

// UnmarshalJSON decodes a JSON array of nodes and checks it as [NewOrg]
// does.
func (o *Org) UnmarshalJSON(b []byte) error {
	var nodes []Node
	if err := json.Unmarshal(b, &nodes); err != nil {
		return err
	}
	n, err := NewOrg(nodes)
	if err != nil {
		return err
	}
	*o = *n
	return nil
}

// jsonShape tells strict decoding ([DecodeJSON]) to check an Org as the
// array of its nodes.
func (*Org) jsonShape() any { return []Node(nil) }
