package diff

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/services"
)

// Category is the kind of a finding of [Check].
type Category string

// The categories, in the order reports list them: problems of the local
// file first, then what it lacks.
const (
	Malformed    Category = "malformed"     // the parser's warnings about a line
	PortMismatch Category = "port-mismatch" // a registry name at a port the registry gives it not
	NameMismatch Category = "name-mismatch" // another name than the registry's at an assigned port/proto
	Historic     Category = "historic"      // a name the registry marks historic or de-registered
	Deassigned   Category = "deassigned"    // a port IANA assigned once and took back
	LocalOnly    Category = "local-only"    // a port/proto the registry never assigned
	CaseOnly     Category = "case-only"     // the registry's name, in other case
	Vague        Category = "vague"         // the entry maps to a vague registry row
	Missing      Category = "missing"       // assigned in the registry, absent from the file
)

// Categories lists every category in report order.
var Categories = []Category{Malformed, PortMismatch, NameMismatch, Historic, Deassigned, LocalOnly, CaseOnly, Vague, Missing}

// ParseCategory reads a category name.
func ParseCategory(s string) (Category, error) {
	for _, c := range Categories {
		if string(c) == strings.ToLower(strings.TrimSpace(s)) {
			return c, nil
		}
	}
	names := make([]string, len(Categories))
	for i, c := range Categories {
		names[i] = string(c)
	}
	return "", fmt.Errorf("unknown category %q: want %s", s, strings.Join(names, ", "))
}

// ParseCategories reads category names (see [ParseCategory]).
func ParseCategories(names []string) ([]Category, error) {
	var out []Category
	for _, n := range names {
		c, err := ParseCategory(n)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Finding is one thing [Check] found.
type Finding struct {
	Category Category `json:"category"`
	// Line and Text are the local line (0 and "" for missing entries).
	Line int    `json:"line,omitempty"`
	Text string `json:"text,omitempty"`
	// Name, Port and Protocols say what the finding is about: the local
	// entry, or for missing ones the registry's name, port and protocols.
	Name      string   `json:"name,omitempty"`
	Port      string   `json:"port,omitempty"`
	Protocols []string `json:"protocols,omitempty"`
	// Message explains the finding in one line.
	Message string `json:"message"`
	// Registry holds the registry rows involved, with their dates, so
	// "assigned in 2021, missing here" is visible.
	Registry []registry.Entry `json:"registry,omitempty"`
	// Reasons are the vague reasons of a vague finding; Code is the
	// parser's warning code of a malformed one.
	Reasons []registry.Reason `json:"reasons,omitempty"`
	Code    string            `json:"code,omitempty"`
	// Deassigned says when IANA took the port back and what it was.
	Deassigned *registry.Deassignment `json:"deassigned,omitempty"`

	newest registry.Date // of Registry, to sort missing findings
	port   int
}

// Options narrow a check.
type Options struct {
	// Protocols to compare; nil means tcp, udp, sctp and dccp.
	Protocols []registry.Protocol
	// Range limits findings to ports in it; a zero PortRange means all.
	Range registry.PortRange
	// Only keeps these categories; nil keeps all.
	Only []Category
	// PerCategory, when above 0, keeps only the first PerCategory findings
	// of each category (in the report's order); Summary counts them all.
	// What a list of the first few shows, at a fraction of the cost.
	PerCategory int
}

// Report is the result of a check.
type Report struct {
	Findings []Finding        `json:"findings"`
	Summary  map[Category]int `json:"summary"`
	// Entries is the number of local entries compared.
	Entries int `json:"entries"`
}

// portSet is a set of port/protocol pairs, one bit each.
type portSet [4][(registry.MaxPort + 1) / 64]uint64

func (s *portSet) slot(p registry.Protocol) int {
	return slices.Index(registry.Protocols, p)
}

func (s *portSet) add(port int, p registry.Protocol) {
	if i := s.slot(p); i >= 0 {
		s[i][port/64] |= 1 << (port % 64)
	}
}

func (s *portSet) has(port int, p registry.Protocol) bool {
	i := s.slot(p)
	return i >= 0 && s[i][port/64]&(1<<(port%64)) != 0
}

// index is the registry arranged for lookups by port and by name.
type index struct {
	rows []registry.Entry // in canonical order: by first port, then last
	// withPort is how many rows, the first ones, have a port; ranges are
	// the rows of more than one port, and widest the most ports one spans.
	withPort int
	ranges   []int32
	widest   int
	// firstNamed[k] is the first row with a port of the case-folded
	// name k, and nextNamed[i] the next row of row i's name (-1: none):
	// built when first needed, by a name missing at its port.
	firstNamed map[string]int32
	nextNamed  []int32
	assess     *registry.Assessor
	last       verdict // on the row judged last
}

// verdict is what a check makes of a registry row a local entry maps to:
// historic (and what to use instead), vague (and why), worked out once
// for rows judged alike (registry.JudgedAlike).
type verdict struct {
	row      *registry.Entry
	historic bool
	repl     string
	judged   bool // vague and reasons are known
	vague    bool
	reasons  []registry.Reason
}

// verdictOn returns the verdict on row e: the last one, if it was on a row
// judged alike, else a new one.
func (ix *index) verdictOn(e *registry.Entry) *verdict {
	if v := &ix.last; v.row == nil || !registry.JudgedAlike(v.row, e) {
		*v = verdict{row: e}
		v.historic, v.repl = registry.Historic(e)
	}
	return &ix.last
}

// judge says whether the verdict's row is vague by default, and why.
func (ix *index) judge(v *verdict) (bool, []registry.Reason) {
	if !v.judged {
		v.vague, v.reasons = ix.assess.Judge(v.row)
		v.judged = true
	}
	return v.vague, v.reasons
}

// newIndex arranges the rows of reg for the lookups of a check.
// Rows are found by port with binary searches: a table of every port was
// half a megabyte, built for each check.
func newIndex(reg *registry.Registry) *index {
	rows := reg.Entries
	// Every parser and registry.New leave that order; the rows of a
	// caller who made them otherwise are sorted in a copy.
	if !registry.IsSorted(rows) {
		rows = slices.Clone(rows)
		registry.Sort(rows)
	}
	ix := &index{rows: rows, assess: reg.Assessor()}
	for i := range rows {
		e := &rows[i]
		if !e.HasPort() {
			break
		}
		ix.withPort = i + 1
		if w := e.Ports.Hi() - e.Ports.Lo(); w > 0 {
			ix.ranges = append(ix.ranges, int32(i))
			ix.widest = max(ix.widest, w)
		}
	}
	return ix
}

// byPort appends to buf every row covering port, in canonical order: the
// ranges that start before port and reach it, then the rows that start at
// port.
func (ix *index) byPort(port int, buf []int32) []int32 {
	lo := func(i int) int { return ix.rows[i].Ports.Lo() }
	k := sort.Search(len(ix.ranges), func(j int) bool { return lo(int(ix.ranges[j])) >= port })
	j := k
	for j > 0 && lo(int(ix.ranges[j-1])) >= port-ix.widest {
		j--
	}
	for _, i := range ix.ranges[j:k] {
		if ix.rows[i].Ports.Hi() >= port {
			buf = append(buf, i)
		}
	}
	for i := sort.Search(ix.withPort, func(i int) bool { return lo(i) >= port }); i < ix.withPort && lo(i) == port; i++ {
		buf = append(buf, int32(i))
	}
	return buf
}

// named yields the rows with a port named name, case-folded, in canonical
// order.
func (ix *index) named(name string) iter.Seq[int32] {
	if ix.nextNamed == nil {
		ix.firstNamed = make(map[string]int32, len(ix.rows)/3) // a name has a tcp and a udp row, or more
		ix.nextNamed = make([]int32, len(ix.rows))
		for i := len(ix.rows) - 1; i >= 0; i-- { // backwards: each row goes first
			ix.nextNamed[i] = -1
			if e := &ix.rows[i]; e.HasPort() && e.Name != "" {
				k := e.Key()
				if next, ok := ix.firstNamed[k]; ok {
					ix.nextNamed[i] = next
				}
				ix.firstNamed[k] = int32(i)
			}
		}
	}
	return func(yield func(int32) bool) {
		for i, ok := ix.firstNamed[strings.ToLower(name)]; ok && i >= 0; i = ix.nextNamed[i] {
			if !yield(i) {
				return
			}
		}
	}
}

// protoMatch reports whether a registry row applies to protocol p: rows with
// no protocol apply to all.
func protoMatch(e *registry.Entry, p registry.Protocol) bool {
	return e.Proto == p || e.Proto == registry.NoProto
}

// Check compares a parsed services file with a registry. Its rows are best
// in canonical order, as [registry.New] and every parser leave them;
// others are sorted in a copy.
func Check(reg *registry.Registry, f *services.File, opts Options) *Report {
	protos := opts.Protocols
	if protos == nil {
		protos = registry.Protocols
	}
	wantProto := func(p registry.Protocol) bool { return slices.Contains(protos, p) }
	inRange := func(lo, hi int) bool {
		return opts.Range.IsNone() || opts.Range.Overlaps(registry.Ports(uint16(lo), uint16(hi)))
	}
	ix := newIndex(reg)
	rep := &Report{Summary: map[Category]int{}, Findings: []Finding{}}
	// keep counts a finding of category c on line n and says whether to
	// list it. The line findings come in line order, which is the report's
	// but for the ties of one line (sortFindings): past PerCategory of a
	// category, only the rest of the last listed line is, for
	// firstOfEach to choose from, and the others are not built.
	lastLine := map[Category]int{}
	keep := func(c Category, n int) bool {
		if len(opts.Only) > 0 && !slices.Contains(opts.Only, c) {
			return false
		}
		if rep.Summary[c]++; opts.PerCategory > 0 && rep.Summary[c] > opts.PerCategory && n != lastLine[c] {
			return false
		}
		lastLine[c] = n
		return true
	}

	// A warning follows --range and --proto through its line's entries; a
	// line with no entry (a bad port, say) has neither, and shows only when
	// neither filter is set.
	filtered := opts.Protocols != nil || !opts.Range.IsNone()
	var lineOK []bool // by line number, when filtered
	if filtered {
		lineOK = make([]bool, f.Lines+1)
		for _, le := range f.Entries {
			if p, err := registry.ParseProtocol(le.Proto); (err == nil && wantProto(p) || opts.Protocols == nil) && inRange(le.Port, le.Port) && le.Line < len(lineOK) {
				lineOK[le.Line] = true
			}
		}
	}
	for _, w := range f.Warnings {
		if w.Code == services.WarnSharedPort || w.Code == services.WarnOtherProto {
			continue // several names on one port/proto is how the registry itself works; sctp and dccp lines are lint's business
		}
		if filtered && (w.Line >= len(lineOK) || !lineOK[w.Line]) {
			continue
		}
		if keep(Malformed, w.Line) {
			rep.Findings = append(rep.Findings, Finding{Category: Malformed, Line: w.Line, Text: w.Text, Message: w.Msg, Code: w.Code})
		}
	}

	// local marks the port/protos where the file has any entry.
	var local portSet
	for _, le := range f.Entries {
		proto, err := registry.ParseProtocol(le.Proto)
		if err != nil || proto == registry.NoProto {
			continue // ddp, divert, ...: the parser warned; the registry has none
		}
		local.add(le.Port, proto)
		if !wantProto(proto) || !inRange(le.Port, le.Port) {
			continue
		}
		rep.Entries++
		if fd, ok := ix.checkEntry(le, proto, keep); ok {
			rep.Findings = append(rep.Findings, fd)
		}
	}

	if len(opts.Only) == 0 || slices.Contains(opts.Only, Missing) {
		ix.missing(rep, &local, wantProto, inRange, opts.PerCategory)
	}
	sortFindings(rep.Findings)
	if opts.PerCategory > 0 {
		rep.Findings = firstOfEach(rep.Findings, opts.PerCategory)
	}
	return rep
}

// missing adds to rep the missing findings: assigned port/protos with no
// local entry, grouped by name and port so that a service on tcp and udp is
// one finding. With perCategory > 0 it builds only the findings that sort
// first, and counts the rest.
func (ix *index) missing(rep *Report, local *portSet, wantProto func(registry.Protocol) bool, inRange func(lo, hi int) bool, perCategory int) {
	// A group is a run of rows in canonical order, which sorts by ports,
	// then by name; groupRuns joins the rare runs of one group that other
	// names split.
	var rows, starts []int32 // the rows missing; where each group starts
	var last *registry.Entry // the first row of the group being read
	var seen portSet
	for i := range ix.rows {
		e := &ix.rows[i]
		if e.Kind != registry.Assigned || !wantProto(e.Proto) || !inRange(e.Ports.Lo(), e.Ports.Hi()) {
			continue
		}
		// One finding per port/proto: the first name the registry lists
		// there stands for its siblings (http for www and www-http).
		if seen.has(e.Ports.Lo(), e.Proto) {
			continue
		}
		seen.add(e.Ports.Lo(), e.Proto)
		present := false
		for p := e.Ports.Lo(); p <= e.Ports.Hi() && !present; p++ {
			present = local.has(p, e.Proto)
		}
		if present {
			continue
		}
		if last == nil || e.Ports != last.Ports || e.Name != last.Name && e.Key() != last.Key() {
			starts = append(starts, int32(len(rows)))
			last = e
		}
		rows = append(rows, int32(i))
	}
	if len(rows) == 0 {
		return
	}
	starts = ix.groupRuns(rows, append(starts, int32(len(rows))))
	groups := len(starts) - 1
	rep.Summary[Missing] += groups
	newest := make([]registry.Date, groups)
	for g := range groups {
		for _, i := range rows[starts[g]:starts[g+1]] {
			newest[g] = newer(newest[g], &ix.rows[i])
		}
	}
	// Which to build: all, or those sortFindings puts first (newest
	// first, then by port, then in registry order), in registry order.
	build := make([]int32, groups)
	for i := range build {
		build[i] = int32(i)
	}
	if perCategory > 0 && groups > perCategory {
		lo := func(g int32) int { return ix.rows[rows[starts[g]]].Ports.Lo() }
		slices.SortFunc(build, func(i, j int32) int {
			if c := newest[j].Compare(newest[i]); c != 0 {
				return c
			}
			if c := cmp.Compare(lo(i), lo(j)); c != 0 {
				return c
			}
			return cmp.Compare(i, j)
		})
		build = build[:perCategory]
		slices.Sort(build)
	}
	// One backing array for the rows of the findings built, and one for
	// their protocols: not two growing slices per finding.
	n := 0
	for _, g := range build {
		n += int(starts[g+1] - starts[g])
	}
	entries, protos := make([]registry.Entry, 0, n), make([]string, 0, n)
	rep.Findings = slices.Grow(rep.Findings, len(build))
	var msg []byte
	for _, g := range build {
		start := len(entries)
		for _, i := range rows[starts[g]:starts[g+1]] {
			entries, protos = append(entries, ix.rows[i]), append(protos, string(ix.rows[i].Proto))
		}
		grows, gprotos := entries[start:len(entries):len(entries)], protos[start:len(protos):len(protos)]
		name, ports := grows[0].Name, grows[0].Ports.String()
		msg = append(append(append(append(msg[:0], name...), ' '), ports...), '/')
		for i, p := range gprotos {
			if i > 0 {
				msg = append(msg, ',')
			}
			msg = append(msg, p...)
		}
		msg = append(msg, " is assigned by IANA"...)
		if !newest[g].IsZero() {
			msg = append(append(msg, ", registered or changed "...), newest[g].String()...)
		}
		msg = append(msg, ", and not in the file"...)
		rep.Findings = append(rep.Findings, Finding{
			newest: newest[g], port: grows[0].Ports.Lo(),
			Category: Missing, Name: name, Port: ports, Protocols: gprotos, Registry: grows,
			Message: string(msg),
		})
	}
}

// groupRuns joins the runs of rows (rows[starts[g]:starts[g+1]]) that are
// one group: the same ports and the same name but for case. Canonical order
// puts such rows together, unless their names fold alike only outside
// ASCII ("Ωx" and "ωx"), where other names may fall between them; then
// the later runs join the first, in order, and the rows move with them.
func (ix *index) groupRuns(rows, starts []int32) []int32 {
	var out []int32 // the new starts, once a join happened
	for a := 0; a < len(starts)-1; {
		b := a + 1 // runs a to b have the same ports
		for b < len(starts)-1 && ix.rows[rows[starts[b]]].Ports == ix.rows[rows[starts[a]]].Ports {
			b++
		}
		first := make([]int, 0, b-a) // each run's first run of its group
		joined := false
		for r := a; r < b; r++ {
			f := r
			for q := a; q < r; q++ {
				if ix.rows[rows[starts[q]]].Key() == ix.rows[rows[starts[r]]].Key() {
					f = q
					break
				}
			}
			first = append(first, f)
			joined = joined || f != r
		}
		if joined && out == nil {
			out = slices.Clone(starts[:a])
		}
		if !joined {
			if out != nil {
				out = append(out, starts[a:b]...)
			}
			a = b
			continue
		}
		span := slices.Clone(rows[starts[a]:starts[b]])
		at := starts[a]
		for r := a; r < b; r++ {
			if first[r-a] != r {
				continue
			}
			out = append(out, at)
			for q := r; q < b; q++ {
				if first[q-a] == r {
					at += int32(copy(rows[at:], span[starts[q]-starts[a]:starts[q+1]-starts[a]]))
				}
			}
		}
		a = b
	}
	if out == nil {
		return starts
	}
	return append(out, starts[len(starts)-1])
}

// firstOfEach keeps the first n findings of each category of sorted fs.
func firstOfEach(fs []Finding, n int) []Finding {
	out := fs[:0]
	var cat Category
	run := 0
	for _, f := range fs {
		if f.Category != cat {
			cat, run = f.Category, 0
		}
		if run < n {
			out = append(out, f)
		}
		run++
	}
	return out
}

func newestDate(rows []registry.Entry) registry.Date {
	var d registry.Date
	for i := range rows {
		d = newer(d, &rows[i])
	}
	return d
}

// newer is the latest of d and e's registration and modification dates.
func newer(d registry.Date, e *registry.Entry) registry.Date {
	if d.Before(e.Registered) {
		d = e.Registered
	}
	if d.Before(e.Modified) {
		d = e.Modified
	}
	return d
}

// checkEntry compares one local entry with the registry rows at its port
// and of its name. It words a finding only when keep, which counts it,
// says it is listed.
func (ix *index) checkEntry(le services.Entry, proto registry.Protocol, keep func(Category, int) bool) (Finding, bool) {
	var fd Finding
	// listed starts the finding of category c when it is listed, with the
	// registry rows idx.
	listed := func(c Category, idx ...int32) bool {
		if !keep(c, le.Line) {
			return false
		}
		fd = Finding{Category: c, Line: le.Line, Text: le.Text, Name: le.Name, Port: strconv.Itoa(le.Port), Protocols: []string{string(proto)}, port: le.Port,
			Registry: make([]registry.Entry, len(idx))}
		for i, j := range idx {
			fd.Registry[i] = ix.rows[j]
		}
		return true
	}
	label := func() string { return fmt.Sprintf("%s %d/%s", le.Name, le.Port, proto) }
	var buf [8]int32
	var atPort, assigned []int32
	exact, folded := int32(-1), int32(-1)
	for _, i := range ix.byPort(le.Port, buf[:0]) {
		e := &ix.rows[i]
		if !protoMatch(e, proto) {
			continue
		}
		atPort = append(atPort, i)
		if e.Kind != registry.Assigned {
			continue
		}
		assigned = append(assigned, i)
		for j, n := range append([]string{le.Name}, le.Aliases...) {
			switch {
			case e.Name == n && (exact < 0 || j == 0 && ix.rows[exact].Name != le.Name):
				exact = i
			case e.Name != n && strings.EqualFold(e.Name, n) && n == strings.ToLower(n) && exact < 0:
				// The lower-case form of a mixed-case registry name is what
				// Go's resolver looks up, and what generate writes: a match.
				exact = i
			case folded < 0 && strings.EqualFold(e.Name, n):
				folded = i
			}
		}
	}
	switch {
	case exact >= 0:
		e := &ix.rows[exact]
		v := ix.verdictOn(e)
		if v.historic && e.Name == le.Name {
			if !listed(Historic, exact) {
				return fd, false
			}
			fd.Message = label() + " is marked historic by IANA"
			if v.repl != "" {
				fd.Message += fmt.Sprintf("; use %q", v.repl)
			}
			return fd, true
		}
		// The same judgement as `regdiff vague` with no flags: the row's
		// score passes the model's threshold.
		if vague, rs := ix.judge(v); vague && listed(Vague, exact) {
			fd.Reasons = rs
			fd.Message = fmt.Sprintf("%s maps to a vague registry entry (%s)", label(), registry.JoinReasons(rs))
			return fd, true
		}
		return fd, false
	case folded >= 0:
		if !listed(CaseOnly, folded) {
			return fd, false
		}
		fd.Message = fmt.Sprintf("%s differs only in case from the registry's %q (Go's resolver lowercases lookups)", label(), ix.rows[folded].Name)
		return fd, true
	}
	// The name is the registry's at other ports: a moved or mistyped port.
	var elsewhere []int32
	for i := range ix.named(le.Name) {
		if e := &ix.rows[i]; protoMatch(e, proto) && e.Kind == registry.Assigned {
			elsewhere = append(elsewhere, i)
		}
	}
	if len(elsewhere) > 0 {
		if !listed(PortMismatch, elsewhere...) {
			return fd, false
		}
		var ports []string
		for _, e := range fd.Registry {
			if p := e.Ports.String(); !slices.Contains(ports, p) {
				ports = append(ports, p)
			}
		}
		fd.Message = fmt.Sprintf("%s: the registry assigns %s to port %s/%s", label(), le.Name, strings.Join(ports, ", "), proto)
		return fd, true
	}
	if len(assigned) > 0 {
		if !listed(NameMismatch, assigned...) {
			return fd, false
		}
		fd.Message = fmt.Sprintf("%s: the registry names %d/%s %s", label(), le.Port, proto, quoteNames(fd.Registry))
		return fd, true
	}
	// Nothing assigned here: say what the registry has instead.
	for _, i := range atPort {
		if d, ok := registry.Deassigned(&ix.rows[i]); ok {
			if !listed(Deassigned, atPort...) {
				return fd, false
			}
			fd.Deassigned = &d
			fd.Message = fmt.Sprintf("%s: IANA de-assigned %d/%s", label(), le.Port, proto)
			if !d.Date.IsZero() {
				fd.Message += " on " + d.Date.String()
			}
			if d.Former != "" {
				fd.Message += fmt.Sprintf(" (formerly %s)", d.Former)
			}
			return fd, true
		}
	}
	for _, i := range atPort {
		switch e := &ix.rows[i]; e.Kind {
		case registry.Nameless:
			// Flagged whatever its score: a local name on a port the
			// registry names no service at is worth a look.
			if !listed(Vague, atPort...) {
				return fd, false
			}
			fd.Reasons = ix.assess.Assess(e).Reasons
			fd.Message = fmt.Sprintf("%s sits on a port the registry describes only as %q", label(), registry.Canon(e.Description))
			return fd, true
		case registry.Deregistered:
			if !listed(Historic, atPort...) {
				return fd, false
			}
			fd.Message = fmt.Sprintf("%s is on a port IANA marks %q", label(), registry.Canon(e.Description))
			return fd, true
		}
	}
	if !listed(LocalOnly, atPort...) {
		return fd, false
	}
	fd.Message = label() + " is not assigned by IANA: " + describeFree(le.Port, fd.Registry)
	return fd, true
}

func quoteNames(es []registry.Entry) string {
	var names []string
	for _, e := range es {
		if q := strconv.Quote(e.Name); !slices.Contains(names, q) {
			names = append(names, q)
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// describeFree says what the registry holds at a port with no assignment.
func describeFree(port int, rows []registry.Entry) string {
	for _, e := range rows {
		switch e.Kind {
		case registry.Unassigned, registry.Reserved:
			where := ""
			if e.Ports.Len() > 1 {
				where = " (inside " + e.Ports.String() + ")"
			}
			return fmt.Sprintf("the port is %s%s", e.Kind, where)
		}
	}
	if registry.ClassOf(port) == registry.Dynamic {
		return "the port is in the dynamic range 49152-65535, which IANA never assigns"
	}
	return "the registry has no row for it"
}

// sortFindings orders findings by category (report order), then by line;
// missing ones newest registration first (what IANA assigned lately is what
// a file most likely lacks by mistake), then by port.
func sortFindings(fs []Finding) {
	rank := make(map[Category]int, len(Categories))
	for i, c := range Categories {
		rank[c] = i
	}
	// Sort positions, not the findings: a comparison reads precomputed
	// ranks, and a move is four bytes, not a Finding. The position breaks
	// ties, which keeps the sort stable.
	ranks := make([]int, len(fs))
	order := make([]int32, len(fs))
	for i := range fs {
		ranks[i], order[i] = rank[fs[i].Category], int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &fs[i], &fs[j]
		if c := cmp.Compare(ranks[i], ranks[j]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		if c := b.newest.Compare(a.newest); c != 0 {
			return c
		}
		if c := cmp.Compare(a.port, b.port); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	// Put each finding in place, cycle by cycle: fs[k] takes fs[order[k]].
	for start := range order {
		if order[start] < 0 || int(order[start]) == start {
			continue
		}
		tmp := fs[start]
		k := start
		for {
			next := int(order[k])
			order[k] = -1
			if next == start {
				fs[k] = tmp
				break
			}
			fs[k] = fs[next]
			k = next
		}
	}
}
