package snapshots

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"

	"github.com/regdiff/regdiff/registry"
)

// builder gathers the distinct rows of a store's snapshots, and for each
// row a bitset of the snapshots (by position, oldest first) that hold it.
// Rows arrive in any order, from parsed CSVs or from an older index.
type builder struct {
	w    int // words of one row's bitset
	ids  map[rowKey]int
	keys []rowKey
	bits []uint64
}

// rowKey is a distinct row. A snapshot that holds the same row twice has
// it under ord 0 and 1, so that the index gives it back twice.
type rowKey struct {
	e   registry.Entry
	ord int
}

func newBuilder(snapshots, rowsHint int) *builder {
	return &builder{w: (snapshots + 63) / 64, ids: make(map[rowKey]int, rowsHint)}
}

func (b *builder) row(k rowKey) int {
	id, ok := b.ids[k]
	if !ok {
		id = len(b.keys)
		b.ids[k] = id
		b.keys = append(b.keys, k)
		b.bits = append(b.bits, make([]uint64, b.w)...)
	}
	return id
}

func (b *builder) set(id, pos int) { b.bits[id*b.w+pos/64] |= 1 << (pos % 64) }

// add records the rows of the snapshot at pos, in canonical order.
func (b *builder) add(pos int, entries []registry.Entry) {
	ord := 0
	for i := range entries {
		if i > 0 && entries[i] == entries[i-1] {
			ord++
		} else {
			ord = 0
		}
		b.set(b.row(rowKey{entries[i], ord}), pos)
	}
}

// addIndexed records the rows that old's snapshots hold, for the snapshots
// kept: newPos maps old positions to new ones, -1 for one not kept.
func (b *builder) addIndexed(old *indexData, newPos []int) {
	var e, prev registry.Entry
	ord := 0
	for r := range old.numRows() {
		old.entry(r, &e)
		// Identical rows are neighbours in canonical order.
		if r > 0 && e == prev {
			ord++
		} else {
			ord = 0
		}
		prev = e
		id := -1
		for iv := old.intervals(r); len(iv) > 0; iv = iv[2:] {
			for p := iv[0]; p < iv[1]; p++ {
				if q := newPos[p]; q >= 0 {
					if id < 0 {
						id = b.row(rowKey{e, ord})
					}
					b.set(id, q)
				}
			}
		}
	}
}

// finish lays the rows out in canonical order, with their texts interned
// and their snapshots as intervals, and counts each snapshot's rows.
func (b *builder) finish(d *indexData) {
	order := make([]int, len(b.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		if c := registry.Compare(b.keys[x].e, b.keys[y].e); c != 0 {
			return c
		}
		return cmp.Compare(b.keys[x].ord, b.keys[y].ord)
	})
	intern := map[string]uint32{}
	d.strs = d.strs[:0]
	str := func(s string) uint32 {
		id, ok := intern[s]
		if !ok {
			id = uint32(len(d.strs))
			intern[s] = id
			d.strs = append(d.strs, s)
		}
		return id
	}
	for i := range d.snaps {
		d.snaps[i].rows = 0
	}
	d.rows = make([]byte, 0, len(order)*rowSize)
	d.ivStart = append(d.ivStart[:0], 0)
	d.ivs = d.ivs[:0]
	le := binary.LittleEndian
	for _, id := range order {
		set := b.bits[id*b.w : (id+1)*b.w]
		start := len(d.ivs)
		for pos := 0; pos < len(d.snaps); {
			// the next run of ones from pos
			from := nextBit(set, pos, true, len(d.snaps))
			if from == len(d.snaps) {
				break
			}
			to := nextBit(set, from, false, len(d.snaps))
			d.ivs = append(d.ivs, uint32(from), uint32(to))
			for k := from; k < to; k++ {
				d.snaps[k].rows++
			}
			pos = to
		}
		if len(d.ivs) == start {
			continue // in no snapshot kept
		}
		d.ivStart = append(d.ivStart, uint32(len(d.ivs)/2))
		e := &b.keys[id].e
		var rec [rowSize]byte
		for c, s := range [textCols]string{e.Name, e.Description, e.Assignee, e.Contact, e.Reference, e.ServiceCode, e.UnauthorizedUse, e.Notes} {
			le.PutUint32(rec[4*c:], str(s))
		}
		if e.HasPort() {
			le.PutUint16(rec[32:], uint16(e.Ports.Lo()))
			le.PutUint16(rec[34:], uint16(e.Ports.Hi()))
			rec[36] = 1
		}
		rec[37] = protoCode(e.Proto)
		rec[38] = byte(e.Kind)
		le.PutUint32(rec[40:], packDate(e.Registered))
		le.PutUint32(rec[44:], packDate(e.Modified))
		d.rows = append(d.rows, rec[:]...)
	}
}

// nextBit returns the first position from pos on whose bit is one (or
// zero), or n.
func nextBit(set []uint64, pos int, one bool, n int) int {
	for pos < n {
		w := set[pos/64]
		if !one {
			w = ^w
		}
		w >>= pos % 64
		if w != 0 {
			return min(pos+bits.TrailingZeros64(w), n)
		}
		pos = (pos/64 + 1) * 64
	}
	return n
}
