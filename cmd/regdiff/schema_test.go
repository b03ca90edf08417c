package main

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/invopop/jsonschema"
	"github.com/regdiff/regdiff/diff"
	"github.com/regdiff/regdiff/registry"
	"github.com/regdiff/regdiff/report"
	jsv "github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDir holds the JSON Schema of every report, generated from the Go
// types in package report by TestSchemas (-update rewrites them).
var schemaDir = repoRoot + "/docs/schema"

// schemaReports are the reports with a schema, by file name: what each
// command prints with --format json.
var schemaReports = map[string]report.Report{
	"check":     &report.Check{},
	"show":      &report.Show{},
	"vague":     &report.Vague{},
	"gaps":      &report.Gaps{},
	"diff":      &report.Diff{},
	"since":     &report.Since{},
	"history":   &report.History{},
	"listening": &report.Listening{},
	"lint":      &report.Lint{},
	"version":   &report.Version{},
	"snapshots": &report.Snapshots{},
	"verify":    &report.Verify{},
	"sync":      &report.Sync{},
	"generate":  &report.Generate{},
}

// TestSchemas fails when a schema in docs/schema is not what the Go types
// give; go test -run TestSchemas -update (or go generate) rewrites them.
func TestSchemas(t *testing.T) {
	t.Parallel()
	want := map[string][]byte{}
	for name, r := range schemaReports {
		b, err := reportSchema(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want[name+".schema.json"] = b
	}
	compareTree(t, schemaDir, want, "go test ./cmd/regdiff -run TestSchemas -update")
}

// reportSchema is the JSON Schema of a report's JSON.
func reportSchema(r report.Report) ([]byte, error) {
	comments, err := goComments()
	if err != nil {
		return nil, err
	}
	g := &schemaGen{comments: comments, defs: map[string]*jsonschema.Schema{}}
	ref := &jsonschema.Reflector{Anonymous: true, Mapper: g.mapper, CommentMap: comments}
	s := ref.Reflect(r)
	s.Title = "regdiff " + strings.ToLower(reflect.TypeOf(r).Elem().Name()) + " report"
	maps.Copy(s.Definitions, g.defs)
	for def, fields := range nullable {
		d, ok := s.Definitions[def]
		if !ok {
			continue
		}
		for _, f := range fields {
			if p, found := d.Properties.Get(f); found {
				d.Properties.Set(f, &jsonschema.Schema{Description: p.Description, AnyOf: []*jsonschema.Schema{p, {Type: "null"}}})
			}
		}
	}
	b, err := json.MarshalIndent(s, "", "  ")
	return append(b, '\n'), err
}

// nullable are the fields, by definition, that a report writes as null
// when they are empty (a nil slice without omitempty): the schema says
// what the JSON is. None today; a command should write [] instead.
var nullable = map[string][]string{}

// goComments are the doc comments of the packages whose types reach JSON,
// by type and field: the schemas' descriptions.
var goComments = sync.OnceValues(func() (map[string]string, error) {
	ref := &jsonschema.Reflector{}
	cwd.Lock() // the folders are relative: see scriptRegdiff
	defer cwd.Unlock()
	for _, pkg := range []string{"report", "registry", "diff", "services", "procnet", "snapshots"} {
		// The keys are the base joined with the folder: this package's
		// path and ../../pkg make the package's import path.
		if err := ref.AddGoComments("github.com/regdiff/regdiff/cmd/regdiff", "../../"+pkg); err != nil {
			return nil, err
		}
	}
	return ref.CommentMap, nil
})

// schemaGen maps the types that write their own JSON to definitions of
// what they write: reflection would describe their Go fields, which never
// reach JSON.
type schemaGen struct {
	comments map[string]string
	defs     map[string]*jsonschema.Schema // the definitions mapped so far
}

func (g *schemaGen) mapper(t reflect.Type) *jsonschema.Schema {
	if ref := g.define(t); ref != nil {
		return ref
	}
	if t.Kind() == reflect.Map {
		// A map keyed by one of those types: its keys are their names.
		key := g.define(t.Key())
		if key == nil || !isInt(t.Elem()) {
			return nil
		}
		return &jsonschema.Schema{Type: "object", PropertyNames: key, AdditionalProperties: &jsonschema.Schema{Type: "integer"}}
	}
	if t != reflect.TypeFor[time.Time]() && t.Kind() != reflect.String &&
		(t.Implements(reflect.TypeFor[json.Marshaler]()) || t.Implements(reflect.TypeFor[encoding.TextMarshaler]())) {
		panic("schemaGen: " + t.String() + " writes its own JSON: say in customSchema what it writes")
	}
	return nil
}

// define adds t's definition when customSchema has one, and returns a
// reference to it.
func (g *schemaGen) define(t reflect.Type) *jsonschema.Schema {
	s := customSchema(t)
	if s == nil {
		return nil
	}
	if s.Description == "" {
		s.Description = g.comments[t.PkgPath()+"."+t.Name()]
	}
	g.defs[t.Name()] = s
	return &jsonschema.Schema{Ref: "#/$defs/" + t.Name()}
}

// customSchema is what the types with their own JSON, or with a closed set
// of values, write.
func customSchema(t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeFor[registry.PortRange]():
		port := func() *jsonschema.Schema {
			return &jsonschema.Schema{Type: "integer", Minimum: "0", Maximum: json.Number(strconv.Itoa(registry.MaxPort))}
		}
		props := jsonschema.NewProperties()
		props.Set("lo", port())
		props.Set("hi", port())
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{
			{Type: "object", Properties: props, Required: []string{"lo", "hi"}, AdditionalProperties: jsonschema.FalseSchema,
				Description: "a port (lo = hi) or an inclusive range of ports"},
			{Type: "null", Description: "no port: a name-only row"},
		}}
	case reflect.TypeFor[registry.Date]():
		return &jsonschema.Schema{Type: "string", Pattern: `^([0-9]{4}-[0-9]{2}(-[0-9]{2})?)?$`,
			Description: "YYYY-MM-DD, or YYYY-MM where IANA gives no day; empty for no date"}
	case reflect.TypeFor[registry.Kind]():
		return enum(registry.Kinds()...)
	case reflect.TypeFor[registry.Class]():
		return enum(append(slices.Clone(registry.Classes), registry.Mixed)...)
	case reflect.TypeFor[registry.Status]():
		return enum(registry.StatusOrder...)
	case reflect.TypeFor[registry.Protocol]():
		s := enum(append([]registry.Protocol{registry.NoProto}, registry.Protocols...)...)
		s.Description = "a transport protocol; empty when the row has none"
		return s
	case reflect.TypeFor[registry.Reason]():
		return enum(registry.AllReasons...)
	case reflect.TypeFor[diff.Category]():
		return enum(diff.Categories...)
	case reflect.TypeFor[diff.ChangeType]():
		return enum(append(slices.Clone(diff.ChangeTypes), diff.Formatting, diff.Present)...)
	case reflect.TypeFor[diff.Verdict]():
		return enum(diff.Verdicts...)
	}
	return nil
}

// enum is a string schema with the values vs.
func enum[T any](vs ...T) *jsonschema.Schema {
	s := &jsonschema.Schema{Type: "string"}
	for _, v := range vs {
		s.Enum = append(s.Enum, textOf(v))
	}
	return s
}

func textOf(v any) string {
	if m, ok := v.(encoding.TextMarshaler); ok {
		b, _ := m.MarshalText()
		return string(b)
	}
	return reflect.ValueOf(v).String()
}

func isInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// TestJSONMatchesSchema runs every report with --format json, as a user
// would, and validates what it prints against the report's schema in
// docs/schema.
func TestJSONMatchesSchema(t *testing.T) {
	t.Parallel()
	services := repoRoot + "/testdata/services/"
	store := t.TempDir()
	// An orphan sidecar: a problem for verify to report.
	if err := os.WriteFile(filepath.Join(store, "2020-01-01.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	abs := pkgDir
	dirs := strings.NewReplacer("$HISTORY", historyStore(t), "$STORE", store, "$SYNC", filepath.Join(t.TempDir(), "sync"), "$ABS", abs, "$GEN", filepath.Join(t.TempDir(), "services"))
	history := []string{"--dir", repoRoot + "/snapshots"}
	cases := []struct {
		schema string
		args   []string
	}{
		{"check", []string{"check", services + "alpine-baselayout-2.x.services"}},
		{"check", []string{"check", services + "centos7-setup-2.8.71.services", "--only", "missing", "--range", "0-1023"}},
		{"show", []string{"show", "80"}},
		{"show", []string{"show", "856"}},
		{"show", []string{"show", "www"}},
		{"show", []string{"show", "1-30"}},
		{"show", []string{"show", "no-such-service"}},
		{"vague", []string{"vague", "--range", "system"}},
		{"vague", []string{"vague", "--reason", "conflict"}},
		{"gaps", []string{"gaps", "--range", "system"}},
		{"gaps", []string{"gaps", "--free", "3"}},
		{"diff", append([]string{"diff", "2025-09-22", "2026-04-09"}, history...)},
		{"diff", append([]string{"diff", "2019-12-31", "2020-07-29"}, history...)},
		{"since", []string{"diff", "--since", "2026-01-01"}},
		{"history", []string{"history", "1008", "--dir", "$HISTORY"}},
		{"listening", []string{"listening", "--proc", repoRoot + "/procnet/testdata/proc"}},
		{"lint", []string{"lint", services + "alpine-baselayout-2.x.services"}},
		{"lint", []string{"lint", services + "suse12-netcfg.services"}},
		{"version", []string{"version"}},
		{"snapshots", append([]string{"snapshot", "list"}, history...)},
		{"snapshots", []string{"snapshot", "list"}},
		{"verify", []string{"snapshot", "verify", "--dir", "$STORE"}},
		{"generate", []string{"generate", "-o", "$GEN", "--format", "json"}},
		{"generate", []string{"generate", "-o", "$GEN", "--merge", services + "debian-netbase-6.4.services", "--format", "json"}},
		{"sync", []string{"sync", "--dir", "$SYNC", "--url", "file://$ABS/../../snapshots/2025-09-22.csv", "--quiet"}},
		{"sync", []string{"sync", "--dir", "$SYNC", "--url", "file://$ABS/../../snapshots/2026-04-09.csv", "--quiet"}},
		{"sync", []string{"sync", "--dir", "$SYNC", "--url", "file://$ABS/../../snapshots/2026-04-09.csv", "--quiet"}},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.schema] = true
	}
	for name := range schemaReports {
		if !covered[name] {
			t.Errorf("no case runs a command that prints the %s report", name)
		}
	}
	c := jsv.NewCompiler()
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			sch, err := c.Compile(filepath.Join(schemaDir, tc.schema+".schema.json"))
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			e := testEnv(t, &stdout, &stderr)
			var args []string
			for _, a := range tc.args {
				args = append(args, dirs.Replace(a))
			}
			if code := exitCode(run(context.Background(), append(args, "--format", "json"), e), &stderr); code == 2 {
				t.Fatalf("exit 2: %s", stderr.String())
			}
			doc, err := jsv.UnmarshalJSON(&stdout)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("the output does not match %s.schema.json: %v", tc.schema, err)
			}
		})
	}
}
