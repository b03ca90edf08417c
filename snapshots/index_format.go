package snapshots

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/regdiff/regdiff/registry"
)

// The index file is derived data, rebuilt whenever it is missing, stale,
// foreign or damaged, so its layout is free to change: bump indexMagic.
//
//	magic   "regdiff-index-2\n"
//	crc     uint32, CRC-32 (IEEE) of the body
//	body:
//	  builtAt int64 (unix ns), nSnap, nStr, nRows, nIv, poolLen (uint32 each)
//	  the store folder's absolute path (uint32 length, bytes)
//	  nSnap snapshots: CSV size and mtime, sidecar size and mtime (int64
//	    each), the number of rows, and the sidecar (see putMeta)
//	  nStr+1 string offsets into the pool (uint32), then the pool: every
//	    distinct text of every column, once
//	  nRows rows of rowSize bytes, in canonical order (see putRow)
//	  nRows+1 offsets into the intervals (uint32), then nIv intervals
//	    [from, to) of snapshot positions (uint32 pairs): row r is in the
//	    snapshots of intervals ivStart[r] to ivStart[r+1]
//
// Numbers are little-endian. Reading it is a bounds check of every number,
// one copy of the pool, and no parsing of text.
const (
	indexMagic = "regdiff-index-2\n"
	headerSize = 8 + 5*4
	rowSize    = 48
	// textCols is the number of text columns of a row record.
	textCols = 8
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
	meta      Meta
	csv, side fileStat
	rows      int
}

// indexData is the decoded index: what the queries read.
type indexData struct {
	builtAt int64
	dir     string
	snaps   []snapEntry
	strs    []string // the distinct texts, slices of one pool
	rows    []byte   // nRows records of rowSize bytes
	ivStart []uint32
	ivs     []uint32 // from, to, from, to ...
}

func (d *indexData) numRows() int { return len(d.rows) / rowSize }

// intervals returns row r's intervals as from, to pairs.
func (d *indexData) intervals(r int) []uint32 {
	return d.ivs[2*d.ivStart[r] : 2*d.ivStart[r+1]]
}

// entry decodes row r into e.
func (d *indexData) entry(r int, e *registry.Entry) {
	rec := d.rows[r*rowSize : r*rowSize+rowSize]
	le := binary.LittleEndian
	e.Name = d.strs[le.Uint32(rec[0:])]
	e.Description = d.strs[le.Uint32(rec[4:])]
	e.Assignee = d.strs[le.Uint32(rec[8:])]
	e.Contact = d.strs[le.Uint32(rec[12:])]
	e.Reference = d.strs[le.Uint32(rec[16:])]
	e.ServiceCode = d.strs[le.Uint32(rec[20:])]
	e.UnauthorizedUse = d.strs[le.Uint32(rec[24:])]
	e.Notes = d.strs[le.Uint32(rec[28:])]
	if rec[36] != 0 {
		e.Ports = registry.Ports(le.Uint16(rec[32:]), le.Uint16(rec[34:]))
	} else {
		e.Ports = registry.PortRange{}
	}
	e.Proto = protoCodes[rec[37]]
	e.Kind = registry.Kind(rec[38])
	e.Registered = unpackDate(le.Uint32(rec[40:]))
	e.Modified = unpackDate(le.Uint32(rec[44:]))
}

func packDate(d registry.Date) uint32 {
	return uint32(d.Year)<<16 | uint32(d.Month)<<8 | uint32(d.Day)
}

func unpackDate(v uint32) registry.Date {
	return registry.Date{Year: uint16(v >> 16), Month: uint8(v >> 8), Day: uint8(v)}
}

// encoder appends little-endian numbers and strings.
type encoder struct{ b []byte }

func (w *encoder) u32(v uint32)      { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *encoder) i64(v int64)       { w.b = binary.LittleEndian.AppendUint64(w.b, uint64(v)) }
func (w *encoder) str(s string)      { w.u32(uint32(len(s))); w.b = append(w.b, s...) }
func (w *encoder) stat(s fileStat)   { w.i64(s.size); w.i64(s.mtime) }
func (w *encoder) bytes(b []byte)    { w.u32(uint32(len(b))); w.b = append(w.b, b...) }
func (w *encoder) put(b ...byte)     { w.b = append(w.b, b...) }
func (w *encoder) at(off int) []byte { return w.b[off:] }

// putMeta writes a sidecar. Every field of Meta must be here:
// TestIndexKeepsEveryMetaField fails when one is added and not.
func (w *encoder) putMeta(m *Meta) {
	w.i64(int64(m.Format))
	for _, s := range [...]string{m.Name, m.RegistryDate, m.Source, m.ETag, m.LastModified, m.RawSHA256, m.SHA256} {
		w.str(s)
	}
	t, _ := m.FetchedAt.MarshalBinary() // fails only for zones of fractional minutes; a UTC time never
	w.bytes(t)
	w.i64(m.RawBytes)
	w.i64(int64(m.Rows))
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
	b   []byte
	bad bool
}

func (r *decoder) take(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.bad = true
		r.b = nil
		return make([]byte, max(n, 0))
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *decoder) u32() uint32 { return binary.LittleEndian.Uint32(r.take(4)) }
func (r *decoder) i64() int64  { return int64(binary.LittleEndian.Uint64(r.take(8))) }
func (r *decoder) str() string { return string(r.take(int(r.u32()))) }
func (r *decoder) stat() fileStat {
	return fileStat{size: r.i64(), mtime: r.i64()}
}

func (r *decoder) meta() (Meta, error) {
	var m Meta
	m.Format = int(r.i64())
	for _, s := range [...]*string{&m.Name, &m.RegistryDate, &m.Source, &m.ETag, &m.LastModified, &m.RawSHA256, &m.SHA256} {
		*s = r.str()
	}
	if err := m.FetchedAt.UnmarshalBinary(r.take(int(r.u32()))); err != nil && !r.bad {
		return Meta{}, err
	}
	m.RawBytes = r.i64()
	m.Rows = int(r.i64())
	n := r.u32()
	if n > 1<<10 {
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
	w := &encoder{b: make([]byte, 0, 20+headerSize+len(d.rows)*2)}
	w.b = append(w.b, indexMagic...)
	w.u32(0) // the checksum, below
	body := len(w.b)
	pool := 0
	for _, s := range d.strs {
		pool += len(s)
	}
	w.i64(d.builtAt)
	for _, n := range [...]int{len(d.snaps), len(d.strs), d.numRows(), len(d.ivs) / 2, pool} {
		w.u32(uint32(n))
	}
	w.str(d.dir)
	for i := range d.snaps {
		s := &d.snaps[i]
		w.stat(s.csv)
		w.stat(s.side)
		w.u32(uint32(s.rows))
		w.putMeta(&s.meta)
	}
	off := 0
	w.u32(0)
	for _, s := range d.strs {
		off += len(s)
		w.u32(uint32(off))
	}
	for _, s := range d.strs {
		w.b = append(w.b, s...)
	}
	w.put(d.rows...)
	for _, v := range d.ivStart {
		w.u32(v)
	}
	for _, v := range d.ivs {
		w.u32(v)
	}
	binary.LittleEndian.PutUint32(w.at(len(indexMagic)), crc32.ChecksumIEEE(w.b[body:]))
	return w.b
}

// decodeIndex reads an index file, checking its magic, its checksum and
// every number in it against the sizes it declares, so that a damaged or
// hand-made file is refused rather than trusted: queries index with these
// numbers without further checks.
func decodeIndex(file []byte) (*indexData, error) {
	if !bytes.HasPrefix(file, []byte(indexMagic)) || len(file) < len(indexMagic)+4 {
		return nil, errors.New("bad magic")
	}
	file = file[len(indexMagic):]
	if crc32.ChecksumIEEE(file[4:]) != binary.LittleEndian.Uint32(file) {
		return nil, errors.New("checksum mismatch")
	}
	r := &decoder{b: file[4:]}
	d := &indexData{builtAt: r.i64()}
	nSnap, nStr, nRows, nIv, poolLen := int(r.u32()), int(r.u32()), int(r.u32()), int(r.u32()), int(r.u32())
	if r.bad || nSnap > len(r.b) || nStr > len(r.b) || nRows > len(r.b)/rowSize || nIv > len(r.b)/8 {
		return nil, errors.New("cut short")
	}
	d.dir = r.str()
	d.snaps = make([]snapEntry, nSnap)
	for i := range d.snaps {
		s := &d.snaps[i]
		s.csv, s.side = r.stat(), r.stat()
		s.rows = int(r.u32())
		m, err := r.meta()
		if err != nil {
			return nil, fmt.Errorf("snapshot %d: %v", i, err)
		}
		s.meta = m
	}
	offs := r.take(4 * (nStr + 1))
	pool := string(r.take(poolLen))
	d.rows = r.take(nRows * rowSize)
	ivStart := r.take(4 * (nRows + 1))
	ivs := r.take(8 * nIv)
	if r.bad || len(r.b) != 0 {
		return nil, errors.New("sizes do not add up")
	}
	le := binary.LittleEndian
	d.strs = make([]string, nStr)
	prev := le.Uint32(offs)
	if prev != 0 {
		return nil, errors.New("bad string offsets")
	}
	for i := range d.strs {
		next := le.Uint32(offs[4*i+4:])
		if next < prev || int(next) > len(pool) {
			return nil, errors.New("bad string offsets")
		}
		d.strs[i] = pool[prev:next]
		prev = next
	}
	if int(prev) != len(pool) {
		return nil, errors.New("bad string offsets")
	}
	d.ivStart = make([]uint32, nRows+1)
	for i := range d.ivStart {
		d.ivStart[i] = le.Uint32(ivStart[4*i:])
	}
	d.ivs = make([]uint32, 2*nIv)
	for i := range d.ivs {
		d.ivs[i] = le.Uint32(ivs[4*i:])
	}
	if d.ivStart[0] != 0 || d.ivStart[nRows] != uint32(nIv) {
		return nil, errors.New("bad interval offsets")
	}
	// counts[k] - counts[k-1]: the difference array of each snapshot's rows
	counts := make([]int, nSnap+1)
	numKinds := byte(len(registry.Kinds()))
	for row := range nRows {
		rec := d.rows[row*rowSize:]
		for c := range textCols {
			if le.Uint32(rec[4*c:]) >= uint32(nStr) {
				return nil, fmt.Errorf("row %d: bad text", row)
			}
		}
		lo, hi, set := le.Uint16(rec[32:]), le.Uint16(rec[34:]), rec[36]
		if set > 1 || lo > hi || set == 0 && hi != 0 || rec[37] >= byte(len(protoCodes)) || rec[38] >= numKinds {
			return nil, fmt.Errorf("row %d: bad ports, protocol or kind", row)
		}
		if d.ivStart[row] >= d.ivStart[row+1] || d.ivStart[row+1] > uint32(nIv) {
			return nil, fmt.Errorf("row %d: in no snapshot", row)
		}
		last := uint32(0)
		for iv := d.intervals(row); len(iv) > 0; iv = iv[2:] {
			from, to := iv[0], iv[1]
			if from < last || from >= to || to > uint32(nSnap) {
				return nil, fmt.Errorf("row %d: bad interval", row)
			}
			counts[from]++
			counts[to]--
			last = to
		}
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
