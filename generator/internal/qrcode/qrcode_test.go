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
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/testkit"
)

const (
	testBase = "https://exam-notice.example.com/"
	// The standard's minimum quiet zone, in modules.
	quietModules = 4
)

// fixtureData is the data/ of the test notice (generator/testdata/notice: 2025h1, two rounds;
// the group of 2025h1-1 has no join link, that of 2025h1-2 has fixtureJoin).
var fixtureData = filepath.Join(testkit.Fixture(testkit.Notice), "data")

// fixtureJoin is the official join link of 第二次统考's group in the test notice's groups.yaml.
const fixtureJoin = "https://qm.qq.com/q/Fixture2025"

// Fake but well-formed join links in QQ's two formats; the long one makes a larger symbol.
const (
	shortJoin = "https://qm.qq.com/q/Ab3dE5fG7h"
	longJoin  = "https://qm.qq.com/cgi-bin/qm/qr?k=Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe&jump_from=webapi&authKey=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2"
)

// twoData is the data/ of the two notices (generator/testdata/two: 2025h1 as in fixtureData,
// and 2025h2, two rounds whose groups have no join link).
var twoData = filepath.Join(testkit.Fixture(testkit.Two), "data")

// loadAll loads and checks the notices of dir, in the order of their folders.
func loadAll(t testing.TB, dir string) []*data.Notice {
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

// load loads and checks the one notice of dir.
func load(t testing.TB, dir string) *data.Notice {
	t.Helper()
	notices := loadAll(t, dir)
	if len(notices) != 1 {
		t.Fatalf("%s holds %d notices, want one", dir, len(notices))
	}
	return notices[0]
}

// groupEntries are the ends of the two one-line group entries of the test notice's
// groups.yaml, where dataWithJoinURLs puts a join link.
var groupEntries = map[string]string{
	"2025h1-1": `number: "123456789"}`,
	"2025h1-2": `number: "987654321", join_url: "` + fixtureJoin + `"}`,
}

// dataWithJoinURLs copies the test notice's data to a temporary directory and sets the
// join_url of the group of each round in join (round id → link): added to 2025h1-1's group,
// in place of fixtureJoin for 2025h1-2's.
func dataWithJoinURLs(t *testing.T, join map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	testkit.Copy(t, dir, fixtureData)
	for round, link := range join {
		entry, ok := groupEntries[round]
		if !ok {
			t.Fatalf("the test notice has no group of round %s", round)
		}
		number, _, _ := strings.Cut(entry, ",")
		number = strings.TrimSuffix(number, "}")
		testkit.Edit(t, dir, "notices/2025h1/groups.yaml", entry, number+", join_url: "+strconv.Quote(link)+"}")
	}
	return dir
}

// wantPayloads says, from the data and the rule of issue 5, what every code of the notices
// must hold.
func wantPayloads(base string, notices ...*data.Notice) map[string]string {
	want := map[string]string{"site": base, "changes": base + "changes/"}
	for _, n := range notices {
		for _, g := range n.Groups.Groups {
			if g.JoinURL != "" {
				want["group-"+g.Round] = g.JoinURL
			} else {
				want["group-"+g.Round] = base + "groups/#group-" + g.Round
			}
		}
		for _, r := range n.Rounds {
			want["round-"+r.ID] = base + "rounds/" + r.ID + "/#subscribe"
		}
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

// TestPNGPayloads decodes every PNG of the test notice, and of the two notices together,
// with the independent decoder and checks its text against the data, its error correction
// level and its size.
func TestPNGPayloads(t *testing.T) {
	for _, dir := range []string{fixtureData, twoData} {
		t.Run(filepath.Base(filepath.Dir(dir)), func(t *testing.T) { checkPNGPayloads(t, loadAll(t, dir)) })
	}
}

func checkPNGPayloads(t *testing.T, notices []*data.Notice) {
	start := time.Now()
	files, err := Render(Codes(testBase, notices...))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files for %d codes in %v", len(files), len(files)/2, time.Since(start))
	want := wantPayloads(testBase, notices...)
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

// TestPayloadURLs pins the codes, in their order, with the image paths of package permalink
// and the public URLs that printed sheets carry: the group with an official join link holds
// it, the others lead to their place on the groups page. For several notices, given newest
// first as the site gives them, each notice's group codes, then its round codes, notice
// after notice, and the one code of the site last; no path is used twice, so no notice's
// image overwrites another's.
func TestPayloadURLs(t *testing.T) {
	const sub = "https://exam.example.org/sub/"
	two := loadAll(t, twoData) // the order of their folders: 2025h1, 2025h2
	if len(two) != 2 || two[0].Meta.ID != "2025h1" || two[1].Meta.ID != "2025h2" {
		t.Fatalf("%s: want the notices 2025h1 and 2025h2", twoData)
	}
	tests := []struct {
		name, base string
		notices    []*data.Notice
		want       []Code
	}{
		{"the test notice, at a sub-path without its final slash", strings.TrimSuffix(sub, "/"), []*data.Notice{load(t, fixtureData)}, []Code{
			{Path: "qr/group-2025h1-1", Payload: sub + "groups/#group-2025h1-1"},
			{Path: "qr/group-2025h1-2", Payload: fixtureJoin},
			{Path: "qr/round-2025h1-1", Payload: sub + "rounds/2025h1-1/#subscribe"},
			{Path: "qr/round-2025h1-2", Payload: sub + "rounds/2025h1-2/#subscribe"},
			{Path: "qr/site", Payload: sub},
			{Path: "qr/changes", Payload: sub + "changes/"},
		}},
		// 2025h2's groups have no join link: both lead to the groups page.
		{"two notices, newest first", testBase, []*data.Notice{two[1], two[0]}, []Code{
			{Path: "qr/group-2025h2-3", Payload: testBase + "groups/#group-2025h2-3"},
			{Path: "qr/group-2025h2-4", Payload: testBase + "groups/#group-2025h2-4"},
			{Path: "qr/round-2025h2-3", Payload: testBase + "rounds/2025h2-3/#subscribe"},
			{Path: "qr/round-2025h2-4", Payload: testBase + "rounds/2025h2-4/#subscribe"},
			{Path: "qr/group-2025h1-1", Payload: testBase + "groups/#group-2025h1-1"},
			{Path: "qr/group-2025h1-2", Payload: fixtureJoin},
			{Path: "qr/round-2025h1-1", Payload: testBase + "rounds/2025h1-1/#subscribe"},
			{Path: "qr/round-2025h1-2", Payload: testBase + "rounds/2025h1-2/#subscribe"},
			{Path: "qr/site", Payload: testBase},
			{Path: "qr/changes", Payload: testBase + "changes/"},
		}},
		{"no notice", testBase, nil, []Code{{Path: "qr/site", Payload: testBase}, {Path: "qr/changes", Payload: testBase + "changes/"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			codes := Codes(tt.base, tt.notices...)
			if !slices.Equal(codes, tt.want) {
				t.Errorf("codes (each notice's groups and rounds, then the site and its changes page):\n%v\nwant\n%v", codes, tt.want)
			}
			if err := CheckPaths(codes); err != nil { // a path used twice, or not a file name
				t.Error(err)
			}
		})
	}
}

// TestJoinURLPayload sets join links in copies of the test notice's data: the groups with one
// must hold it, the others still the group's place on the site, in the PNG and the SVG.
func TestJoinURLPayload(t *testing.T) {
	site := func(round string) string { return testBase + "groups/#group-" + round }
	tests := []struct {
		name string
		join map[string]string // round → the join_url set in the copy
		want map[string]string // round → the group code's text
	}{
		{"the test notice as it is", nil,
			map[string]string{"2025h1-1": site("2025h1-1"), "2025h1-2": fixtureJoin}},
		{"a long link added", map[string]string{"2025h1-1": longJoin},
			map[string]string{"2025h1-1": longJoin, "2025h1-2": fixtureJoin}},
		{"a link replaced", map[string]string{"2025h1-2": shortJoin},
			map[string]string{"2025h1-1": site("2025h1-1"), "2025h1-2": shortJoin}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Render(Codes(testBase, load(t, dataWithJoinURLs(t, tt.join))))
			if err != nil {
				t.Fatal(err)
			}
			for _, round := range slices.Sorted(maps.Keys(tt.want)) {
				want := tt.want[round]
				name := "group-" + round
				if text, _ := decodeQR(t, decodePNG(t, files["qr/"+name+".png"])); text != want {
					t.Errorf("%s: PNG holds %q, want %q", name, text, want)
				}
				grid, _ := readSVG(t, files["qr/"+name+".svg"])
				if text, _ := decodeQR(t, rasterize(grid, 5)); text != want {
					t.Errorf("%s: SVG holds %q, want %q", name, text, want)
				}
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

// TestSVGIsTheSameCode rasterizes every SVG from its runs, decodes it with the independent
// decoder, and checks that it has exactly the modules of the PNG.
func TestSVGIsTheSameCode(t *testing.T) {
	n := load(t, fixtureData)
	files, err := Render(Codes(testBase, n))
	if err != nil {
		t.Fatal(err)
	}
	for name, payload := range wantPayloads(testBase, n) {
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
	codes := Codes(testBase, load(t, dataWithJoinURLs(t, map[string]string{"2025h1-1": longJoin})))
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

// BenchmarkRender draws the test notice's codes on one worker and on two.
func BenchmarkRender(b *testing.B) {
	codes := Codes(testBase, load(b, fixtureData))
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
