package report

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// escape makes text safe to print on a terminal or in markdown: control
// bytes (but tab and newline), DEL and invalid UTF-8 become visible \xNN
// escapes, so a registry or services file cannot move the cursor, recolor
// the screen or smuggle a NUL into a log.
func escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1, r < 0x20 && r != '\t' && r != '\n', r == 0x7f, r >= 0x80 && r < 0xa0:
			for _, c := range []byte(s[i : i+n]) {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f {
			return !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
				return r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0
			})
		}
	}
	return false
}

// escapeAll escapes, in place, every string a report holds that text or
// markdown will print (see escape). JSON escapes by itself and is rendered
// from the value untouched.
func escapeAll(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			escapeAll(v.Elem())
		}
	case reflect.Struct:
		for _, i := range stringFields(v.Type()) {
			escapeAll(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if !holdsStrings(v.Type().Elem()) {
			return // ints, dates, port ranges: nothing to look at
		}
		for i := range v.Len() {
			escapeAll(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); needsEscape(s) {
				v.SetString(escape(s))
			}
		}
	}
}

// fieldCache maps a struct type to its exported fields that can hold a
// string: escapeAll walks reports of thousands of rows, and looking the
// fields up by reflection each time was most of its cost.
var fieldCache sync.Map // reflect.Type -> []int

// inProgress marks a struct type whose fields are being looked at: a type
// that holds itself is taken to hold strings through the cycle.
type inProgress struct{}

func stringFields(t reflect.Type) []int {
	if f, ok := fieldCache.Load(t); ok {
		if f, ok := f.([]int); ok {
			return f
		}
	}
	fieldCache.Store(t, inProgress{})
	var f []int
	for i := range t.NumField() {
		if sf := t.Field(i); sf.IsExported() && holdsStrings(sf.Type) {
			f = append(f, i)
		}
	}
	fieldCache.Store(t, f)
	return f
}

// holdsStrings reports whether a value of t can hold a string, directly or
// through exported fields, elements or pointers; an interface may.
func holdsStrings(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsStrings(t.Elem())
	case reflect.Struct:
		if f, ok := fieldCache.Load(t); ok {
			if _, busy := f.(inProgress); busy {
				return true
			}
		}
		return len(stringFields(t)) > 0
	}
	return false
}
