// Package qrcode draws QR codes: each Code, a path and a text, as a PNG for screens and an
// SVG for print, from the same module bitmap. Which codes the site has, and what each holds,
// is package site's (site.QRCodes).
//
// The encoder is go-qrcode; the pixels and the SVG are drawn here from its bitmap, so that
// every module is a whole number of pixels and the two files cannot disagree. The output is
// deterministic: the same codes give the same bytes, whatever the number of cores.
package qrcode

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"sync"

	goqr "github.com/skip2/go-qrcode"
	"golang.org/x/sync/errgroup"
)

// level is the error correction of every code. go-qrcode's High is the standard's level Q,
// which restores about 25% of damaged modules (M restores 15%): the codes are printed and
// pinned on office walls, where folds, pin holes and smudges are usual, and photographed
// from screens. Our payloads are short links, so Q costs one symbol version at most.
const level = goqr.High

// pngSize is the width and height of every PNG, in pixels. Every module is a whole number
// of pixels (at least 2, for the largest QR version), and the pixels left over widen the
// quiet zone. Shown at 192 CSS pixels it is sharp on 2× screens, and it prints at more
// than 300 dpi up to 3 cm.
const pngSize = 384

// Code is one QR code to draw: the path of its images without extension (qr/…, as
// permalink.GroupQR, RoundQR, SiteQR and ChangesQR make them), and its text.
type Code struct {
	Path    string
	Payload string
}

var pathPattern = regexp.MustCompile(`^qr/[a-z0-9][a-z0-9-]*$`)

// Version names the drawing: the bytes Render writes for a payload. Change it with anything
// that changes them (the encoder or its level, the sizes, the PNG or SVG writing), so that
// images kept from an earlier build are drawn again; TestVersionPinsTheDrawing fails until
// it is changed.
const Version = "2"

// Render draws every code as <path>.png and <path>.svg, on as many goroutines as
// there are cores. The keys are paths under static/.
func Render(codes []Code) (map[string][]byte, error) {
	return render(codes, runtime.GOMAXPROCS(0))
}

// CheckPaths reports a code whose path is not a usable file name, or is used twice.
func CheckPaths(codes []Code) error {
	seen := map[string]bool{}
	for _, c := range codes {
		if !pathPattern.MatchString(c.Path) {
			return fmt.Errorf("qr code path %q: expected qr/ and lower-case letters, digits and hyphens", c.Path)
		}
		if seen[c.Path] {
			return fmt.Errorf("qr code path %q is used twice", c.Path)
		}
		seen[c.Path] = true
	}
	return nil
}

// drawing is one code's two files.
type drawing struct{ png, svg []byte }

func render(codes []Code, workers int) (map[string][]byte, error) {
	if err := CheckPaths(codes); err != nil {
		return nil, err
	}
	out := make([]drawing, len(codes)) // each goroutine writes its own element
	var g errgroup.Group
	g.SetLimit(max(workers, 1))
	for i, c := range codes {
		g.Go(func() error {
			d, err := draw(c.Payload)
			if err != nil {
				return fmt.Errorf("qr code %s: %w", c.Path, err)
			}
			out[i] = d
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	files := make(map[string][]byte, 2*len(codes))
	for i, c := range codes {
		files[c.Path+".png"] = out[i].png
		files[c.Path+".svg"] = out[i].svg
	}
	return files, nil
}

// draw encodes payload and draws its bitmap, quiet zone included, as PNG and SVG.
func draw(payload string) (drawing, error) {
	q, err := goqr.New(payload, level)
	if err != nil {
		return drawing{}, fmt.Errorf("encoding %q: %w", payload, err)
	}
	bm := q.Bitmap() // go-qrcode adds the standard's quiet zone of 4 modules
	p, err := drawPNG(bm)
	if err != nil {
		return drawing{}, err
	}
	return drawing{png: p, svg: drawSVG(bm)}, nil
}

// drawPNG draws bm as a pngSize×pngSize black and white PNG (a 1-bit palette), centred,
// each module scale×scale pixels. The file is written here rather than by image/png, which
// reads an image pixel by pixel: each module row is packed into bits once and repeated, which
// makes a code several times faster to draw. The chunks are IHDR, PLTE, IDAT and IEND only.
func drawPNG(bm [][]bool) ([]byte, error) {
	n := len(bm)
	scale := pngSize / n
	if scale < 1 {
		return nil, fmt.Errorf("a symbol of %d modules does not fit %d pixels", n, pngSize)
	}
	off := (pngSize - n*scale) / 2
	// Each scanline is a filter byte (0: none) and one bit per pixel, 1 for black; the blank
	// lines of the quiet zone stay zero, white.
	const stride = 1 + (pngSize+7)/8
	raw := make([]byte, pngSize*stride)
	for y, row := range bm {
		first := (off + y*scale) * stride
		line := raw[first : first+stride]
		for x, dark := range row {
			if !dark {
				continue
			}
			for px := off + x*scale; px < off+(x+1)*scale; px++ {
				line[1+px/8] |= 0x80 >> (px % 8)
			}
		}
		for r := 1; r < scale; r++ {
			copy(raw[first+r*stride:], line)
		}
	}
	var idat bytes.Buffer
	zw := compressors.get(&idat)
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("encoding the png: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encoding the png: %w", err)
	}
	compressors.put(zw)

	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], pngSize)
	binary.BigEndian.PutUint32(ihdr[4:], pngSize)
	ihdr[8], ihdr[9] = 1, 3 // bit depth 1, colour type 3 (palette); compression, filter and interlace 0
	writeChunk(&b, "IHDR", ihdr[:])
	writeChunk(&b, "PLTE", []byte{0xff, 0xff, 0xff, 0, 0, 0}) // index 0 white, 1 black
	writeChunk(&b, "IDAT", idat.Bytes())
	writeChunk(&b, "IEND", nil)
	return b.Bytes(), nil
}

// writeChunk writes one PNG chunk: length, type, data and the CRC of type and data.
func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}

// pngLevel is the zlib level of the PNGs. For these images (each row repeated, long runs)
// level 4 gave the smallest files of all levels (505 bytes on average against 521 at
// BestCompression, for 200 round codes) in a seventh of BestCompression's time.
const pngLevel = 4

// compressors lets the PNG encodings reuse their zlib writers (about 1 MB each). A reused
// writer is reset first, so the bytes do not depend on reuse.
var compressors compressorPool

type compressorPool struct{ pool sync.Pool }

func (p *compressorPool) get(w io.Writer) *zlib.Writer {
	if zw, ok := p.pool.Get().(*zlib.Writer); ok {
		zw.Reset(w)
		return zw
	}
	zw, _ := zlib.NewWriterLevel(w, pngLevel) // the level is valid
	return zw
}

func (p *compressorPool) put(zw *zlib.Writer) { p.pool.Put(zw) }

// drawSVG draws bm with one unit per module: a white square, then one path whose
// subpaths are the horizontal runs of dark modules, "M<x> <y>h<len>v1H<x>z" each.
func drawSVG(bm [][]bool) []byte {
	n := strconv.Itoa(len(bm))
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + " " + n + `" shape-rendering="crispEdges">`)
	b.WriteString(`<rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="`)
	var buf []byte
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			end := x
			for end < len(row) && row[end] {
				end++
			}
			// M<x> <y>h<len>v1H<x>z, without fmt: there are thousands per code.
			buf = append(buf[:0], 'M')
			buf = strconv.AppendInt(buf, int64(x), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, int64(y), 10)
			buf = append(buf, 'h')
			buf = strconv.AppendInt(buf, int64(end-x), 10)
			buf = append(buf, "v1H"...)
			buf = strconv.AppendInt(buf, int64(x), 10)
			buf = append(buf, 'z')
			b.Write(buf)
			x = end
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	return b.Bytes()
}
