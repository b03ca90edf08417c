package snapshots

import (
	"bytes"
	"errors"
	"hash/maphash"
	"os"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/regdiff/regdiff/registry"
)

// Delta is what differs between two snapshots, row by row: the rows only
// the older one has, the rows only the newer one has, and how many rows the
// two share byte for byte. Comparing Old with New (diff.Registries) finds
// the same changes as comparing the two whole registries, because the rows
// the two share are matched first and nothing later looks at them.
type Delta struct {
	From, To  string // snapshot names
	Old, New  []registry.Entry
	Unchanged int
}

// Deltas returns the delta of each snapshot of list from the one before it
// (len(list)-1 of them). It reads each CSV once and checks it against its
// sidecar as [Snapshot.Load] does, but parses only the rows that differ: a
// snapshot is written in canonical form, so a row IANA did not touch is the
// same bytes in both files, and most rows are untouched. That makes the
// store's change history cost about one registry parse instead of one per
// snapshot. The CSVs are read a few at a time, so memory stays that of a
// few CSVs however many the store holds. People are not read.
func Deltas(list []Snapshot) ([]Delta, error) {
	if len(list) < 2 {
		return nil, nil
	}
	deltas := make([]Delta, len(list)-1)
	seed := maphash.MakeSeed()
	batch := 2 * runtime.GOMAXPROCS(0)
	// The files of a batch are read into the buffers of the batch before,
	// and pairs matched in its maps: page faults of fresh memory cost more
	// here than the reads.
	var spare []csvFile
	counts := make([]map[uint64]slot, batch)
	var prev []csvFile // the last file of the batch before
	for lo := 0; lo < len(list); lo += batch {
		hi := min(lo+batch, len(list))
		files := make([]csvFile, hi-lo)
		errs := make([]error, hi-lo)
		reuse := make([]csvFile, len(files))
		for i := range reuse {
			if n := len(spare); n > 0 {
				reuse[i], spare = spare[n-1], spare[:n-1]
			}
		}
		parallel(len(files), func(i int) { files[i], errs[i] = readCSV(list[lo+i], seed, reuse[i]) })
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		// Pairs ending in this batch: its files, after the one before.
		files = append(prev, files...)
		first := lo - len(prev) // index in list of files[0]
		parallel(len(files)-1, func(i int) {
			if counts[i] == nil {
				counts[i] = make(map[uint64]slot, len(files[i].records))
			}
			d := &deltas[first+i]
			*d, errs[i] = delta(files[i], files[i+1], counts[i])
			d.From, d.To = list[first+i].Name, list[first+i+1].Name
		})
		if err := errors.Join(errs[:len(files)-1]...); err != nil {
			return nil, err
		}
		prev = files[len(files)-1:]
		spare = append(spare, files[:len(files)-1]...)
	}
	return deltas, nil
}

// parallel runs fn(0) to fn(n-1), as many at once as there are CPUs.
func parallel(n int, fn func(i int)) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			fn(i)
		})
	}
	wg.Wait()
}

// csvFile is a snapshot's CSV cut into its header and records, each record
// a substring of the file, with its hash.
type csvFile struct {
	path    string
	buf     []byte // the file; text and the records share it
	text    string
	header  string
	records []string
	hashes  []uint64
}

// readCSV reads and cuts the snapshot's CSV, into the memory of reuse, a
// file read before and no longer needed.
func readCSV(s Snapshot, seed maphash.Seed, reuse csvFile) (csvFile, error) {
	fd, err := os.Open(s.CSVPath())
	if err != nil {
		return csvFile{}, err
	}
	defer fd.Close()
	buf := reuse.buf[:0]
	if fi, err := fd.Stat(); err == nil && int64(cap(buf)) < fi.Size()+bytes.MinRead {
		buf = make([]byte, 0, fi.Size()+fi.Size()/16+bytes.MinRead)
	}
	bb := bytes.NewBuffer(buf)
	if _, err := bb.ReadFrom(fd); err != nil {
		return csvFile{}, err
	}
	b := bb.Bytes()
	if err := s.checkFile(s.CSVPath(), s.MetaPath(), b); err != nil {
		return csvFile{}, err
	}
	// The bytes are not written again until the file is no longer used:
	// the records share them.
	text := unsafe.String(unsafe.SliceData(b), len(b))
	f := csvFile{path: s.CSVPath(), buf: b, text: text, records: reuse.records[:0], hashes: reuse.hashes[:0]}
	// A record ends at a line feed outside quotes: after an even number of
	// quotes since its start (a doubled quote inside a quoted field counts
	// twice, so it needs no case of its own).
	start, quotes := 0, 0
	for start < len(text) {
		end := strings.IndexByte(text[start+quotes:], '\n')
		if end < 0 {
			end = len(text) // no final line feed: not how snapshots are written, but a record all the same
		} else {
			end += start + quotes + 1
		}
		if strings.Count(text[start:end], `"`)%2 == 1 && end < len(text) {
			quotes = end - start // inside quotes: go on to the next line feed
			continue
		}
		rec := text[start:end]
		if f.header == "" {
			f.header = rec
		} else {
			f.records = append(f.records, rec)
			f.hashes = append(f.hashes, maphash.String(seed, rec))
		}
		start, quotes = end, 0
	}
	return f, nil
}

// slot counts the records of one hash, and names the first of them.
type slot struct{ n, first int32 }

// delta pairs the records of old and new that are equal byte for byte, and
// parses the rest; count is a map to use (cleared first). Records are matched on their hashes and confirmed by
// their bytes, so a collision can only leave a pair unmatched here, which
// the comparison of the parsed rows then matches.
func delta(old, new csvFile, count map[uint64]slot) (Delta, error) {
	var d Delta
	clear(count)
	for i, h := range old.hashes {
		s, ok := count[h]
		if !ok {
			s.first = int32(i)
		}
		s.n++
		count[h] = s
	}
	var added []string
	for i, h := range new.hashes {
		if s := count[h]; s.n > 0 && old.records[s.first] == new.records[i] {
			s.n--
			count[h] = s
			d.Unchanged++
		} else {
			added = append(added, new.records[i])
		}
	}
	var gone []string
	for i, h := range old.hashes {
		if s := count[h]; s.n > 0 {
			s.n--
			count[h] = s
			gone = append(gone, old.records[i])
		}
	}
	var err error
	if d.Old, err = parseRecords(old, gone); err != nil {
		return d, err
	}
	d.New, err = parseRecords(new, added)
	return d, err
}
func parseRecords(f csvFile, records []string) ([]registry.Entry, error) {
	if len(records) == 0 {
		return nil, nil
	}
	var b bytes.Buffer
	b.WriteString(f.header)
	for _, r := range records {
		b.WriteString(r)
	}
	reg, err := registry.ParseNamed(&b, f.path)
	if err != nil {
		// The line numbers of an error are the cut's: parse the whole
		// file for the ones a user can look up.
		if _, whole := registry.ParseNamed(strings.NewReader(f.text), f.path); whole != nil {
			err = whole
		}
		return nil, err
	}
	return reg.Entries, nil
}
