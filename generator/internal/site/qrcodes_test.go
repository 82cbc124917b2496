package site

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/qrcode"
	"examnotice/generator/internal/testkit"
)

// qrBase is the base URL the tests of QRCodes publish at.
const qrBase = "https://exam-notice.example.com/"

// qrFixtureJoin is the official join link of 第二次统考's group in the test notice's
// groups.yaml (generator/testdata/notice: 2025h1, two rounds; the group of 2025h1-1 has no
// join link).
const qrFixtureJoin = "https://qm.qq.com/q/Fixture2025"

// Fake but well-formed join links in QQ's two formats.
const (
	qrShortJoin = "https://qm.qq.com/q/Ab3dE5fG7h"
	qrLongJoin  = "https://qm.qq.com/cgi-bin/qm/qr?k=Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe&jump_from=webapi&authKey=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2"
)

// qrNotices loads and checks the notices of the data directory dir, in the order of their
// folders.
func qrNotices(t *testing.T, dir string) []*data.Notice {
	t.Helper()
	lib, err := data.Load(dir)
	if err != nil {
		t.Fatalf("loading %s:\n%v", dir, err)
	}
	if _, err := lib.Check(); err != nil {
		t.Fatalf("checking %s:\n%v", dir, err)
	}
	return lib.Notices
}

// qrGroupEntries are the ends of the two one-line group entries of the test notice's
// groups.yaml, where qrDataWithJoinURLs puts a join link.
var qrGroupEntries = map[string]string{
	"2025h1-1": `number: "123456789"}`,
	"2025h1-2": `number: "987654321", join_url: "` + qrFixtureJoin + `"}`,
}

// qrDataWithJoinURLs copies the test notice's data/ to a temporary directory and sets the
// join_url of the group of each round in join (round id → link): added to 2025h1-1's group,
// in place of qrFixtureJoin for 2025h1-2's. It returns the copy's data/.
func qrDataWithJoinURLs(t *testing.T, join map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	testkit.Copy(t, dir, testkit.FixtureData(testkit.Notice))
	for round, link := range join {
		entry, ok := qrGroupEntries[round]
		if !ok {
			t.Fatalf("the test notice has no group of round %s", round)
		}
		number, _, _ := strings.Cut(entry, ",")
		number = strings.TrimSuffix(number, "}")
		testkit.Edit(t, dir, "notices/2025h1/groups.yaml", entry, number+", join_url: "+strconv.Quote(link)+"}")
	}
	return dir
}

// TestQRCodes pins the codes, in their order, with the image paths of package permalink and
// the public URLs that printed sheets carry: a group with an official join link in
// groups.yaml holds it, the others lead to their place on the groups page; a round's code
// leads to its subscribe section. For several notices, given newest first as the site gives
// them, each notice's group codes, then its round codes, notice after notice, and the codes
// of the site and its changes page last; no path is used twice, so no notice's image
// overwrites another's.
func TestQRCodes(t *testing.T) {
	const sub = "https://exam.example.org/sub/"
	group := func(base, round string) string { return base + "groups/#group-" + round }
	subscribe := func(base, round string) string { return base + "rounds/" + round + "/#subscribe" }
	siteCodes := func(base string) []qrcode.Code {
		return []qrcode.Code{{Path: "qr/site", Payload: base}, {Path: "qr/changes", Payload: base + "changes/"}}
	}
	// notice2025h1 is the codes of the test notice at base, its groups holding g1 and g2.
	notice2025h1 := func(base, g1, g2 string) []qrcode.Code {
		return []qrcode.Code{
			{Path: "qr/group-2025h1-1", Payload: g1},
			{Path: "qr/group-2025h1-2", Payload: g2},
			{Path: "qr/round-2025h1-1", Payload: subscribe(base, "2025h1-1")},
			{Path: "qr/round-2025h1-2", Payload: subscribe(base, "2025h1-2")},
		}
	}

	fixtureData := testkit.FixtureData(testkit.Notice)
	one := qrNotices(t, fixtureData)
	if len(one) != 1 || one[0].Meta.ID != "2025h1" {
		t.Fatalf("%s: want the one notice 2025h1", fixtureData)
	}
	twoData := testkit.FixtureData(testkit.Two)
	two := qrNotices(t, twoData) // the order of their folders: 2025h1, 2025h2
	if len(two) != 2 || two[0].Meta.ID != "2025h1" || two[1].Meta.ID != "2025h2" {
		t.Fatalf("%s: want the notices 2025h1 and 2025h2", twoData)
	}
	longAdded := qrNotices(t, qrDataWithJoinURLs(t, map[string]string{"2025h1-1": qrLongJoin}))
	replaced := qrNotices(t, qrDataWithJoinURLs(t, map[string]string{"2025h1-2": qrShortJoin}))
	both := qrNotices(t, qrDataWithJoinURLs(t, map[string]string{"2025h1-1": qrShortJoin, "2025h1-2": qrLongJoin}))

	tests := []struct {
		name, base string
		notices    []*data.Notice
		want       []qrcode.Code
	}{
		{"the test notice", qrBase, one, slices.Concat(
			notice2025h1(qrBase, group(qrBase, "2025h1-1"), qrFixtureJoin), siteCodes(qrBase))},
		{"the test notice, at a sub-path without its final slash", strings.TrimSuffix(sub, "/"), one, slices.Concat(
			notice2025h1(sub, group(sub, "2025h1-1"), qrFixtureJoin), siteCodes(sub))},
		// 2025h2's groups have no join link: both lead to the groups page.
		{"two notices, newest first", qrBase, []*data.Notice{two[1], two[0]}, slices.Concat(
			[]qrcode.Code{
				{Path: "qr/group-2025h2-3", Payload: group(qrBase, "2025h2-3")},
				{Path: "qr/group-2025h2-4", Payload: group(qrBase, "2025h2-4")},
				{Path: "qr/round-2025h2-3", Payload: subscribe(qrBase, "2025h2-3")},
				{Path: "qr/round-2025h2-4", Payload: subscribe(qrBase, "2025h2-4")},
			},
			notice2025h1(qrBase, group(qrBase, "2025h1-1"), qrFixtureJoin),
			siteCodes(qrBase))},
		{"no notice", qrBase, nil, siteCodes(qrBase)},
		{"a long join link added", qrBase, longAdded, slices.Concat(
			notice2025h1(qrBase, qrLongJoin, qrFixtureJoin), siteCodes(qrBase))},
		{"a join link replaced", qrBase, replaced, slices.Concat(
			notice2025h1(qrBase, group(qrBase, "2025h1-1"), qrShortJoin), siteCodes(qrBase))},
		{"every group with a join link", qrBase, both, slices.Concat(
			notice2025h1(qrBase, qrShortJoin, qrLongJoin), siteCodes(qrBase))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			codes := QRCodes(tt.base, tt.notices...)
			if !slices.Equal(codes, tt.want) {
				t.Errorf("codes (each notice's groups and rounds, then the site and its changes page):\n%v\nwant\n%v", codes, tt.want)
			}
			if err := qrcode.CheckPaths(codes); err != nil { // a path used twice, or not a file name
				t.Error(err)
			}
		})
	}
}
