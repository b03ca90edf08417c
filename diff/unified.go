package diff

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Unified returns a unified diff (diff -u) of two texts, compared line by
// line with go-diff, with context lines around each change. It is empty when
// the texts are equal.
func Unified(oldName, newName, a, b string, context int) string {
	context = max(0, context)
	dmp := diffmatchpatch.New()
	ra, rb, lines := dmp.DiffLinesToRunes(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)

	type op struct {
		kind byte // ' ', '-', '+'
		text string
		noNL bool // the last line of a text that does not end in a newline
	}
	var ops []op
	for _, d := range diffs {
		kind := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			kind = '-'
		case diffmatchpatch.DiffInsert:
			kind = '+'
		}
		text, hasNL := strings.CutSuffix(d.Text, "\n")
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			ops = append(ops, op{kind, l, !hasNL && i == len(lines)-1})
		}
	}

	var out strings.Builder
	oldLine, newLine := 1, 1 // line numbers at ops[i]
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			oldLine++
			newLine++
			i++
			continue
		}
		// A hunk: from context lines before this change to context lines
		// after the last change that lies within 2*context of the next.
		start := max(0, i-context)
		for j := start; j < i; j++ {
			oldLine--
			newLine--
		}
		end := i
		for k := i; k < len(ops); k++ {
			if ops[k].kind != ' ' {
				end = k
			} else if k-end > 2*context {
				break
			}
		}
		end = min(len(ops), end+context+1)
		oldCount, newCount := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				oldCount++
			}
			if o.kind != '-' {
				newCount++
			}
		}
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(oldLine, oldCount), hunkRange(newLine, newCount))
		for _, o := range ops[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.text)
			out.WriteByte('\n')
			if o.noNL {
				out.WriteString("\\ No newline at end of file\n")
			}
		}
		oldLine += oldCount
		newLine += newCount
		i = end
	}
	return out.String()
}

// hunkRange writes a hunk's start and length as diff -u does: "3,4", "3"
// for one line, "2,0" for none (the line before).
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
