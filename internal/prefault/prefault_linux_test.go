package prefault

import (
	"errors"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestSliceMapsIn: after Slice, every whole page of the slice is
// resident. The pages are dropped first, and found gone, so that the test
// cannot pass on pages a reused heap already had.
func TestSliceMapsIn(t *testing.T) {
	probe := make([]byte, 2*pageSize)
	if err := unix.Madvise(probe[:pageSize], unix.MADV_POPULATE_WRITE); errors.Is(err, unix.EINVAL) {
		t.Skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	s := make([]int32, 3<<20/4)
	p := unsafe.Pointer(unsafe.SliceData(s))
	skip := -uintptr(p) & (pageSize - 1)
	pages := (uintptr(len(s))*4 - skip) / pageSize
	whole := unsafe.Slice((*byte)(unsafe.Add(p, skip)), pages*pageSize)
	if err := unix.Madvise(whole, unix.MADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	if n := resident(t, whole); n > 0 {
		t.Fatalf("%d of %d pages still resident after MADV_DONTNEED", n, pages)
	}
	Slice(s)
	if n := resident(t, whole); n != int(pages) {
		t.Fatalf("%d of %d pages resident after Slice", n, pages)
	}
}

// resident counts the pages of b, whole pages, that are in memory.
func resident(t *testing.T, b []byte) int {
	vec := make([]byte, uintptr(len(b))/pageSize)
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}
