package report

import (
	"fmt"
	"reflect"
	"strings"
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
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				escapeAll(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
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
