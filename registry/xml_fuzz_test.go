package registry

import (
	"bytes"
	"reflect"
	"testing"
)

// xmlSeed wraps records cut from real registry XMLs in the real prolog and a
// small <people> section.
func xmlSeed(records string) []byte {
	return []byte(`<?xml version='1.0' encoding='UTF-8'?>
<?xml-stylesheet type="text/xsl" href="service-names-port-numbers.xsl"?>
<?xml-model href="service-names-port-numbers.rng" schematypens="http://relaxng.org/ns/structure/1.0" ?>
<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">
  <title>Service Name and Transport Protocol Port Number Registry</title>
  <updated>2026-08-17</updated>
  <xref type="rfc" data="rfc6335"/>
  <note title="Note">Service names are assigned as documented in <xref type="rfc" data="rfc6335"/>.</note>
` + records + `
  <footnote anchor="1">It is only appropriate to use these values in explicitly-
configured experiments.</footnote>

  <people>
    <person id="IESG">
      <org>IESG</org>
      <uri>mailto:iesg&amp;ietf.org</uri>
    </person>
    <person id="Jon_Postel">
      <name>Jon Postel</name>
      <uri>mailto:postel&amp;isi.edu</uri>
      <uri>tel:+1-310-822-1511</uri>
      <updated>1998-10</updated>
    </person>
  </people>
</registry>
`)
}

// xmlFuzzSeeds are records cut from real registry XMLs, for xmlSeed.
var xmlFuzzSeeds = []string{
	`  <record updated="2024-12-20">
    <protocol>tcp</protocol>
    <description>Reserved</description>
    <number>0</number>
    <xref type="rfc" data="rfc6335"/>
  </record>
  <record>
    <name>echo</name>
    <protocol>udp</protocol>
    <xref type="person" data="Jon_Postel"/>
    <description>Echo</description>
    <number>7</number>
  </record>`,
	`  <record updated="2021-10-01">
    <name>http</name>
    <protocol>tcp</protocol>
    <assignee>
      <xref type="person" data="IESG"/>
    </assignee>
    <description>World Wide Web HTTP</description>
    <number>80</number>
    <xref type="person" data="IETF_Chair"/>
    <xref type="rfc" data="rfc9110"/>
    <note>Defined TXT keys: u=&lt;username&gt; p=&lt;password&gt; path=&lt;path to document&gt;</note>
  </record>
  <record>
    <name>whoispp</name>
    <protocol>tcp</protocol>
    <xref type="person" data="Rickard_Schoultz"/>
    <description>whois++<br/><br/>
IANA assigned this well-formed service name as a replacement for "whois++".</description>
    <number>63</number>
  </record>`,
	`  <record date="2022-11-22" updated="2022-12-15">
    <name>wot</name>
    <protocol>tcp</protocol>
    <description>W3C WoT Thing Description or Directory</description>
    <note>
      <paragraph>Defined TXT keys:</paragraph>
      <paragraph>td: Absolute pathname of the Thing Description of the Thing
      Description Directory.</paragraph>
    </note>
    <xref type="person" data="Kazuyuki_Ashimura"/>
  </record>
  <record date="2017-02-22" updated="2019-12-16">
    <name>pon-ictp</name>
    <protocol>tcp</protocol>
    <description>Inter-Channel-Termination</description>
    <number>7202</number>
    <xref type="uri" data="https://www.broadband-forum.org/technical/download/TR-352.pdf">TR-352</xref>
    <xref type="text">Inter-Channel-Termination protocol (ICTP) is a peer-to-peer protocol with
      a binary message format (CT) 
      comprising a 40-Gigabit-capable system</xref>
    <xref type="draft" data="draft-zubov-snif-05" section="4.3">draft-zubov-snif-05, Section 4.3</xref>
  </record>
  <record>
    <description>Unassigned</description>
    <number>855-859</number>
  </record>
  <record>
    <name>dccp-ping</name>
    <protocol>dccp</protocol>
    <description>ping/traceroute using DCCP</description>
    <number>2</number>
    <sc>1885957735</sc>
    <unauthorized>Known Unauthorized Use on port 2</unauthorized>
  </record>`,
}

func FuzzParseXML(f *testing.F) {
	for _, seed := range xmlFuzzSeeds {
		f.Add(xmlSeed(seed))
	}
	f.Add([]byte("<!DOCTYPE html>\n<html><body>oops</body></html>"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, in []byte) {
		reg, err := ParseXML(bytes.NewReader(in))
		if err != nil {
			if reg != nil {
				t.Fatal("registry returned with an error")
			}
			return
		}
		for _, e := range reg.Entries {
			if e.Kind != Classify(e.Name, e.Ports, e.Description) {
				t.Fatalf("%s: kind %s, Classify says otherwise", e.Label(), e.Kind)
			}
		}
		// What the XML gives must survive the snapshot forms unchanged.
		var w bytes.Buffer
		if err := reg.WriteCSV(&w); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(bytes.NewReader(w.Bytes()))
		if err != nil {
			t.Fatalf("written CSV does not parse: %v\n%q", err, w.String())
		}
		if !reflect.DeepEqual(reg.Entries, again.Entries) {
			t.Fatalf("CSV round trip changed entries:\n%+v\n%+v", reg.Entries, again.Entries)
		}
		var pw bytes.Buffer
		if err := reg.People.WriteCSV(&pw); err != nil {
			t.Fatal(err)
		}
		people, err := ParsePeopleCSV(bytes.NewReader(pw.Bytes()))
		if err != nil {
			t.Fatalf("written people CSV does not parse: %v\n%q", err, pw.String())
		}
		if len(people) != len(reg.People) || (len(people) > 0 && !reflect.DeepEqual(people, reg.People)) {
			t.Fatalf("people CSV round trip changed the people:\n%+v\n%+v", reg.People, people)
		}
	})
}
