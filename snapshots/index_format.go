package snapshots

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"unsafe"

	"github.com/regdiff/regdiff/internal/prefault"
	"github.com/regdiff/regdiff/registry"
)

// The index file is derived data, rebuilt whenever it is missing, stale,
// foreign or damaged, so its layout is free to change: bump indexMagic.
// Bump it too when registry.Compare's order or registry.Classify changes:
// the rows are stored in that order, with their kinds.
//
//	magic   "regdiff-index-4\n"
//	crc     uint32, CRC-32 (IEEE) of the body
//	body:
//	  builtAt, the store folder's mtime (int64 unix ns); nSnap, nStr,
//	    nRows, nMore, poolLen (uint32)
//	  the store folder's absolute path (uint32 length, bytes)
//	  nSnap snapshots: CSV size and mtime (int64 each), the number of
//	    rows (uint32), and the sidecar (putMeta)
//	  nStr+1 offsets (uint32) into the pool, then the pool: every
//	    distinct text of every column, once
//	  nRows rows of rowSize bytes, in canonical order:
//	    0   8 texts (uint24 numbers of strings): name, description,
//	        assignee, contact, reference, service code, unauthorized
//	        use, notes
//	    24  first and last port (uint16 each)
//	    28  flags: 1 has a port, 2-14 protocol (protoCodes) << 1, 16-112
//	        kind << 4, 128 more intervals than the first
//	    29  registration and modification dates (uint24 each: year<<9 |
//	        month<<5 | day), then a zero byte
//	    36  the first run of snapshots that hold the row: [from, to) of
//	        positions, oldest first (uint16 each)
//	  nMore further runs of rows that left and came back: row (uint32),
//	    from, to (uint16), ordered by row and run
//
// Numbers are little-endian. A row is 40 bytes, and about one in a hundred
// has a further run. The body is read into one string that every text of
// the index is a slice of; reading it checks every number against the
// sizes, and parses no text.
const (
	indexMagic = "regdiff-index-4\n"
	rowSize    = 40
	moreSize   = 8
	textCols   = 8
	// maxSnapshots is the most snapshots an index can hold (uint16
	// positions): 1,300 years of weekly versions.
	maxSnapshots = 1<<16 - 1
)

// protoCodes numbers the protocols in the row records.
var protoCodes = [...]registry.Protocol{registry.NoProto, registry.TCP, registry.UDP, registry.SCTP, registry.DCCP}

func protoCode(p registry.Protocol) byte {
	for i, q := range protoCodes {
		if p == q {
			return byte(i)
		}
	}
	panic("snapshots: unknown protocol " + string(p)) // registry.ParseProtocol admits no other
}

// fileStat is what the index remembers of a file to know it unchanged
// without reading it, as git's index does.
type fileStat struct {
	size, mtime int64 // mtime in unix ns
}

// snapEntry is one snapshot as the index records it.
type snapEntry struct {
	meta Meta
	csv  fileStat
	rows int
}

// indexData is an index: decoded from a file, or just built.
type indexData struct {
	builtAt int64
	dirTime int64 // the store folder's mtime
	dir     string
	snaps   []snapEntry
	strOff  string // nStr+1 uint32 offsets into pool
	pool    string
	rows    string // nRows records of rowSize bytes
	more    string // nMore records of moreSize bytes
}

func (d *indexData) numRows() int { return len(d.rows) / rowSize }
func (d *indexData) numStrs() int { return len(d.strOff)/4 - 1 }

// span is a run of snapshot positions [from, to).
type span struct{ from, to int }

// spans appends row r's runs of snapshots to buf. Rows must be asked in
// increasing order with the same cursor, which starts at 0.
func (d *indexData) spans(r int, cursor *int, buf []span) []span {
	rec := d.rows[r*rowSize : r*rowSize+rowSize]
	buf = append(buf, span{int(le16(rec, 36)), int(le16(rec, 38))})
	if rec[28]&128 == 0 {
		return buf
	}
	c := *cursor
	for c < len(d.more)/moreSize && le32(d.more, c*moreSize) < uint32(r) {
		c++
	}
	for ; c < len(d.more)/moreSize && le32(d.more, c*moreSize) == uint32(r); c++ {
		buf = append(buf, span{int(le16(d.more, c*moreSize+4)), int(le16(d.more, c*moreSize+6))})
	}
	*cursor = c
	return buf
}

// holds reports whether row r is in the snapshot at position k; cursor is
// as for spans.
func (d *indexData) holds(r, k int, cursor *int) bool {
	rec := d.rows[r*rowSize : r*rowSize+rowSize]
	if int(le16(rec, 36)) <= k && k < int(le16(rec, 38)) {
		return true
	}
	if rec[28]&128 == 0 {
		return false
	}
	var buf [4]span
	for _, s := range d.spans(r, cursor, buf[:0]) {
		if s.from <= k && k < s.to {
			return true
		}
	}
	return false
}

// str returns the text whose number is at rec[i:i+3].
func (d *indexData) str(rec string, i int) string {
	j := 4 * int(le24(rec, i))
	return d.pool[le32(d.strOff, j):le32(d.strOff, j+4)]
}

// entry decodes row r into e.
func (d *indexData) entry(r int, e *registry.Entry) {
	rec := d.rows[r*rowSize : r*rowSize+rowSize]
	e.Name = d.str(rec, 0)
	e.Description = d.str(rec, 3)
	e.Assignee = d.str(rec, 6)
	e.Contact = d.str(rec, 9)
	e.Reference = d.str(rec, 12)
	e.ServiceCode = d.str(rec, 15)
	e.UnauthorizedUse = d.str(rec, 18)
	e.Notes = d.str(rec, 21)
	flags := rec[28]
	if flags&1 != 0 {
		e.Ports = registry.Ports(le16(rec, 24), le16(rec, 26))
	} else {
		e.Ports = registry.PortRange{}
	}
	e.Proto = protoCodes[flags>>1&7]
	e.Kind = registry.Kind(flags >> 4 & 7)
	e.Registered = unpackDate(le24(rec, 29))
	e.Modified = unpackDate(le24(rec, 32))
}

func le16(s string, i int) uint16 {
	_ = s[i+1]
	return uint16(s[i]) | uint16(s[i+1])<<8
}

func le24(s string, i int) uint32 {
	_ = s[i+2]
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16
}

func le32(s string, i int) uint32 {
	_ = s[i+3]
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}

func le64(s string, i int) uint64 { return uint64(le32(s, i)) | uint64(le32(s, i+4))<<32 }

// packDate packs a date into 24 bits; registry dates have four-digit
// years, months to 12 and days to 31.
func packDate(d registry.Date) uint32 {
	return uint32(d.Year)<<9 | uint32(d.Month&15)<<5 | uint32(d.Day&31)
}

func unpackDate(v uint32) registry.Date {
	return registry.Date{Year: uint16(v >> 9), Month: uint8(v >> 5 & 15), Day: uint8(v & 31)}
}

// encoder appends little-endian numbers and strings.
type encoder struct{ b []byte }

func (w *encoder) u32(v uint32)    { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *encoder) i64(v int64)     { w.b = binary.LittleEndian.AppendUint64(w.b, uint64(v)) }
func (w *encoder) str(s string)    { w.u32(uint32(len(s))); w.b = append(w.b, s...) }
func (w *encoder) stat(s fileStat) { w.i64(s.size); w.i64(s.mtime) }

// putMeta writes a sidecar. Every field of Meta must be here:
// TestIndexKeepsEveryMetaField fails when one is added and not.
func (w *encoder) putMeta(m *Meta) {
	w.i64(int64(m.Format))
	for _, s := range [...]string{m.Name, m.RegistryDate, m.Source, m.ETag, m.LastModified, m.RawSHA256, m.SHA256} {
		w.str(s)
	}
	t, _ := m.FetchedAt.MarshalBinary() // fails only for zones of fractional minutes; sidecars are UTC
	w.str(string(t))
	w.i64(m.RawBytes)
	w.i64(int64(m.Rows))
	w.str(m.PeopleSHA256)
	w.i64(int64(m.People))
	w.u32(uint32(len(m.Kinds)))
	for _, k := range registry.Kinds() { // a stable order: the same index, the same bytes
		if n, ok := m.Kinds[k.String()]; ok {
			w.str(k.String())
			w.i64(int64(n))
		}
	}
	for k, n := range m.Kinds { // kinds this build does not know, if any
		if !isKindName(k) {
			w.str(k)
			w.i64(int64(n))
		}
	}
}

func isKindName(s string) bool {
	for _, k := range registry.Kinds() {
		if k.String() == s {
			return true
		}
	}
	return false
}

// decoder reads what encoder wrote; past the end it returns zeros and
// remembers that it ran out.
type decoder struct {
	s   string
	bad bool
}

func (r *decoder) take(n int) string {
	if n < 0 || n > len(r.s) {
		r.bad = true
		r.s = ""
		return strings.Repeat("\x00", max(min(n, 8), 0))
	}
	out := r.s[:n]
	r.s = r.s[n:]
	return out
}

func (r *decoder) u32() uint32    { return le32(r.take(4), 0) }
func (r *decoder) i64() int64     { return int64(le64(r.take(8), 0)) }
func (r *decoder) str() string    { return r.take(int(r.u32())) }
func (r *decoder) stat() fileStat { return fileStat{size: r.i64(), mtime: r.i64()} }

func (r *decoder) meta() (Meta, error) {
	var m Meta
	m.Format = int(r.i64())
	for _, s := range [...]*string{&m.Name, &m.RegistryDate, &m.Source, &m.ETag, &m.LastModified, &m.RawSHA256, &m.SHA256} {
		*s = r.str()
	}
	if err := m.FetchedAt.UnmarshalBinary([]byte(r.str())); err != nil && !r.bad {
		return Meta{}, err
	}
	m.RawBytes = r.i64()
	m.Rows = int(r.i64())
	m.PeopleSHA256 = r.str()
	m.People = int(r.i64())
	n := r.u32()
	if n > 64 {
		return Meta{}, errors.New("too many kinds")
	}
	m.Kinds = make(map[string]int, n)
	for range n {
		k := r.str()
		m.Kinds[k] = int(r.i64())
	}
	return m, nil
}

// encode writes the index file.
func (d *indexData) encode() []byte {
	w := &encoder{b: make([]byte, 0, 1024+len(d.strOff)+len(d.pool)+len(d.rows)+len(d.more))}
	w.b = append(w.b, indexMagic...)
	w.u32(0) // the checksum, below
	body := len(w.b)
	w.i64(d.builtAt)
	w.i64(d.dirTime)
	for _, n := range [...]int{len(d.snaps), d.numStrs(), d.numRows(), len(d.more) / moreSize, len(d.pool)} {
		w.u32(uint32(n))
	}
	w.str(d.dir)
	for i := range d.snaps {
		s := &d.snaps[i]
		w.stat(s.csv)
		w.u32(uint32(s.rows))
		w.putMeta(&s.meta)
	}
	w.b = append(w.b, d.strOff...)
	w.b = append(w.b, d.pool...)
	w.b = append(w.b, d.rows...)
	w.b = append(w.b, d.more...)
	binary.LittleEndian.PutUint32(w.b[len(indexMagic):], crc32.ChecksumIEEE(w.b[body:]))
	return w.b
}

// readIndex reads the index file at path, checking its magic and checksum.
func readIndex(path string) (*indexData, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > 1<<31 {
		return nil, errors.New("too big")
	}
	b := make([]byte, fi.Size())
	prefault.Slice(b)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, err
	}
	return decodeIndex(b)
}

// decodeIndex decodes an index file in memory, which it keeps: b must not
// be written to afterwards.
func decodeIndex(b []byte) (*indexData, error) {
	if len(b) < len(indexMagic)+4 || string(b[:len(indexMagic)]) != indexMagic {
		return nil, errors.New("bad magic")
	}
	body := b[len(indexMagic)+4:]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(indexMagic):]) {
		return nil, errors.New("checksum mismatch")
	}
	if len(body) == 0 {
		return nil, errors.New("cut short")
	}
	// The body becomes the string that every text of the index is a slice
	// of, without a copy of a megabyte or two: nothing writes to b again.
	return decodeBody(unsafe.String(&body[0], len(body)))
}

// decodeBody decodes an index whose checksum is right, checking every
// number in it against the sizes it declares, so that a damaged or
// hand-made index is refused rather than trusted: queries use these
// numbers without further checks.
func decodeBody(body string) (*indexData, error) {
	r := &decoder{s: body}
	d := &indexData{builtAt: r.i64(), dirTime: r.i64()}
	nSnap, nStr, nRows, nMore, poolLen := int(r.u32()), int(r.u32()), int(r.u32()), int(r.u32()), int(r.u32())
	if r.bad || nSnap > len(r.s) || nSnap > maxSnapshots || nStr > len(r.s) || nRows > len(r.s)/rowSize || nMore > len(r.s)/moreSize {
		return nil, errors.New("cut short")
	}
	d.dir = r.str()
	d.snaps = make([]snapEntry, nSnap)
	for i := range d.snaps {
		s := &d.snaps[i]
		s.csv = r.stat()
		s.rows = int(r.u32())
		m, err := r.meta()
		if err != nil {
			return nil, fmt.Errorf("snapshot %d: %v", i, err)
		}
		s.meta = m
	}
	d.strOff = r.take(4 * (nStr + 1))
	d.pool = r.take(poolLen)
	d.rows = r.take(nRows * rowSize)
	d.more = r.take(nMore * moreSize)
	if r.bad || len(r.s) != 0 {
		return nil, errors.New("sizes do not add up")
	}
	prev := uint32(0)
	for i := 0; i < len(d.strOff); i += 4 {
		next := le32(d.strOff, i)
		if next < prev || int(next) > len(d.pool) || i == 0 && next != 0 {
			return nil, errors.New("bad text offsets")
		}
		prev = next
	}
	if int(prev) != len(d.pool) {
		return nil, errors.New("bad text offsets")
	}
	// counts is the difference array of each snapshot's number of rows
	counts := make([]int, nSnap+1)
	numKinds := byte(len(registry.Kinds()))
	m := 0 // the next further run
	for row := range nRows {
		rec := d.rows[row*rowSize : row*rowSize+rowSize]
		for c := range textCols {
			if le24(rec, 3*c) >= uint32(nStr) {
				return nil, fmt.Errorf("row %d: bad text", row)
			}
		}
		lo, hi, flags := le16(rec, 24), le16(rec, 26), rec[28]
		if lo > hi || flags&1 == 0 && hi != 0 || flags>>1&7 >= byte(len(protoCodes)) || flags>>4&7 >= numKinds || rec[35] != 0 {
			return nil, fmt.Errorf("row %d: bad ports, protocol or kind", row)
		}
		from, to := le16(rec, 36), le16(rec, 38)
		if from >= to || int(to) > nSnap {
			return nil, fmt.Errorf("row %d: bad run of snapshots", row)
		}
		counts[from]++
		counts[to]--
		if flags&128 != 0 {
			n := 0
			for ; m < nMore && le32(d.more, m*moreSize) == uint32(row); m++ {
				f, t := le16(d.more, m*moreSize+4), le16(d.more, m*moreSize+6)
				if f < to || f >= t || int(t) > nSnap {
					return nil, fmt.Errorf("row %d: bad run of snapshots", row)
				}
				counts[f]++
				counts[t]--
				to = t
				n++
			}
			if n == 0 {
				return nil, fmt.Errorf("row %d: its further runs are missing", row)
			}
		}
		if m < nMore && le32(d.more, m*moreSize) <= uint32(row) {
			return nil, fmt.Errorf("row %d: further runs out of place", row)
		}
	}
	if m != nMore {
		return nil, errors.New("further runs of no row")
	}
	n := 0
	for i := range d.snaps {
		n += counts[i]
		if n != d.snaps[i].rows {
			return nil, fmt.Errorf("snapshot %s: %d rows, want %d", d.snaps[i].meta.Name, n, d.snaps[i].rows)
		}
	}
	return d, nil
}
