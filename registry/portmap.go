package registry

// PortNames returns, for every port 0 to 65535, what the port goes by on
// protocol p (any protocol for NoProto): the name of the first named row
// that assigns it, else the text of a nameless assignment or of a
// de-registration, clipped ("Possibly used by Sun Solaris????"); "" for a
// port no such row covers. A map of the port space shows it on hover.
func (r *Registry) PortNames(p Protocol) []string {
	names := make([]string, MaxPort+1)
	named := make([]bool, MaxPort+1)
	for i := range r.Entries {
		e := &r.Entries[i]
		if !e.HasPort() || !e.On(p) {
			continue
		}
		var label string
		switch e.Kind {
		case Assigned:
			label = e.Name
		case Nameless, Deregistered:
			label = Clip(Canon(e.Description), 60)
		default:
			continue
		}
		for port := e.Ports.Lo(); port <= e.Ports.Hi(); port++ {
			if !named[port] && (names[port] == "" || e.Kind == Assigned) {
				names[port] = label
				named[port] = e.Kind == Assigned
			}
		}
	}
	return names
}

// VaguePorts marks, for every port 0 to 65535, the ports that are assigned
// on protocol p (any protocol for NoProto) only by rows the vague model
// judges vague by default (see [Assessor.Judge]): a nameless row such as
// 1008/udp, or named rows that say neither what they are nor who holds
// them (801 "device"). A port that any clear row assigns is not vague.
func (r *Registry) VaguePorts(p Protocol) []bool {
	vague := make([]bool, MaxPort+1)
	clear := make([]bool, MaxPort+1)
	asr := r.Assessor()
	for i := range r.Entries {
		e := &r.Entries[i]
		if s, ok := statusOf(e.Kind); !ok || (s != StatusAssigned && s != StatusNameless) || !e.On(p) {
			continue
		}
		mark := clear
		if v, _ := asr.Judge(e); v {
			mark = vague
		}
		for port := e.Ports.Lo(); port <= e.Ports.Hi(); port++ {
			mark[port] = true
		}
	}
	for port, c := range clear {
		vague[port] = vague[port] && !c
	}
	return vague
}
