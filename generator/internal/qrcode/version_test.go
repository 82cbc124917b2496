package qrcode

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"testing"
)

// pinned is the SHA-256 of the files Render draws for probeCodes, per Version. The site keeps
// the images of an earlier build whose payload did not change, trusting Version to say that
// the drawing did not change either.
var pinned = map[string]string{
	"2": "89692d75bb771da33ae0cbda6b40bd224532563195202778be56d220fcccdf33",
}

// probeCodes are payloads of the lengths the site uses: the site, a round, a QQ join link.
var probeCodes = []Code{
	{Path: "qr/site", Payload: "https://exam-notice.example.com/"},
	{Path: "qr/round-2024h2-3", Payload: "https://exam-notice.example.com/rounds/2024h2-3/#subscribe"},
	{Path: "qr/group-2024h2-3", Payload: "https://exam-notice.example.com/groups/#group-2024h2-3"},
	{Path: "qr/group-join", Payload: "https://qm.qq.com/q/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"},
}

// A change to the drawing must come with a new Version, or the site would keep publishing
// images drawn the old way.
func TestVersionPinsTheDrawing(t *testing.T) {
	files, err := Render(probeCodes)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s %d\n", name, len(files[name]))
		h.Write(files[name])
	}
	sum := fmt.Sprintf("%x", h.Sum(nil))
	if pinned[Version] != sum {
		t.Fatalf("the images drawn for Version %q have the sum %s, not %q: if the drawing changed, give Version a new value and pin this sum for it", Version, sum, pinned[Version])
	}
}
