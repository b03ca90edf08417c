package registry

import (
	"strings"
)

// Deassignment is what the registry says of a port IANA took back: when,
// and what it was before.
type Deassignment struct {
	Date   Date   `json:"date"`   // when, from the notes, else the row's modification date
	Former string `json:"former"` // the former name or service, as the notes give it; "" when they do not
}

var (
	deassignedRE = lazyRegexp(`(?i)\bde-?assigned on (\d{4}-\d{2}-\d{2})(?:,\s*previously ([^\s,;.]+))?`)
	releasedRE   = lazyRegexp(`(?i)\bpreviously assigned to (.+?)(?: but| and|,|;|\.|$)`)
	removedRE    = lazyRegexp(`(?i)\b(?:removed|de-?registered|withdrawn) on (\d{4}-\d{2}-\d{2})`)
)

// Deassigned reports whether a nameless row (Reserved, Deregistered, ...)
// marks a port IANA assigned once and took back: "De-assigned on
// 2025-02-13, previously compressnet" (2/tcp), "Previously assigned to
// NETCONF over BEEP but released by [RFC9900]" (831), "This entry has been
// removed on 2017-05-18" (47).
func Deassigned(e *Entry) (Deassignment, bool) {
	if e.Name != "" || e.Kind == Assigned || e.Kind == Unassigned {
		return Deassignment{}, false
	}
	text := e.Notes + " " + e.Description
	if !strings.Contains(strings.ToLower(text), "assigned") && !strings.Contains(strings.ToLower(text), "removed") && e.Kind != Deregistered {
		return Deassignment{}, false
	}
	d := Deassignment{Date: e.Modified}
	found := e.Kind == Deregistered
	if m := deassignedRE().FindStringSubmatch(text); m != nil {
		d.Date, _ = ParseDate(m[1])
		d.Former, found = m[2], true
	}
	if m := releasedRE().FindStringSubmatch(text); m != nil {
		d.Former, found = strings.TrimSpace(m[1]), true
	}
	if m := removedRE().FindStringSubmatch(text); m != nil {
		d.Date, _ = ParseDate(m[1])
		found = true
	}
	return d, found
}
