package prefault

import "testing"

// TestSliceKeepsContents: prefaulting neither moves nor changes memory,
// whether the slice is fresh, half written, of a size that is not whole
// pages, or too small to bother with.
func TestSliceKeepsContents(t *testing.T) {
	for _, n := range []int{0, 10, 100 << 10, 1<<20 + 12345} {
		s := make([]int64, n/2, n)
		for i := range s {
			s[i] = int64(i) * 7
		}
		whole := s[:cap(s)]
		Slice(s)
		for i := range whole {
			want := int64(0)
			if i < n/2 {
				want = int64(i) * 7
			}
			if whole[i] != want {
				t.Fatalf("%d: s[%d] = %d, want %d", n, i, whole[i], want)
			}
		}
	}
	Slice([]struct{}{}) // zero-size elements: nothing to map
}
