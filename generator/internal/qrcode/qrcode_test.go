package qrcode

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

const (
	testBase = "https://exam-notice.example.com/"
	// The standard's minimum quiet zone, in modules.
	quietModules = 4
)

// Fake but well-formed join links in QQ's two formats; the long one makes a larger symbol.
const (
	shortJoin = "https://qm.qq.com/q/Ab3dE5fG7h"
	longJoin  = "https://qm.qq.com/cgi-bin/qm/qr?k=Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe&jump_from=webapi&authKey=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2"
)

// Payloads of the forms the site's codes hold (site.QRCodes decides which code holds which):
// a group's place on the groups page, a round's subscribe section.
func groupPage(round string) string { return testBase + "groups/#group-" + round }
func subscribe(round string) string { return testBase + "rounds/" + round + "/#subscribe" }

// siteCodes are the two codes every site has, whatever its notices.
var siteCodes = []Code{
	{Path: "qr/site", Payload: testBase},
	{Path: "qr/changes", Payload: testBase + "changes/"},
}

// testCodes hold one payload of every form the site draws, the shortest (the site) to the
// longest (a long QQ join link, the largest symbol): groups leading to the groups page or
// to an official join link in QQ's short and long formats, rounds' subscribe sections, the
// site and its changes page.
var testCodes = append([]Code{
	{Path: "qr/group-2025h1-1", Payload: groupPage("2025h1-1")},
	{Path: "qr/group-2025h1-2", Payload: shortJoin},
	{Path: "qr/group-2025h2-3", Payload: longJoin},
	{Path: "qr/round-2025h1-1", Payload: subscribe("2025h1-1")},
	{Path: "qr/round-2025h1-2", Payload: subscribe("2025h1-2")},
	{Path: "qr/round-2025h2-3", Payload: subscribe("2025h2-3")},
}, siteCodes...)

// payloads maps the file stem of each code (qr/<stem>) to its payload.
func payloads(codes []Code) map[string]string {
	want := make(map[string]string, len(codes))
	for _, c := range codes {
		want[strings.TrimPrefix(c.Path, "qr/")] = c.Payload
	}
	return want
}

// decodeQR reads img with gozxing, a decoder independent of the encoder, and returns the
// text and the error correction level it found.
func decodeQR(t *testing.T, img image.Image) (text, ecLevel string) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatalf("binarizing: %v", err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	ec, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	return res.GetText(), ec
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

// names lists the file stems of files (qr/<stem>.png and .svg), failing unless each stem
// has exactly both.
func names(t *testing.T, files map[string][]byte) []string {
	t.Helper()
	count := map[string]int{}
	for k := range files {
		stem, ok := strings.CutPrefix(k, "qr/")
		if !ok {
			t.Errorf("file %s is not under qr/", k)
		}
		stem = strings.TrimSuffix(strings.TrimSuffix(stem, ".png"), ".svg")
		count[stem]++
	}
	for stem, c := range count {
		if c != 2 || files["qr/"+stem+".png"] == nil || files["qr/"+stem+".svg"] == nil {
			t.Errorf("%s: want exactly %s.png and %s.svg", stem, stem, stem)
		}
	}
	return slices.Sorted(maps.Keys(count))
}

// TestPNGPayloads renders lists of codes and decodes every PNG with the independent decoder:
// one PNG and one SVG per code and no other file, each PNG holding its code's payload at
// error correction level Q, a square of at least 256 px.
func TestPNGPayloads(t *testing.T) {
	tests := []struct {
		name  string
		codes []Code
	}{
		{"every payload form", testCodes},
		{"the site and its changes page only", siteCodes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkPNGPayloads(t, tt.codes) })
	}
}

func checkPNGPayloads(t *testing.T, codes []Code) {
	start := time.Now()
	files, err := Render(codes)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files for %d codes in %v", len(files), len(files)/2, time.Since(start))
	want := payloads(codes)
	if got, w := names(t, files), slices.Sorted(maps.Keys(want)); !slices.Equal(got, w) {
		t.Fatalf("codes %v, want %v", got, w)
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		payload := want[name]
		t.Run(name, func(t *testing.T) {
			b := files["qr/"+name+".png"]
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width < 256 || cfg.Height != cfg.Width {
				t.Errorf("PNG is %d×%d px; want a square of at least 256 px", cfg.Width, cfg.Height)
			}
			text, ec := decodeQR(t, decodePNG(t, b))
			if text != payload {
				t.Errorf("PNG holds %q, want %q", text, payload)
			}
			if ec != "Q" {
				t.Errorf("error correction level %q, want Q", ec)
			}
			t.Logf("%d bytes, %d×%d px", len(b), cfg.Width, cfg.Height)
		})
	}
}

// TestJoinURLPayload draws a group's code with each form of payload it may hold (QQ's short
// and long join links, the group's place on the groups page): the PNG and the SVG must both
// hold it. Which payload a group's code gets from the data is site.QRCodes's, tested there.
func TestJoinURLPayload(t *testing.T) {
	tests := []struct{ name, payload string }{
		{"the groups page", groupPage("2025h1-1")},
		{"a short join link", shortJoin},
		{"a long join link", longJoin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const name = "group-2025h1-1"
			files, err := Render([]Code{{Path: "qr/" + name, Payload: tt.payload}})
			if err != nil {
				t.Fatal(err)
			}
			if text, _ := decodeQR(t, decodePNG(t, files["qr/"+name+".png"])); text != tt.payload {
				t.Errorf("%s: PNG holds %q, want %q", name, text, tt.payload)
			}
			grid, _ := readSVG(t, files["qr/"+name+".svg"])
			if text, _ := decodeQR(t, rasterize(grid, 5)); text != tt.payload {
				t.Errorf("%s: SVG holds %q, want %q", name, text, tt.payload)
			}
		})
	}
}

var runPattern = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1H(\d+)z`)

// readSVG parses an SVG written by drawSVG back into its module grid, strictly, and
// returns the grid and the file's viewBox side.
func readSVG(t *testing.T, b []byte) ([][]bool, int) {
	t.Helper()
	var doc struct {
		XMLName        xml.Name
		ViewBox        string `xml:"viewBox,attr"`
		ShapeRendering string `xml:"shape-rendering,attr"`
		Rect           []struct {
			Width  string `xml:"width,attr"`
			Height string `xml:"height,attr"`
			Fill   string `xml:"fill,attr"`
		} `xml:"rect"`
		Path []struct {
			Fill string `xml:"fill,attr"`
			D    string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v", err)
	}
	if doc.XMLName.Space != "http://www.w3.org/2000/svg" || doc.XMLName.Local != "svg" {
		t.Fatalf("root element %v; want svg in the SVG namespace", doc.XMLName)
	}
	if doc.ShapeRendering != "crispEdges" {
		t.Errorf("shape-rendering %q; want crispEdges", doc.ShapeRendering)
	}
	for _, ref := range []string{"href", "url(", "<image", "<script", "<style", "@import", "<use"} {
		if bytes.Contains(b, []byte(ref)) {
			t.Errorf("SVG contains %q; want no external reference or script", ref)
		}
	}
	var side int
	if _, err := fmt.Sscanf(doc.ViewBox, "0 0 %d %d", &side, new(int)); err != nil || doc.ViewBox != fmt.Sprintf("0 0 %d %d", side, side) {
		t.Fatalf("viewBox %q; want 0 0 n n", doc.ViewBox)
	}
	if len(doc.Rect) != 1 || doc.Rect[0].Width != strconv.Itoa(side) || doc.Rect[0].Height != strconv.Itoa(side) || doc.Rect[0].Fill != "#fff" {
		t.Errorf("background %+v; want one white rect over the viewBox", doc.Rect)
	}
	if len(doc.Path) != 1 || doc.Path[0].Fill != "#000" {
		t.Fatalf("want exactly one black path, got %+v", doc.Path)
	}
	d := doc.Path[0].D
	grid := make([][]bool, side)
	for i := range grid {
		grid[i] = make([]bool, side)
	}
	rest := d
	for _, m := range runPattern.FindAllStringSubmatch(d, -1) {
		rest = strings.Replace(rest, m[0], "", 1)
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		back, _ := strconv.Atoi(m[4])
		if back != x || w < 1 || y >= side || x+w > side {
			t.Fatalf("run %s is not a run of modules inside the viewBox", m[0])
		}
		for i := x; i < x+w; i++ {
			if grid[y][i] {
				t.Fatalf("run %s overlaps another", m[0])
			}
			grid[y][i] = true
		}
	}
	if rest != "" {
		t.Fatalf("path data %q is not made of module runs only", rest)
	}
	return grid, side
}

// rasterize draws a module grid into a grayscale image, scale pixels per module.
func rasterize(grid [][]bool, scale int) *image.Gray {
	n := len(grid)
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range grid {
		for x, dark := range row {
			if dark {
				for py := y * scale; py < (y+1)*scale; py++ {
					for px := x * scale; px < (x+1)*scale; px++ {
						img.SetGray(px, py, color.Gray{})
					}
				}
			}
		}
	}
	return img
}

// pngGrid reads the module grid of a PNG back from its pixels, given the symbol's side in
// modules with the quiet zone (from the SVG): it finds the dark bounding box, checks that
// every module is a uniform square of whole pixels, and that the quiet zone is white.
func pngGrid(t *testing.T, img image.Image, side int) [][]bool {
	t.Helper()
	dark := func(x, y int) bool { g := color.GrayModel.Convert(img.At(x, y)).(color.Gray); return g.Y < 0x80 }
	b := img.Bounds()
	minX, minY, maxX, maxY := b.Max.X, b.Max.Y, -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if dark(x, y) {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			}
		}
	}
	symbol := side - 2*quietModules
	w, h := maxX-minX+1, maxY-minY+1
	if w != h || w%symbol != 0 {
		t.Fatalf("dark area %d×%d px is not a square of %d whole-pixel modules", w, h, symbol)
	}
	scale := w / symbol
	for _, margin := range []int{minX - b.Min.X, minY - b.Min.Y, b.Max.X - 1 - maxX, b.Max.Y - 1 - maxY} {
		if margin < quietModules*scale {
			t.Errorf("quiet zone of %d px; want at least %d modules (%d px)", margin, quietModules, quietModules*scale)
		}
	}
	grid := make([][]bool, side)
	for my := range side {
		grid[my] = make([]bool, side)
		for mx := range side {
			x0, y0 := minX+(mx-quietModules)*scale, minY+(my-quietModules)*scale
			if x0 < b.Min.X || y0 < b.Min.Y || x0+scale > b.Max.X || y0+scale > b.Max.Y {
				continue // quiet zone beyond the image's own margin cannot be dark
			}
			v := dark(x0, y0)
			for y := y0; y < y0+scale; y++ {
				for x := x0; x < x0+scale; x++ {
					if dark(x, y) != v {
						t.Fatalf("module (%d,%d) is not one colour", mx, my)
					}
				}
			}
			grid[my][mx] = v
		}
	}
	return grid
}

// TestSVGIsTheSameCode rasterizes every SVG of testCodes from its runs, decodes it with the
// independent decoder, and checks that it has exactly the modules of the PNG.
func TestSVGIsTheSameCode(t *testing.T) {
	files, err := Render(testCodes)
	if err != nil {
		t.Fatal(err)
	}
	for name, payload := range payloads(testCodes) {
		t.Run(name, func(t *testing.T) {
			svg := files["qr/"+name+".svg"]
			grid, side := readSVG(t, svg)
			for y, row := range grid {
				for x, dark := range row {
					if dark && (x < quietModules || y < quietModules || x >= side-quietModules || y >= side-quietModules) {
						t.Fatalf("SVG module (%d,%d) is dark inside the quiet zone", x, y)
					}
				}
			}
			text, ec := decodeQR(t, rasterize(grid, 6))
			if text != payload || ec != "Q" {
				t.Errorf("SVG holds %q at level %q, want %q at Q", text, ec, payload)
			}
			if pg := pngGrid(t, decodePNG(t, files["qr/"+name+".png"]), side); !slices.EqualFunc(pg, grid, slices.Equal) {
				t.Errorf("the PNG's modules differ from the SVG's")
			}
			t.Logf("%d modules with the quiet zone, SVG %d bytes", side, len(svg))
		})
	}
}

// TestDeterministic renders twice, on one worker and on several, in two orders: every
// file must be byte-identical. PNGs must carry no chunk but the image's own (no time).
func TestDeterministic(t *testing.T) {
	codes := testCodes
	reversed := slices.Clone(codes)
	slices.Reverse(reversed)
	first, err := render(codes, 2)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		codes   []Code
		workers int
	}{
		{"again", codes, 2},
		{"one worker", codes, 1},
		{"many workers, reversed", reversed, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			again, err := render(tt.codes, tt.workers)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(first, again, bytes.Equal) {
				t.Error("output differs from the first run")
			}
		})
	}
	for name, b := range first {
		if !strings.HasSuffix(name, ".png") {
			continue
		}
		if got := pngChunks(t, b); !slices.Equal(got, []string{"IHDR", "PLTE", "IDAT", "IEND"}) {
			t.Errorf("%s: chunks %v; want only IHDR PLTE IDAT IEND", name, got)
		}
	}
}

// pngChunks lists the chunk types of a PNG, merging consecutive IDAT chunks.
func pngChunks(t *testing.T, b []byte) []string {
	t.Helper()
	b, ok := bytes.CutPrefix(b, []byte("\x89PNG\r\n\x1a\n"))
	if !ok {
		t.Fatal("no PNG signature")
	}
	var types []string
	for len(b) >= 12 {
		size := int(binary.BigEndian.Uint32(b))
		typ := string(b[4:8])
		if len(types) == 0 || typ != "IDAT" || types[len(types)-1] != "IDAT" {
			types = append(types, typ)
		}
		b = b[12+size:]
	}
	return types
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name  string
		codes []Code
		want  string
	}{
		{"duplicate path", []Code{{"qr/site", "a"}, {"qr/site", "b"}}, `"qr/site" is used twice`},
		{"path out of qr/", []Code{{"qr/../site", "a"}}, "expected qr/ and lower-case letters"},
		{"upper case path", []Code{{"qr/Site", "a"}}, "expected qr/ and lower-case letters"},
		{"payload too long", []Code{{"qr/site", "a"}, {"qr/group-x", strings.Repeat("x", 3000)}}, "qr code qr/group-x: encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.codes)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// benchCodes are as many codes as a site of two notices of five and six rounds has: per
// round one group code (leading to the groups page, or for two of them to a short and a long
// join link) and one round code, then the site and its changes page; 24 in all.
func benchCodes() []Code {
	var groups, rounds []Code
	for i := 1; i <= 11; i++ {
		round := fmt.Sprintf("2025h1-%d", i)
		if i > 5 {
			round = fmt.Sprintf("2025h2-%d", i)
		}
		payload := groupPage(round)
		switch i {
		case 2:
			payload = shortJoin
		case 7:
			payload = longJoin
		}
		groups = append(groups, Code{Path: "qr/group-" + round, Payload: payload})
		rounds = append(rounds, Code{Path: "qr/round-" + round, Payload: subscribe(round)})
	}
	return slices.Concat(groups, rounds, siteCodes)
}

// BenchmarkRender draws benchCodes on one worker and on two.
func BenchmarkRender(b *testing.B) {
	codes := benchCodes()
	if len(codes) != 24 {
		b.Fatalf("%d codes, want 24", len(codes))
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				if _, err := render(codes, workers); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
