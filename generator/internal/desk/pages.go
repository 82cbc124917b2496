package desk

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"examnotice/generator/internal/check"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/importer"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/timeline"
)

// maxUpload bounds a request: the importer's limit for the notice, and room for the form.
const maxUpload = importer.MaxInput + 64<<10

// page is what a template shows.
type page struct {
	Title, Nav string
	Token      string
	Error      string
	Text       string   // a report, shown as written
	Lines      []string // changes, each in the site's words
	Upload     string   // the id of an upload waiting for confirmation
	Name       string   // the uploaded file's name, for the eye only
	Note       string
	Picked     []string // the rounds or sessions chosen on 取消场次
	Restore    bool     // 取消场次: withdraw the cancellations picked
	Dry        bool     // 发布: a dry run
	Done       bool
	Overview   *overview
	Choices    []notice
	Preview    string // the preview's address
	Publish    *publishInfo
	Undo       string // the notice whose last change 撤销 puts back
}

var funcs = template.FuncMap{"join": strings.Join}

// render writes the page named name (its template) with p.
func (d *Desk) render(w http.ResponseWriter, status int, name string, p page) {
	p.Token = d.token
	var b bytes.Buffer
	if err := d.pages.ExecuteTemplate(&b, name, p); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// overview is 概览: the notices, their rounds and next deadlines, the data check, the last
// build and publish.
type overview struct {
	Notices   []notice
	Problems  []problem
	CheckOK   bool
	Stale     bool // the records need a build
	LastBuild string
	LastPub   string
}

type notice struct {
	ID, Title string
	Current   bool
	Rounds    []round
}

type round struct {
	ID, Name, Days, Next string
	Cancelled            bool
	Sessions             []session
}

type session struct {
	ID, Label string
	Cancelled bool
}

// problem is a finding of the data check, with the line of the file it is on and what to do.
type problem struct {
	Where, Line, Msg, Hint string
}

func (d *Desk) overview(w http.ResponseWriter, r *http.Request) {
	o := &overview{}
	layout := project.Layout{Root: d.root}
	p, err := check.Data(layout, check.Options{SkipRecords: true})
	var probs data.Problems
	switch {
	case errors.As(err, &probs):
		for _, pr := range probs {
			o.Problems = append(o.Problems, d.problem(pr))
		}
	case err != nil:
		o.Problems = append(o.Problems, problem{Msg: d.words(err), Hint: hint(err.Error())})
	default:
		o.CheckOK = true
		// The records a build keeps: stale until the next build publishes the changes.
		_, err := check.Data(layout, check.Options{})
		o.Stale = err != nil
	}
	if p != nil {
		o.Notices = d.notices(p.Notices)
	}
	if info, err := os.Stat(filepath.Join(d.root, "public", "index.html")); err == nil {
		o.LastBuild = info.ModTime().In(shanghai()).Format("2006年1月2日 15:04")
	}
	if b, err := os.ReadFile(filepath.Join(d.work(), "published.txt")); err == nil {
		o.LastPub = strings.TrimSpace(string(b))
	}
	d.render(w, http.StatusOK, "overview", page{Title: "概览", Nav: "overview", Overview: o})
}

// notices lists the notices with their rounds, sessions and next deadline.
func (d *Desk) notices(ns []timeline.Notice) []notice {
	today, _ := d.today()
	var out []notice
	for i, n := range ns {
		nv := notice{ID: n.Meta.ID, Title: n.Meta.Title, Current: i == 0}
		for _, r := range n.Rounds {
			rv := round{ID: r.ID, Name: r.Name, Cancelled: r.Cancelled()}
			var days []string
			for _, day := range r.Days {
				days = append(days, timeline.DateText(day.Date, n.Meta.Year))
			}
			rv.Days = strings.Join(days, "、")
			for _, m := range r.Milestones {
				if m.Kind == timeline.Session {
					rv.Sessions = append(rv.Sessions, session{ID: r.ID + "." + m.ID, Label: m.DateText + " " + m.TimeText + " " + m.Label, Cancelled: m.Cancelled})
					continue
				}
				if rv.Next == "" && !m.EndDate.Time.Before(today.Time) && !m.Cancelled {
					rv.Next = m.Label + " " + m.DateText
				}
			}
			if rv.Next == "" {
				rv.Next = "已全部结束"
			}
			nv.Rounds = append(nv.Rounds, rv)
		}
		out = append(out, nv)
	}
	return out
}

// problem shows a finding with its line of the file.
func (d *Desk) problem(pr data.Problem) problem {
	file := filepath.ToSlash(pr.Pos.File)
	if rel, err := filepath.Rel(d.root, pr.Pos.File); err == nil && !strings.HasPrefix(rel, "..") {
		file = filepath.ToSlash(rel)
	}
	p := problem{Where: file, Msg: pr.Msg, Hint: hint(pr.Msg)}
	if pr.Pos.Line > 0 {
		p.Where = fmt.Sprintf("%s 第 %d 行", file, pr.Pos.Line)
		path := pr.Pos.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(d.root, path)
		}
		if b, err := os.ReadFile(path); err == nil {
			if lines := strings.Split(string(b), "\n"); pr.Pos.Line <= len(lines) {
				p.Line = lines[pr.Pos.Line-1]
			}
		}
	}
	return p
}

// hints say in Chinese what a finding of the check means and what to do (docs/使用指南.md 十).
var hints = []struct {
	pattern *regexp.Regexp
	hint    string
}{
	{regexp.MustCompile(`weekday label .* does not match`), "星期与日期不符：向发文单位确认哪个正确，改正这一行的星期或日期，并在行末注明原因。"},
	{regexp.MustCompile(`is not in the notice|has no .* there|not in the data`), "数据和通知原文对不上：把两处改成一致；若是有意的更正，在 provenance.txt 里注明。"},
	{regexp.MustCompile(`lasts \d+ minutes`), "场次时长与科目规定的时长不符：向发文单位确认后改正。"},
	{regexp.MustCompile(`never removed or renamed|no longer has`), "已发布的统考、场次或网址不能删除或改编号：放回原样，改用「取消场次」。"},
	{regexp.MustCompile(`workdays|has no year`), "缺少该年的国务院放假安排：请维护程序的人补上 workdays.yaml 和 workdays-年份.txt。"},
	{regexp.MustCompile(`differs from the process step`), "通知的考试安排表和工作流程写的报名截止日期不一致：通常不用管，网站以安排表为准。"},
	{regexp.MustCompile(`edition already published`), "改了数据却没有改 updated：变更会被记在旧日期下。以后手工改数据时把 updated 改成当天（工作台的导入、更正和取消会自动改）。"},
	{regexp.MustCompile(`-cancel \S+ 再运行`), "更正后的通知少了已发布的统考：如果它取消了，先到「取消场次」取消它，再上传更正后的通知；否则向发文单位确认。"},
	{regexp.MustCompile(`province`), "联系人负责的省份有重复或遗漏：每个省份恰好归一位联系人。"},
}

// explain is an error as the desk shows it, with what it means when the desk knows.
func (d *Desk) explain(err error) string {
	msg := d.words(err)
	for _, h := range hints {
		if h.pattern.MatchString(msg) {
			return msg + "\n\n提示：" + h.hint
		}
	}
	return msg
}

func hint(msg string) string {
	for _, h := range hints {
		if h.pattern.MatchString(msg) {
			return h.hint
		}
	}
	return "按说明改正，然后刷新本页。"
}

func (d *Desk) importForm(w http.ResponseWriter, r *http.Request) {
	d.render(w, http.StatusOK, "import", page{Title: "导入新通知", Nav: "import"})
}

func (d *Desk) amendForm(w http.ResponseWriter, r *http.Request) {
	d.render(w, http.StatusOK, "amend", page{Title: "更正通知", Nav: "amend"})
}

// save keeps the uploaded notice (form field "notice") under a name of the desk's choosing,
// and returns its id and the name it had on the staff's computer (shown, never used).
func (d *Desk) save(r *http.Request) (id, name string, err error) {
	f, h, err := r.FormFile("notice")
	if err != nil {
		return "", "", errors.New("没有选择文件：请选择发文单位的通知（.docx，或存为 UTF-8 的文本）")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, importer.MaxInput+1))
	if err != nil {
		return "", "", err
	}
	if len(b) > importer.MaxInput {
		return "", "", fmt.Errorf("文件超过 %d MB；通知的 .docx 通常只有几十 KB，请确认选的是发文单位的通知", importer.MaxInput>>20)
	}
	rb := make([]byte, 16)
	if _, err := rand.Read(rb); err != nil {
		return "", "", err
	}
	id = hex.EncodeToString(rb)
	if err := os.MkdirAll(filepath.Join(d.uploads, id), 0o700); err != nil {
		return "", "", err
	}
	return id, filepath.Base(h.Filename), os.WriteFile(d.upload(id, b), b, 0o600)
}

// upload is the path of the upload id: notice.docx when it is a zip (a .docx), else
// notice.txt; with b nil, whichever exists.
func (d *Desk) upload(id string, b []byte) string {
	dir := filepath.Join(d.uploads, id)
	if b == nil {
		if _, err := os.Stat(filepath.Join(dir, "notice.docx")); err == nil {
			return filepath.Join(dir, "notice.docx")
		}
		return filepath.Join(dir, "notice.txt")
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return filepath.Join(dir, "notice.docx")
	}
	return filepath.Join(dir, "notice.txt")
}

// uploaded is the path of the upload named by the form's "upload", which must be one of
// the desk's.
func (d *Desk) uploaded(r *http.Request) (string, error) {
	id := r.PostFormValue("upload")
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
		return "", errors.New("找不到上传的文件，请重新上传")
	}
	path := d.upload(id, nil)
	if _, err := os.Stat(path); err != nil {
		return "", errors.New("找不到上传的文件（工作台重启过？），请重新上传")
	}
	return path, nil
}

func (d *Desk) importRead(w http.ResponseWriter, r *http.Request) {
	id, name, err := d.save(r)
	if err != nil {
		d.render(w, http.StatusBadRequest, "import", page{Title: "导入新通知", Nav: "import", Error: err.Error()})
		return
	}
	today, err := d.today()
	if err != nil {
		d.fail(w, "import", err)
		return
	}
	rep, err := importer.Import(importer.Options{Root: d.root, File: d.upload(id, nil), Updated: today, DryRun: true})
	p := page{Title: "导入新通知", Nav: "import", Upload: id, Name: name}
	if rep != nil {
		p.Text = d.rel(rep.String())
	}
	if err != nil {
		p.Error = d.explain(err)
		p.Upload = ""
	}
	d.render(w, http.StatusOK, "import", p)
}

func (d *Desk) importWrite(w http.ResponseWriter, r *http.Request) {
	path, err := d.uploaded(r)
	if err != nil {
		d.render(w, http.StatusBadRequest, "import", page{Title: "导入新通知", Nav: "import", Error: err.Error()})
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	today, err := d.today()
	if err != nil {
		d.fail(w, "import", err)
		return
	}
	rep, err := importer.Import(importer.Options{Root: d.root, File: path, Updated: today})
	p := page{Title: "导入新通知", Nav: "import", Done: err == nil}
	if rep != nil {
		p.Text = d.rel(rep.String())
		p.Undo = rep.ID
		if err := d.keepUndo(rep.ID, nil); err != nil {
			p.Undo = ""
		}
	}
	if err != nil {
		p.Error = d.words(err)
	} else {
		os.RemoveAll(filepath.Dir(path))
	}
	d.render(w, http.StatusOK, "import", p)
}

func (d *Desk) amendRead(w http.ResponseWriter, r *http.Request) {
	id, name, err := d.save(r)
	if err != nil {
		d.render(w, http.StatusBadRequest, "amend", page{Title: "更正通知", Nav: "amend", Error: err.Error()})
		return
	}
	d.amend(w, "amend", importer.AmendOptions{File: d.upload(id, nil), DryRun: true}, page{Title: "更正通知", Nav: "amend", Upload: id, Name: name})
}

func (d *Desk) amendWrite(w http.ResponseWriter, r *http.Request) {
	path, err := d.uploaded(r)
	if err != nil {
		d.render(w, http.StatusBadRequest, "amend", page{Title: "更正通知", Nav: "amend", Error: err.Error()})
		return
	}
	d.amend(w, "amend", importer.AmendOptions{File: path}, page{Title: "更正通知", Nav: "amend"})
}

// amend runs a correction (or a dry run of it) and shows what it changes.
func (d *Desk) amend(w http.ResponseWriter, tmpl string, opt importer.AmendOptions, p page) {
	if !opt.DryRun {
		d.mu.Lock()
		defer d.mu.Unlock()
	}
	today, err := d.today()
	if err != nil {
		d.fail(w, tmpl, err)
		return
	}
	opt.Root, opt.Updated = d.root, today
	var before map[string][]byte // the notice's folder before the change, to undo it
	if !opt.DryRun {
		dry := opt
		dry.DryRun = true
		if rep, err := importer.Amend(dry); err == nil && len(rep.Lines) > 0 {
			if before, err = d.folder(rep.ID); err == nil {
				p.Undo = rep.ID
			}
		}
	}
	rep, err := importer.Amend(opt)
	if err == nil && p.Undo != "" && len(rep.Lines) > 0 {
		if d.keepUndo(rep.ID, before) != nil {
			p.Undo = ""
		}
	} else {
		p.Undo = ""
	}
	if err != nil {
		p.Error, p.Upload = d.explain(err), ""
		if tmpl == "cancel" {
			p.Choices = d.choices()
		}
		d.render(w, http.StatusOK, tmpl, p)
		return
	}
	p.Lines, p.Text, p.Done = rep.Lines, rep.String(), !opt.DryRun
	if len(rep.Lines) == 0 {
		p.Upload = ""
		p.Picked = nil
	}
	if !opt.DryRun && opt.File != "" {
		os.RemoveAll(filepath.Dir(opt.File))
	}
	if tmpl == "cancel" {
		p.Choices = d.choices()
	}
	d.render(w, http.StatusOK, tmpl, p)
}

// choices are the rounds and sessions of every notice, for 取消场次.
func (d *Desk) choices() []notice {
	p, err := check.Data(project.Layout{Root: d.root}, check.Options{SkipRecords: true})
	if err != nil || p == nil {
		return nil
	}
	return d.notices(p.Notices)
}

func (d *Desk) cancelForm(w http.ResponseWriter, r *http.Request) {
	d.render(w, http.StatusOK, "cancel", page{Title: "取消场次", Nav: "cancel", Choices: d.choices()})
}

// cancelOptions reads 取消场次's form: what to cancel (or restore) and the note.
func cancelOptions(r *http.Request) (importer.AmendOptions, page) {
	picked := r.PostForm["pick"]
	restore := r.PostFormValue("action") == "restore"
	opt := importer.AmendOptions{Note: strings.TrimSpace(r.PostFormValue("note"))}
	if restore {
		opt.Restore = picked
	} else {
		opt.Cancel = picked
	}
	return opt, page{Title: "取消场次", Nav: "cancel", Picked: picked, Restore: restore, Note: opt.Note}
}

func (d *Desk) cancelRead(w http.ResponseWriter, r *http.Request) {
	opt, p := cancelOptions(r)
	if len(p.Picked) == 0 {
		p.Error, p.Choices = "请先选择要取消（或恢复）的统考或场次。", d.choices()
		d.render(w, http.StatusOK, "cancel", p)
		return
	}
	opt.DryRun = true
	d.amend(w, "cancel", opt, p)
}

func (d *Desk) cancelWrite(w http.ResponseWriter, r *http.Request) {
	opt, p := cancelOptions(r)
	d.amend(w, "cancel", opt, p)
}

// words is an error as the desk shows it: the paths of the site folder made relative.
func (d *Desk) words(err error) string { return d.rel(err.Error()) }

// rel is s with the paths of the site folder made relative.
func (d *Desk) rel(s string) string {
	return strings.ReplaceAll(s, filepath.ToSlash(d.root)+"/", "")
}

func (d *Desk) fail(w http.ResponseWriter, tmpl string, err error) {
	d.render(w, http.StatusInternalServerError, "error", page{Title: "出错了", Error: d.words(err)})
}

func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}
