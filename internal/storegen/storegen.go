// Package storegen makes a believable future for a registry: weekly
// versions with the changes IANA makes, for benchmarks and tests of a
// snapshot store far bigger than the committed history.
package storegen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/regdiff/regdiff/registry"
)

// Generator turns a registry into a sequence of later versions. The same
// base and seed always give the same versions.
type Generator struct {
	rng     *rand.Rand
	entries []registry.Entry
	date    time.Time
	made    int // services made up so far, for fresh names
}

// New starts a generator from base, which it does not modify.
func New(base *registry.Registry, seed uint64) *Generator {
	d := base.Date()
	if d.IsZero() || d.Day == 0 {
		d = registry.Date{Year: 2026, Month: 1, Day: 1}
	}
	return &Generator{
		rng:     rand.New(rand.NewPCG(seed, seed^0x5eed_5eed)),
		entries: slices.Clone(base.Entries),
		date:    time.Date(int(d.Year), time.Month(d.Month), int(d.Day), 0, 0, 0, 0, time.UTC),
	}
}

// Next returns the next version, dated a week after the previous one (its
// newest registration or modification date is that day, so each version is
// its own snapshot), with a handful of changes as IANA makes them in a
// week: new assignments carved out of Unassigned ranges (splitting them),
// new DNS-SD names, edits of descriptions, contacts, references and notes,
// and now and then a de-assignment to Reserved or a rename.
func (g *Generator) Next() *registry.Registry {
	g.date = g.date.AddDate(0, 0, 7)
	today := registry.Date{Year: uint16(g.date.Year()), Month: uint8(g.date.Month()), Day: uint8(g.date.Day())}
	for range 1 + g.rng.IntN(4) {
		g.assign(today)
	}
	for range g.rng.IntN(3) {
		g.nameOnly(today)
	}
	for range 1 + g.rng.IntN(3) {
		g.edit(today)
	}
	if g.rng.IntN(10) < 3 {
		g.deassign(today)
	}
	if g.rng.IntN(10) < 2 {
		g.rename(today)
	}
	registry.Sort(g.entries)
	return &registry.Registry{Entries: slices.Clone(g.entries)}
}

// name makes up a service name that the registry does not hold.
func (g *Generator) name() string {
	syll := []string{"ka", "ro", "net", "sec", "mon", "lo", "tra", "vi", "ps", "dex", "qu", "zen", "mq", "io"}
	g.made++
	var b strings.Builder
	for range 2 + g.rng.IntN(2) {
		b.WriteString(syll[g.rng.IntN(len(syll))])
	}
	fmt.Fprintf(&b, "-%d", g.made)
	return b.String()
}

// person makes up an assignee or contact reference: "[Ada_Example_17]".
func (g *Generator) person() string {
	first := []string{"Ada", "Jon", "Mei", "Ravi", "Olga", "Tomas", "Ines", "Kwame"}
	last := []string{"Example", "Sample", "Placeholder", "Tester", "Doe"}
	return fmt.Sprintf("[%s_%s_%d]", first[g.rng.IntN(len(first))], last[g.rng.IntN(len(last))], g.rng.IntN(1000))
}

// assign gives a port of a user-range Unassigned block to a new service,
// over tcp and udp (now and then tcp alone), splitting the block around it.
func (g *Generator) assign(today registry.Date) {
	var blocks []int
	for i := range g.entries {
		e := &g.entries[i]
		if e.Kind == registry.Unassigned && e.Proto == registry.NoProto && e.Ports.Lo() >= 1024 && e.Ports.Hi() <= 49151 {
			blocks = append(blocks, i)
		}
	}
	if len(blocks) == 0 {
		return
	}
	i := blocks[g.rng.IntN(len(blocks))]
	block := g.entries[i]
	lo, hi := block.Ports.Lo(), block.Ports.Hi()
	p := lo + g.rng.IntN(hi-lo+1)
	g.entries = slices.Delete(g.entries, i, i+1)
	for _, r := range [][2]int{{lo, p - 1}, {p + 1, hi}} {
		if r[0] <= r[1] {
			part := block
			part.Ports = registry.Ports(uint16(r[0]), uint16(r[1]))
			g.entries = append(g.entries, part)
		}
	}
	svc := registry.Entry{
		Name:        g.name(),
		Ports:       registry.Port(uint16(p)),
		Kind:        registry.Assigned,
		Description: "Generated service for store benchmarks",
		Assignee:    g.person(),
		Registered:  today,
	}
	svc.Contact = svc.Assignee
	if g.rng.IntN(4) == 0 {
		svc.Reference = fmt.Sprintf("[RFC%d]", 9700+g.rng.IntN(300))
	}
	protos := []registry.Protocol{registry.TCP, registry.UDP}
	if g.rng.IntN(5) == 0 {
		protos = protos[:1]
	}
	for _, proto := range protos {
		svc.Proto = proto
		g.entries = append(g.entries, svc)
	}
}

// nameOnly registers a DNS-SD name with no port.
func (g *Generator) nameOnly(today registry.Date) {
	who := g.person()
	g.entries = append(g.entries, registry.Entry{
		Name: g.name(), Proto: registry.TCP, Kind: registry.NameOnly,
		Description: "Generated DNS-SD service", Assignee: who, Contact: who,
		Registered: today, Notes: "Defined TXT keys: None",
	})
}

// assigned picks a named row with a port, and returns the rows of the same
// name and ports (its other protocols), which IANA edits together.
func (g *Generator) assigned() []int {
	for range 100 {
		i := g.rng.IntN(len(g.entries))
		e := &g.entries[i]
		if e.Kind != registry.Assigned {
			continue
		}
		var group []int
		for j := max(0, i-4); j < min(len(g.entries), i+5); j++ {
			if o := &g.entries[j]; o.Name == e.Name && o.Ports == e.Ports {
				group = append(group, j)
			}
		}
		return group
	}
	return nil
}

// edit changes the description, contact, reference or notes of a service.
func (g *Generator) edit(today registry.Date) {
	group := g.assigned()
	what := g.rng.IntN(4)
	who := g.person()
	for _, i := range group {
		e := &g.entries[i]
		switch what {
		case 0:
			e.Description = strings.TrimSpace(e.Description + " (updated)")
		case 1:
			e.Contact = who
		case 2:
			e.Reference = fmt.Sprintf("[RFC%d]", 9000+g.rng.IntN(1000))
		case 3:
			e.Notes = "Updated on " + today.String()
		}
		e.Modified = today
	}
}

// deassign returns a service's port to Reserved, as IANA does when an
// assignee gives it back.
func (g *Generator) deassign(today registry.Date) {
	for _, i := range g.assigned() {
		e := &g.entries[i]
		*e = registry.Entry{
			Ports: e.Ports, Proto: e.Proto, Kind: registry.Reserved, Description: "Reserved",
			Modified: today,
			Notes:    fmt.Sprintf("De-assigned on %s, previously %s by %s", today, e.Name, e.Assignee),
		}
	}
}

// rename gives a service a new name on the same ports.
func (g *Generator) rename(today registry.Date) {
	name := g.name()
	for _, i := range g.assigned() {
		g.entries[i].Name = name
		g.entries[i].Modified = today
	}
}
