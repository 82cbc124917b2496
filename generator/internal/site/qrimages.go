package site

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"examnotice/generator/internal/data"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/qrcode"
)

// QRCodes lists the QR codes of the notices published at base, in a fixed order: for each
// notice one per QQ group and one per round, then one for the site and one for its changes
// page (printed on the schedule, so that a sheet on a wall can be checked against the site).
//
// A group's code holds its official join link when groups.yaml has one; otherwise it leads
// to the group's place on our site (number, copy button), never to a link that pretends to
// join. A round's code leads to the round's page at its subscribe section.
func QRCodes(base string, notices ...*data.Notice) []qrcode.Code {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	var codes []qrcode.Code
	for _, n := range notices {
		for _, g := range n.Groups.Groups {
			payload := g.JoinURL
			if payload == "" {
				payload = base + permalink.Group(g.Round)
			}
			codes = append(codes, qrcode.Code{Path: permalink.GroupQR(g.Round), Payload: payload})
		}
		for _, r := range n.Rounds {
			codes = append(codes, qrcode.Code{Path: permalink.RoundQR(r.ID), Payload: base + permalink.RoundSubscribe(r.ID)})
		}
	}
	return append(codes, qrcode.Code{Path: permalink.SiteQR, Payload: base}, qrcode.Code{Path: permalink.ChangesQR, Payload: base + permalink.Changes})
}

// qrRecord is the file, in the generated directory and not published, that lists the QR
// images of the last build: the drawing's version, then for each code its name and the
// SHA-256 of its payload, its PNG and its SVG. Drawing is most of the cost of a QR image, and
// payloads change only with the base URL or the rounds, so a build keeps the image of an
// unchanged payload, once it has checked that the files still hold the recorded bytes.
const qrRecord = "qr-images"

// qrFiles returns the QR images keyed by their path under static/ (qr/group-<round-id>,
// qr/round-<round-id>, qr/site and qr/changes, each as .png and .svg), keeping those of the directory qr
// that the record at recordPath lists with the same payload and drawing, and the new record.
func (p *Prepared) qrFiles(recordPath, qr, base string) (map[string][]byte, []byte, error) {
	var notices []*data.Notice
	for _, n := range p.Notices {
		notices = append(notices, n.Notice)
	}
	codes := QRCodes(base, notices...)
	if err := qrcode.CheckPaths(codes); err != nil {
		return nil, nil, fmt.Errorf("drawing the qr codes: %w", err)
	}
	kept := readQRRecord(recordPath)
	files := make(map[string][]byte, 2*len(codes))
	var draw []qrcode.Code
	for _, c := range codes {
		png, svg, ok := keptImage(qr, c, kept)
		if !ok {
			draw = append(draw, c)
			continue
		}
		files[c.Path+".png"], files[c.Path+".svg"] = png, svg
	}
	drawn, err := qrcode.Render(draw)
	if err != nil {
		return nil, nil, fmt.Errorf("drawing the qr codes: %w", err)
	}
	for name, b := range drawn {
		files[name] = b
	}
	var record bytes.Buffer
	fmt.Fprintf(&record, "# QR images of the last build; see qrRecord in generator/internal/site.\nversion %s\n", qrcode.Version)
	for _, c := range codes {
		fmt.Fprintf(&record, "%s %s %s %s\n", c.Path, sha256Hex([]byte(c.Payload)), sha256Hex(files[c.Path+".png"]), sha256Hex(files[c.Path+".svg"]))
	}
	return files, record.Bytes(), nil
}

// keptImage returns the PNG and SVG of c from the directory static when the record kept says they
// were drawn by this version for the same payload and they still hold the recorded bytes.
func keptImage(static string, c qrcode.Code, kept map[string][3]string) (png, svg []byte, ok bool) {
	r, ok := kept[c.Path]
	if !ok || r[0] != sha256Hex([]byte(c.Payload)) {
		return nil, nil, false
	}
	file := filepath.Join(static, filepath.FromSlash(c.Path))
	png, err := os.ReadFile(file + ".png")
	if err != nil || sha256Hex(png) != r[1] {
		return nil, nil, false
	}
	svg, err = os.ReadFile(file + ".svg")
	if err != nil || sha256Hex(svg) != r[2] {
		return nil, nil, false
	}
	return png, svg, true
}

// readQRRecord reads the record at path: name → sums of payload, PNG and SVG. A missing or
// unreadable record, or one of another drawing version, keeps nothing.
func readQRRecord(path string) map[string][3]string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	kept := map[string][3]string{}
	version := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
		case len(f) == 2 && f[0] == "version":
			version = f[1] == qrcode.Version
		case len(f) == 4:
			kept[f[0]] = [3]string{f[1], f[2], f[3]}
		default:
			return nil
		}
	}
	if !version {
		return nil
	}
	return kept
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
