package registry

import "testing"

func TestDeassigned(t *testing.T) {
	t.Parallel()
	reg := realRegistry(t, "2026-04-09")
	for _, tc := range []struct {
		port   int
		date   string
		former string
	}{
		{2, "2025-02-13", "compressnet"},
		{831, "2025-09-29", "NETCONF over BEEP"},
		{832, "2025-09-29", "NETCONF over SOAP"},
		{47, "2017-05-18", ""},
	} {
		var got []Deassignment
		for _, e := range reg.Port(tc.port) {
			if d, ok := Deassigned(&e); ok {
				got = append(got, d)
			}
		}
		if len(got) == 0 || got[0].Date.String() != tc.date || got[0].Former != tc.former {
			t.Errorf("port %d: %+v, want de-assigned %s, formerly %q", tc.port, got, tc.date, tc.former)
		}
	}
	for _, port := range []int{80, 856, 1008, 0} {
		for _, e := range reg.Port(port) {
			if d, ok := Deassigned(&e); ok {
				t.Errorf("%s: de-assigned %+v", e.Label(), d)
			}
		}
	}
}
