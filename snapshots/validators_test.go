package snapshots

import (
	"os"
	"path/filepath"
	"testing"
)

func TestValidators(t *testing.T) {
	t.Parallel()
	st := Open(t.TempDir())
	const u, other = "https://iana.test/r.csv", "https://mirror.test/r.csv"
	if e, lm := st.Validators(u); e != "" || lm != "" {
		t.Errorf("empty store: %q %q", e, lm)
	}
	// The latest snapshot's sidecar is the fallback, for its own URL only.
	src := at(regA, 1)
	src.ETag, src.LastModified = `"a"`, "Thu, 01 Jan 2026 03:00:00 GMT"
	st.Write(small(t, regA), src)
	if e, lm := st.Validators(u); e != `"a"` || lm != src.LastModified {
		t.Errorf("from the sidecar: %q %q", e, lm)
	}
	if e, _ := st.Validators(other); e != "" {
		t.Errorf("another URL got %q", e)
	}

	// Saved validators win, whatever wrote the latest snapshot.
	if err := st.SaveValidators(u, `"b"`, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveValidators(other, "", "Fri, 02 Jan 2026 00:00:00 GMT"); err != nil {
		t.Fatal(err)
	}
	if e, lm := st.Validators(u); e != `"b"` || lm != "" {
		t.Errorf("saved: %q %q", e, lm)
	}
	want := `{
  "https://iana.test/r.csv": {
    "etag": "\"b\""
  },
  "https://mirror.test/r.csv": {
    "last_modified": "Fri, 02 Jan 2026 00:00:00 GMT"
  }
}
`
	if got := tree(t, st.Dir)[ValidatorsFile]; got != want {
		t.Errorf("validators.json:\n%s\nwant:\n%s", got, want)
	}

	// The same validators again write nothing.
	fi, _ := os.Stat(st.ValidatorsPath())
	st.beforeCommit = func(string) error { t.Error("unchanged validators were written"); return nil }
	st.SaveValidators(u, `"b"`, "")
	st.beforeCommit = nil
	if fi2, _ := os.Stat(st.ValidatorsPath()); !os.SameFile(fi, fi2) {
		t.Error("the file was replaced")
	}

	// Both empty forgets a URL; the last one forgotten removes the file.
	st.SaveValidators(u, "", "")
	if e, _ := st.Validators(u); e != `"a"` {
		t.Errorf("forgotten: %q, want the sidecar's again", e)
	}
	st.SaveValidators(other, "", "")
	if exists(st.ValidatorsPath()) {
		t.Error("an empty validators file was kept")
	}

	// A damaged file is no error for a fetch, and is replaced by a save.
	os.WriteFile(st.ValidatorsPath(), []byte("null"), 0o644)
	if err := st.SaveValidators(u, `"c"`, ""); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(st.ValidatorsPath(), []byte("{"), 0o644)
	if e, _ := st.Validators(u); e != `"a"` {
		t.Errorf("damaged file: %q, want the sidecar's", e)
	}
	if err := st.SaveValidators(u, `"c"`, ""); err != nil {
		t.Fatal(err)
	}
	if e, _ := st.Validators(u); e != `"c"` {
		t.Errorf("after a save over a damaged file: %q", e)
	}
	// Never creates the store.
	if err := Open(filepath.Join(t.TempDir(), "none")).SaveValidators(u, `"x"`, ""); err == nil {
		t.Error("SaveValidators created a store")
	}
}
