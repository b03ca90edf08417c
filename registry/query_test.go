package registry

import (
	"slices"
	"testing"
)

func TestParseQuery(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]string{"80": "port 80", "855-859": "port 855-859", "http": "name", "3com-tsmux": "name", "914c/g": "name", "-": "name", "--5": "error"} {
		got := "name"
		switch pq, err := ParseQuery(q); {
		case err != nil:
			got = "error"
		case pq.IsPort():
			got = "port " + pq.Ports.String()
		}
		if got != want {
			t.Errorf("ParseQuery(%q) = %s, want %s", q, got, want)
		}
	}
}

func TestNamesFrom(t *testing.T) {
	t.Parallel()
	reg := New([]Entry{{Name: "HTTP", Ports: Port(80), Proto: TCP}, {Name: "http", Ports: Port(80), Proto: UDP}, {Name: "https", Ports: Port(443), Proto: TCP}, {Name: "ssh", Ports: Port(22), Proto: TCP}})
	if got := reg.NamesFrom("Ht"); !slices.Equal(got, []string{"http", "https"}) {
		t.Errorf("NamesFrom(Ht) = %q, want http, https", got)
	}
}
