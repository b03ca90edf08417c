package report

import (
	"encoding"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
)

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// TestJSONKeysSnakeCase walks the Go types of every report and fails on a
// field that reaches JSON without an explicit snake_case name: the JSON
// contract is one convention, and a field added without a tag would leak
// its Go name.
func TestJSONKeysSnakeCase(t *testing.T) {
	t.Parallel()
	for _, r := range []Report{&Check{}, &Show{Story: &Story{}}, &Vague{}, &Gaps{}, &Diff{}, &Since{}, &History{}, &Listening{}, &Lint{}, &Version{}, &Snapshots{}, &Verify{}, &Overview{}, &Sync{}, &Generate{}} {
		walkJSON(t, reflect.TypeOf(r), reflect.TypeOf(r).Elem().Name(), map[reflect.Type]bool{})
	}
}

var (
	marshaler     = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

func walkJSON(t *testing.T, typ reflect.Type, path string, seen map[reflect.Type]bool) {
	t.Helper()
	if seen[typ] {
		return
	}
	seen[typ] = true
	if typ.Implements(marshaler) || typ.Implements(textMarshaler) || reflect.PointerTo(typ).Implements(textMarshaler) {
		return // writes itself
	}
	switch typ.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		walkJSON(t, typ.Elem(), path+"[]", seen)
	case reflect.Map:
		walkJSON(t, typ.Elem(), path+"{}", seen)
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			tag, ok := f.Tag.Lookup("json")
			name := tag
			if j := len(tag); j > 0 {
				for k := range tag {
					if tag[k] == ',' {
						name = tag[:k]
						break
					}
				}
			}
			switch {
			case name == "-":
				continue
			case !ok && f.Anonymous:
				walkJSON(t, f.Type, path, seen) // embedded: its fields are ours
				continue
			case !ok || !snake.MatchString(name):
				t.Errorf("%s.%s reaches JSON as %q: give it an explicit snake_case json tag", path, f.Name, name)
			}
			walkJSON(t, f.Type, path+"."+name, seen)
		}
	}
}
