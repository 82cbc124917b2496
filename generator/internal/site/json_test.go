package site

import (
	"bytes"
	"encoding/json"
	"testing"

	"examnotice/generator/internal/testkit"
)

// encodeSite writes what json.Marshal writes of the same struct with the notices as
// json.RawMessage, for both fixtures.
func TestEncodeSite(t *testing.T) {
	for _, fixture := range []string{testkit.Notice, testkit.Two} {
		t.Run(fixture, func(t *testing.T) {
			_, _, p := project(t, fixture)
			sm := p.site(p.texts)
			notices, err := encodeNotices(sm.Notices)
			if err != nil {
				t.Fatal(err)
			}
			got, err := encodeSite(sm, notices)
			if err != nil {
				t.Fatal(err)
			}
			raw := make([]json.RawMessage, len(notices))
			for i, b := range notices {
				raw[i] = b
			}
			want, err := json.Marshal(struct {
				Links   links             `json:"links"`
				Current int               `json:"current"`
				Notices []json.RawMessage `json:"notices"`
				Changes []changeModel     `json:"changes"`
			}{sm.Links, sm.Current, raw, sm.Changes})
			if err != nil {
				t.Fatal(err)
			}
			if want = append(want, '\n'); !bytes.Equal(got, want) {
				t.Errorf("encodeSite differs from json.Marshal at %s", firstDiff(string(want), string(got)))
			}
		})
	}
}

// indentJSON writes what json.Indent writes (two spaces, a final newline) of json.Marshal's
// output, and refuses what json.Marshal never writes.
func TestIndentJSON(t *testing.T) {
	values := []any{
		map[string]any{},
		[]any{},
		"a string with \"quotes\", a \\ backslash, {braces} [brackets], a: colon, a , comma",
		map[string]any{"empty": map[string]any{}, "none": []any{}, "null": nil, "n": -1.5e-7, "t": true,
			"nested": []any{[]any{}, map[string]any{"a": []any{1, 2, map[string]any{"b": "\u4e2d\u6587 <&>"}}}, ""}},
		[]any{"\\", "\\\"", `"`, "\n\t", "end\\"},
	}
	var inputs [][]byte
	for _, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, append(b, '\n'))
	}
	for _, fixture := range []string{testkit.Notice, testkit.Two} {
		_, _, p := project(t, fixture)
		notices, err := encodeNotices(p.site(p.texts).Notices)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, notices...)
	}
	for _, in := range inputs {
		got, err := indentJSON("x.json", in)
		if err != nil {
			t.Fatalf("%.60s…: %v", in, err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, bytes.TrimSuffix(in, []byte("\n")), "", "  "); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%.60s…: differs from json.Indent at %s", in, firstDiff(want.String(), string(got)))
		}
	}
	for _, bad := range []string{`{"a": 1}`, `{"a":1`, `"open`, `[1]]`} {
		if _, err := indentJSON("x.json", []byte(bad)); err == nil {
			t.Errorf("indentJSON(%q): no error; want one", bad)
		}
	}
}
