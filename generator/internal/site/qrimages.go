package site

import (
	"fmt"

	"examnotice/generator/internal/qrcode"
)

// qrFiles returns the QR images keyed by their path under static/: qr/group-<round-id>,
// qr/round-<round-id> and qr/site, each as .png and .svg.
func (p *Prepared) qrFiles(base string) (map[string][]byte, error) {
	files, err := qrcode.Render(qrcode.Codes(p.Notice, base))
	if err != nil {
		return nil, fmt.Errorf("drawing the qr codes: %w", err)
	}
	return files, nil
}
