package desk

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"examnotice/generator/internal/data"
)

// The desk keeps, for each notice, its folder as it was before the desk's last change of it
// (none: the change was its import), so that the next action it offers, 撤销, can put it
// back. Undoing a change that was already published is a change like another: the next
// build records it (改回) or, for an import, refuses to drop what was published.

// noticeDir is the folder of notice id in the site folder.
func (d *Desk) noticeDir(id string) string {
	return filepath.Join(d.root, "data", data.NoticesDir, id)
}

func (d *Desk) undoDir(id string) string { return filepath.Join(d.work(), "undo", id) }

// folder reads the notice's folder, file by file.
func (d *Desk) folder(id string) (map[string][]byte, error) {
	out := map[string][]byte{}
	dir := d.noticeDir(id)
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = b
		return err
	})
	return out, err
}

// keepUndo records the notice's folder before a change (nil: it did not exist).
func (d *Desk) keepUndo(id string, before map[string][]byte) error {
	dir := d.undoDir(id)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if before == nil {
		return os.WriteFile(filepath.Join(dir, ".imported"), nil, 0o644)
	}
	for name, b := range before {
		path := filepath.Join(dir, "folder", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// undo puts the notice's folder back as it was before the desk's last change of it.
func (d *Desk) undo(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	id := r.PostFormValue("notice")
	p := page{Title: "撤销", Nav: "overview"}
	if id == "" || strings.ContainsAny(id, `/\.`) {
		p.Error = "没有可以撤销的改动。"
		d.render(w, http.StatusBadRequest, "undo", p)
		return
	}
	dir := d.undoDir(id)
	_, imported := os.Stat(filepath.Join(dir, ".imported"))
	_, kept := os.Stat(filepath.Join(dir, "folder"))
	switch {
	case imported == nil:
		if err := os.RemoveAll(d.noticeDir(id)); err != nil {
			p.Error = d.words(err)
		} else {
			p.Text = "已撤销通知 " + id + " 的导入：它的文件夹已删除。"
		}
	case kept == nil:
		err := os.RemoveAll(d.noticeDir(id))
		if err == nil {
			err = os.CopyFS(d.noticeDir(id), os.DirFS(filepath.Join(dir, "folder")))
		}
		if err != nil {
			p.Error = d.words(err) + "\n通知文件夹可能不完整：请从备份（或 git）恢复 data/notices/" + id + "。"
		} else {
			p.Text = "已撤销对通知 " + id + " 的上一次改动：它的文件恢复到改动之前。"
		}
	default:
		p.Error = "通知 " + id + " 没有可以撤销的改动（工作台只保留最近一次改动）。"
		d.render(w, http.StatusOK, "undo", p)
		return
	}
	if p.Error == "" {
		os.RemoveAll(dir)
	}
	d.render(w, http.StatusOK, "undo", p)
}
