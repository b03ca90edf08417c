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
	var buf []span
	ord, cursor := 0, 0
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
		buf = old.spans(r, &cursor, buf[:0])
		for _, sp := range buf {
			for p := sp.from; p < sp.to; p++ {
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
	var pool []byte
	strOff := binary.LittleEndian.AppendUint32(nil, 0)
	str := func(s string) uint32 {
		id, ok := intern[s]
		if !ok {
			id = uint32(len(intern))
			intern[s] = id
			pool = append(pool, s...)
			strOff = binary.LittleEndian.AppendUint32(strOff, uint32(len(pool)))
		}
		return id
	}
	for i := range d.snaps {
		d.snaps[i].rows = 0
	}
	rows := make([]byte, 0, len(order)*rowSize)
	var more []byte
	le := binary.LittleEndian
	var spans []span
	for _, id := range order {
		set := b.bits[id*b.w : (id+1)*b.w]
		spans = spans[:0]
		for pos := 0; pos < len(d.snaps); {
			// the next run of ones from pos
			from := nextBit(set, pos, true, len(d.snaps))
			if from == len(d.snaps) {
				break
			}
			to := nextBit(set, from, false, len(d.snaps))
			spans = append(spans, span{from, to})
			for k := from; k < to; k++ {
				d.snaps[k].rows++
			}
			pos = to
		}
		if len(spans) == 0 {
			continue // in no snapshot kept
		}
		e := &b.keys[id].e
		var rec [rowSize]byte
		for c, s := range [textCols]string{e.Name, e.Description, e.Assignee, e.Contact, e.Reference, e.ServiceCode, e.UnauthorizedUse, e.Notes} {
			putUint24(rec[3*c:], str(s))
		}
		flags := protoCode(e.Proto)<<1 | byte(e.Kind)<<4
		if e.HasPort() {
			le.PutUint16(rec[24:], uint16(e.Ports.Lo()))
			le.PutUint16(rec[26:], uint16(e.Ports.Hi()))
			flags |= 1
		}
		if len(spans) > 1 {
			flags |= 128
		}
		rec[28] = flags
		putUint24(rec[29:], packDate(e.Registered))
		putUint24(rec[32:], packDate(e.Modified))
		le.PutUint16(rec[36:], uint16(spans[0].from))
		le.PutUint16(rec[38:], uint16(spans[0].to))
		for _, sp := range spans[1:] {
			more = le.AppendUint32(more, uint32(len(rows)/rowSize))
			more = le.AppendUint16(more, uint16(sp.from))
			more = le.AppendUint16(more, uint16(sp.to))
		}
		rows = append(rows, rec[:]...)
	}
	d.strOff, d.pool, d.rows, d.more = string(strOff), string(pool), string(rows), string(more)
}

func putUint24(b []byte, v uint32) {
	_ = b[2]
	b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16)
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
