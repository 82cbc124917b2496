package deploy

import (
	"path"
	"testing"
)

// wantHeaders are the Content-Type and Cache-Control that every server of the site must send
// for the file key of the built site (a slash-separated path from its root): object storage
// through the [deployment] matchers of themes/defaults.toml, one server through nginx.conf. A kind of file that it does
// not know fails the test: a new kind needs its headers decided, in both places.
func wantHeaders(t *testing.T, key string) (contentType, cacheControl string) {
	t.Helper()
	const brief, hour, year = "public, max-age=300", "public, max-age=3600", "public, max-age=31536000, immutable"
	types := map[string]string{
		".html": "text/html; charset=utf-8",
		".ics":  "text/calendar; charset=utf-8",
		".json": "application/json; charset=utf-8",
		".txt":  "text/plain; charset=utf-8",
		".xml":  "text/xml; charset=utf-8",
		".css":  "text/css; charset=utf-8",
		".js":   "application/javascript; charset=utf-8",
		".svg":  "image/svg+xml",
		".png":  "image/png",
	}
	ext := path.Ext(key)
	contentType, ok := types[ext]
	switch {
	case !ok:
		t.Errorf("%s: a kind of file (%s) whose headers no test knows; decide them in the [deployment] matchers of themes/defaults.toml and themes/notice/assets/nginx.conf, then here", key, ext)
	case fingerprinted.MatchString(key):
		cacheControl = year
	case ext == ".css" || ext == ".js":
		t.Errorf("%s: an asset without a fingerprint; only fingerprinted ones may be cached for long", key)
	case ext == ".svg" || ext == ".png":
		cacheControl = hour
	default:
		cacheControl = brief
	}
	return contentType, cacheControl
}
