package prefault

import (
	"errors"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestSliceMapsIn: after Slice, every whole page of the slice is resident.
func TestSliceMapsIn(t *testing.T) {
	probe := make([]byte, 2*pageSize)
	if err := unix.Madvise(probe[:pageSize], unix.MADV_POPULATE_WRITE); errors.Is(err, unix.EINVAL) {
		t.Skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	s := make([]int32, 3<<20/4)
	Slice(s)
	p := unsafe.Pointer(unsafe.SliceData(s))
	skip := -uintptr(p) & (pageSize - 1)
	pages := (uintptr(len(s))*4 - skip) / pageSize
	vec := make([]byte, pages)
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Add(p, skip)), pages*pageSize, uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	for i, v := range vec {
		if v&1 == 0 {
			t.Fatalf("page %d of %d is not resident", i, pages)
		}
	}
}
