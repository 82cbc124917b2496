// Package importer adds a notice to a project from the issuer's own document: its text as
// copied out of Word, or the .docx itself (package docx). It reads the notice (package
// noticetext), writes its folder data/notices/<id>/ (the six data files, the text it read as
// notice-<id>.txt, provenance.txt) in one step, never over an existing notice and not at all
// when the document cannot be read, then runs the check of `exam-notice check` on the project
// (package check) but for the records a build keeps, which a new notice makes stale.
// Mistakes of the notice itself (a weekday label that does not match its date, a session
// whose length differs from its subject's) are the checker's to find: they are reported at
// the data's file:line with the notice's line, and the build refuses the data until a person
// corrects it.
package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"examnotice/generator/internal/check"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/docx"
	"examnotice/generator/internal/noticetext"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/timeline"
)

// Options say what to import where.
type Options struct {
	Root    string    // the project: data/ is under it
	File    string    // the notice: its text (.txt, UTF-8) or its .docx
	Updated data.Date // notice.yaml updated: the day our staff make the data
	DryRun  bool      // read and check the notice in a copy of the data; write nothing
}

// Report is what an import did: the notice it added and what a person must still do.
type Report struct {
	ID      string
	dir     string // the notice's folder as written, data/notices/<id>
	notice  *noticetext.Notice
	rounds  []timeline.Round // when the data checks
	warns   data.Problems
	missing []string // what the document cannot hold
	dry     bool     // read into a copy: nothing was written
}

// Import reads opt.File and adds its notice to the project opt.Root. An error before the
// notice's folder is written leaves the project as it was. When the written data does not
// check, the report is returned with the error (a *CheckError): the folder stays, for a
// person to correct.
func Import(opt Options) (*Report, error) {
	if opt.DryRun {
		return importCopy(opt)
	}
	text, where, err := read(opt.File)
	if err != nil {
		return nil, err
	}
	n, err := noticetext.Parse(text, opt.Updated)
	if err != nil {
		var pe *noticetext.Error
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %s: %s; nothing was imported", opt.File, where(pe.Line, pe.Cell), pe.Msg)
		}
		return nil, fmt.Errorf("%s: %w", opt.File, err)
	}
	dataDir := project.Layout{Root: opt.Root}.Data()
	for _, shared := range []string{"provinces.yaml", "workdays.yaml"} {
		if _, err := os.Stat(filepath.Join(dataDir, shared)); err != nil {
			return nil, fmt.Errorf("%s is not a project's data directory (no %s); run the import in the project's root or give it with -root", dataDir, shared)
		}
	}
	id := n.Meta.ID
	dir := filepath.Join(dataDir, data.NoticesDir, id)
	if _, err := os.Lstat(dir); err == nil {
		return nil, fmt.Errorf("notice %s exists already (%s); the importer never overwrites a notice: to correct it with the issuer's corrected notice, run import -amend FILE (docs/数据维护.md「修订通知」); nothing was imported", id, dir)
	}
	files := render(n, n.Meta.SourceFile)
	if err := write(dataDir, dir, files, text, n); err != nil {
		return nil, err
	}
	r := &Report{ID: id, dir: dir, notice: n, missing: missing(n)}
	return r, r.check(opt.Root, dir, files)
}

// importCopy imports into a copy of the project's data, and reports as if into the project.
func importCopy(opt Options) (*Report, error) {
	tmp, err := os.MkdirTemp("", "exam-notice-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	real := project.Layout{Root: opt.Root}
	if err := os.CopyFS(project.Layout{Root: tmp}.Data(), os.DirFS(real.Data())); err != nil {
		return nil, fmt.Errorf("%s is not a project's data directory (%w); run the import in the project's root or give it with -root", real.Data(), err)
	}
	opt.Root, opt.DryRun = tmp, false
	r, err := Import(opt)
	if r != nil {
		r.dry = true
		r.dir = realPath(r.dir, tmp, real.Root)
		for i := range r.warns {
			r.warns[i].Pos.File = realPath(r.warns[i].Pos.File, tmp, real.Root)
		}
	}
	var ce *CheckError
	if errors.As(err, &ce) {
		for i := range ce.Problems {
			ce.Problems[i].Pos.File = realPath(ce.Problems[i].Pos.File, tmp, real.Root)
			ce.Problems[i].Msg = strings.ReplaceAll(ce.Problems[i].Msg, filepath.ToSlash(tmp)+"/", "")
		}
	}
	return r, err
}

// read reads the file to import as text, and says where a line (and a cell) of that text is
// in the file.
func read(path string) (string, func(line, cell int) string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("cannot read the notice: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", nil, fmt.Errorf("cannot read the notice: %w", err)
	}
	if !info.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s is not a file; expected the notice's text or its .docx", path)
	}
	if info.Size() > maxInput {
		return "", nil, fmt.Errorf("%s is %d bytes, more than %d: a notice's text is a few kilobytes and its .docx some tens; is it the notice? nothing was imported", path, info.Size(), maxInput)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxInput+1))
	if err != nil {
		return "", nil, fmt.Errorf("cannot read the notice: %w", err)
	}
	if len(b) > maxInput {
		return "", nil, fmt.Errorf("%s grew beyond %d bytes while being read; nothing was imported", path, maxInput)
	}
	name := filepath.Base(path)
	switch isDocx := strings.EqualFold(filepath.Ext(path), ".docx"); {
	case bytes.HasPrefix(b, oleMagic) && bytes.Contains(b, utf16LEBytes("EncryptedPackage")):
		return "", nil, fmt.Errorf("%s is a password-protected (encrypted) Word document, which cannot be read; open it in Word, remove the password (文件 → 信息 → 保护文档 → 用密码进行加密: clear the password, 确定), save it, and import that; nothing was imported", path)
	case bytes.HasPrefix(b, oleMagic):
		return "", nil, fmt.Errorf("%s is a Word 97–2003 document (.doc) or another OLE file, not a .docx; open it in Word or LibreOffice and save it as .docx (Word 文档), then import that; nothing was imported", path)
	case bytes.HasPrefix(b, zipMagic) || isDocx:
		doc, err := docx.Read(b)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %w; nothing was imported", path, err)
		}
		return doc.Text(), func(line, cell int) string {
			return fmt.Sprintf("%s (line %d of its text)", doc.Where(line, cell), line)
		}, nil
	}
	text, err := decodeText(b)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w; nothing was imported", path, err)
	}
	return text, func(line, cell int) string {
		if cell > 0 {
			return fmt.Sprintf("%s:%d (cell %d)", name, line, cell)
		}
		return fmt.Sprintf("%s:%d", name, line)
	}, nil
}

// write writes the notice's folder dir in one step: into a new folder beside data/notices/
// (on the same file system), renamed to dir when every file is written.
func write(dataDir, dir string, files map[string]*file, text string, n *noticetext.Notice) error {
	tmp, err := os.MkdirTemp(dataDir, ".import-")
	if err != nil {
		return fmt.Errorf("writing the notice: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	out := map[string][]byte{
		n.Meta.SourceFile: []byte(text),
		"provenance.txt":  []byte(provenanceList(n.Meta.ID)),
	}
	for name, f := range files {
		out[name] = f.buf.Bytes()
	}
	for name, b := range out {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return fmt.Errorf("writing the notice: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("writing the notice: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("writing the notice: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("writing the notice into %s: %w; nothing was imported", dir, err)
	}
	done = true
	return nil
}

// provenanceList is the notice's provenance.txt: what its data carries that its text does not.
func provenanceList(id string) string {
	return `# data/notices/<notice id>/provenance.txt: what the provenance check (generator/internal/
# provenance, run by ` + "`generator check`" + `) leaves out on purpose for this notice. That check
# compares every date, time, fee, QQ group number, account number and phone number of the
# notice's data files in this folder with the notice's text beside them (source_file of
# notice.yaml). A value that one side has and the other deliberately does not carry is listed
# here, one a line:
#
#   <value-or-key:>  <file>  <reason>
#
# <file> is relative to the project root (data/notices/<notice id>/…); <file>:<line> leaves the
# value out on that line only (a correction of the notice's mistake: the corrected value in
# the data file at its line, the notice's value in its text at its line). The reason is
# required. A line that leaves nothing out is an error: remove it when its value goes.
updated: data/notices/` + id + `/notice.yaml our staff's last revision of this data (shown in the footer, stamps the calendar feeds), not a date of the notice, which carries none
`
}

// missing is what the document cannot hold and a person must add.
func missing(n *noticetext.Notice) []string {
	var out []string
	if len(n.Groups.Groups) > 0 {
		out = append(out, fmt.Sprintf("各 QQ 群的官方入群链接（groups.yaml 的 join_url，在 QQ 的群管理工具中获取）：通知里的二维码图片读不出；没有它们时，网站上的二维码指向“考试工作群”页（共 %d 个群）", len(n.Groups.Groups)))
	}
	out = append(out, fmt.Sprintf("notice.yaml 的 updated: 是 %s，即导入当天；数据是别的日子做的，就改成那一天", n.Meta.Updated))
	return out
}

// CheckError is what the checks found in the project after the import wrote the notice:
// every problem, those of the new notice's data files with the notice's line.
type CheckError struct {
	Problems data.Problems
}

func (e *CheckError) Error() string {
	return fmt.Sprintf("%s\nthe notice was written, but its data does not check (%s above); correct the data, with a note of each correction of the notice, then run `exam-notice check` (make check-data); a build publishes nothing until then", e.Problems.Error(), data.Plural(len(e.Problems), "problem"))
}

// check runs the check of `exam-notice check` on the project (package check), but for the
// three records a build keeps, which the new notice makes stale until the next build; it
// keeps the new notice's timeline for the report, and the warnings that are not another
// notice's.
func (r *Report) check(root, dir string, files map[string]*file) error {
	p, err := check.Data(project.Layout{Root: root}, check.Options{SkipRecords: true})
	var probs data.Problems
	if errors.As(err, &probs) {
		return &CheckError{Problems: annotate(probs, dir, files, r.notice.Meta.SourceFile)}
	}
	if err != nil {
		return err
	}
	for _, n := range p.Notices {
		if n.Meta.ID == r.ID {
			r.rounds = n.Rounds
		}
	}
	for _, w := range p.Warnings {
		if noticeDir := filepath.Dir(w.Pos.File); filepath.Base(filepath.Dir(noticeDir)) != data.NoticesDir || sameDir(noticeDir, dir) {
			r.warns = append(r.warns, w)
		}
	}
	r.warns = annotate(r.warns, dir, files, r.notice.Meta.SourceFile)
	return nil
}

// annotate adds to each problem at a line of a data file the import wrote the line of the
// notice's text that the line was read from.
func annotate(ps data.Problems, dir string, files map[string]*file, text string) data.Problems {
	out := make(data.Problems, len(ps))
	for i, p := range ps {
		out[i] = p
		if !sameDir(filepath.Dir(p.Pos.File), dir) {
			continue
		}
		f, ok := files[filepath.Base(p.Pos.File)]
		if !ok || p.Pos.Line < 1 || p.Pos.Line > len(f.source) || f.source[p.Pos.Line-1] == 0 {
			continue
		}
		out[i].Msg += fmt.Sprintf(" (the notice's text: %s:%d)", filepath.ToSlash(filepath.Join(dir, text)), f.source[p.Pos.Line-1])
	}
	return out
}

// sameDir reports whether a problem's folder (as the checks name it, perhaps relative to the
// root) is the notice's folder dir.
func sameDir(a, b string) bool {
	a, b = filepath.ToSlash(filepath.Clean(a)), filepath.ToSlash(filepath.Clean(b))
	return a == b || strings.HasSuffix(b, "/"+a) || strings.HasSuffix(a, "/"+b)
}

// String is the report: the notice, each round with its days and sessions, the deadlines
// derived for it, the warnings, what a person must add, and what to do next.
func (r *Report) String() string {
	var b strings.Builder
	n := r.notice
	if r.dry {
		fmt.Fprintf(&b, "读到通知 %s（%s，%s）；还没有写入，确认后写入 %s\n", r.ID, n.Meta.Title, n.Meta.Issuer, filepath.ToSlash(r.dir))
	} else {
		fmt.Fprintf(&b, "已导入通知 %s（%s，%s），写入 %s\n", r.ID, n.Meta.Title, n.Meta.Issuer, filepath.ToSlash(r.dir))
	}
	subjects := map[string]string{}
	for _, s := range n.Meta.Exam.Subjects {
		subjects[s.ID] = s.Name
	}
	fmt.Fprintf(&b, "共 %d 次统考：\n", len(n.Rounds))
	for i, rd := range n.Rounds {
		fmt.Fprintf(&b, "  %s %s，报名截止 %s\n", rd.ID, rd.Name, rd.RegistrationDeadline)
		for _, d := range rd.Days {
			var ss []string
			for _, s := range d.Sessions {
				ss = append(ss, fmt.Sprintf("%s %s–%s", subjects[s.Subject], s.Start, s.End))
			}
			fmt.Fprintf(&b, "    %s %s：%s（%s）\n", d.Date, d.Weekday, strings.Join(ss, "，"), strings.Join(d.Sessions[0].Levels, "、"))
		}
		if i < len(r.rounds) {
			var ms []string
			for _, m := range r.rounds[i].Milestones {
				if m.Kind == timeline.Session {
					continue
				}
				est := ""
				if m.Estimated {
					est = " 预计"
				}
				ms = append(ms, fmt.Sprintf("%s %s%s", m.Label, m.Date, est))
			}
			fmt.Fprintf(&b, "    推算：%s\n", strings.Join(ms, "，"))
		}
	}
	fmt.Fprintf(&b, "每次统考的截止日期按通知的规则推算：\n")
	for _, s := range n.Process {
		if s.Anchor == data.AnchorSessions {
			continue
		}
		rule := s.Time
		if s.Explicit != "" {
			rule = "安排表的“报名截止时间”（用规则“" + s.Time + "”核对）"
		}
		if _, ok := data.EndOfStep(s.Anchor); ok {
			rule = fmt.Sprintf("公示结束后 %d 天（README“如何理解通知”第 5 条；通知写的是“%s”），预计", s.OffsetDays, s.Time)
		}
		fmt.Fprintf(&b, "  %s：%s\n", s.Milestone, rule)
	}
	fmt.Fprintf(&b, "  %s：%s：第一个考试日之前的第 %d 个工作日，按 data/workdays.yaml\n", n.Fees.Deadline.Milestone, n.Fees.Deadline.Wording, n.Fees.Deadline.WorkingDaysBefore)
	for _, w := range r.warns {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	fmt.Fprintf(&b, "需要手工补上：\n")
	for _, m := range r.missing {
		fmt.Fprintf(&b, "  - %s\n", m)
	}
	fmt.Fprintf(&b, "下一步：对照通知核对 %s 里的文件，然后运行 `exam-notice check` 和 `exam-notice build`（make check-data、make；在仓库里提交 data/）", filepath.ToSlash(r.dir))
	return b.String()
}
