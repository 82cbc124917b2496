package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"examnotice/generator/internal/change"
	"examnotice/generator/internal/check"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/noticetext"
	"examnotice/generator/internal/permalink"
	"examnotice/generator/internal/project"
	"examnotice/generator/internal/timeline"
	"examnotice/generator/internal/yamlpatch"
)

// AmendOptions say which correction to carry into a notice of the project.
type AmendOptions struct {
	Root    string
	File    string    // the corrected notice (text or .docx); "" to cancel rounds only
	Updated data.Date // the day of the correction: notice.yaml's updated when something changes
	// Cancel marks rounds (2024h2-7) or sessions (2024h2-7.exam-2-theory, a calendar event's
	// id as data/changes.lock names it) cancelled; Restore withdraws such a cancellation.
	Cancel, Restore []string
	Note            string // change_note of notice.yaml: said with every change this brings
	DryRun          bool   // say what would change, write nothing
}

// AmendReport is what a correction changes, in the words the site will use.
type AmendReport struct {
	ID      string
	File    string
	Lines   []string // each change
	DryRun  bool
	written []string // the files written, relative to the root
}

// String is the report.
func (r *AmendReport) String() string {
	var b strings.Builder
	if len(r.Lines) == 0 {
		fmt.Fprintf(&b, "通知 %s 的数据与 %s 一致，没有要修改的地方；什么也没有写入。", r.ID, r.File)
		return b.String()
	}
	verb := "已修改"
	if r.DryRun {
		verb = "将修改（试运行）"
	}
	fmt.Fprintf(&b, "更正通知 %s，%s %d 处：\n", r.ID, verb, len(r.Lines))
	for _, l := range r.Lines {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	if r.DryRun {
		b.WriteString("试运行：什么也没有写入。去掉 -dry-run 再运行一次即写入。")
	} else {
		fmt.Fprintf(&b, "已写入：%s。下一步：运行 `exam-notice build`（make）生成网站，订阅者的日历会收到这些变更。", strings.Join(r.written, "、"))
	}
	return b.String()
}

// RefusedError is a correction the importer will not carry in; nothing was written.
type RefusedError struct {
	Msg      string
	Problems data.Problems // the data's problems after the correction, when that is why
}

func (e *RefusedError) Error() string {
	if len(e.Problems) > 0 {
		return fmt.Sprintf("%s\n%s；什么也没有写入", e.Problems.Error(), e.Msg)
	}
	return e.Msg + "；什么也没有写入"
}

func refuse(format string, args ...any) error {
	return &RefusedError{Msg: fmt.Sprintf(format, args...)}
}

// dataFiles are the notice's data files, in the order they are written (notice.yaml, which
// dates the edition, last).
var dataFiles = []string{"rounds.yaml", "process.yaml", "fees.yaml", "groups.yaml", "contacts.yaml", "notice.yaml"}

// mergeOptions match the items of the notice's lists by what identifies them, and let go
// only of what no calendar event or public address depends on.
var mergeOptions = yamlpatch.Options{
	ItemKey: func(path string) string {
		switch path {
		case "rounds":
			return "number"
		case "groups":
			return "round"
		case "steps", "certificates", "exam.subjects":
			return "id"
		case "levels":
			return "level"
		}
		return ""
	},
	Removable: func(path string) bool {
		for _, p := range []string{"payers[", "regional[", "office[", "levels["} {
			if strings.HasPrefix(path, p) {
				return true
			}
		}
		return false
	},
	Fixed: []string{"id", "updated", "source_file"},
}

// Amend carries a corrected notice into its notice's data, in place: only the values that
// changed are written (ids, comments, the order of the files and what the notice does not
// carry stay; a comment or a provenance.txt entry that names a line of the text names the
// corrected text's line), the notice's text is replaced, and updated is set to
// opt.Updated. Rounds named in opt.Cancel are marked cancelled. It refuses, writing nothing, a correction of
// another half, one that drops or renumbers a published round, and one whose data does not
// check.
func Amend(opt AmendOptions) (*AmendReport, error) {
	layout := project.Layout{Root: opt.Root}
	var (
		theirs *noticetext.Notice
		text   string
		id     string
	)
	if opt.File != "" {
		var where func(line, cell int) string
		var err error
		text, where, err = read(opt.File)
		if err != nil {
			return nil, err
		}
		if theirs, err = noticetext.Parse(text, opt.Updated); err != nil {
			var pe *noticetext.Error
			if errors.As(err, &pe) {
				return nil, refuse("%s: %s: %s", opt.File, where(pe.Line, pe.Cell), pe.Msg)
			}
			return nil, fmt.Errorf("%s: %w", opt.File, err)
		}
		id = theirs.Meta.ID
	}
	before, err := check.Data(layout, check.Options{SkipRecords: true})
	if err != nil {
		return nil, fmt.Errorf("%w\n现有的数据没有通过检查；先改正上面的问题（exam-notice check），再导入更正", err)
	}
	if id == "" {
		id = noticeOfRounds(before.Notices, append(slices.Clone(opt.Cancel), opt.Restore...))
	}
	var notice *timeline.Notice
	var ids []string
	for i, n := range before.Notices {
		ids = append(ids, n.Meta.ID)
		if n.Meta.ID == id {
			notice = &before.Notices[i]
		}
	}
	switch {
	case notice == nil && theirs != nil:
		return nil, refuse("%s 是 %s 的通知（%s），而这里的通知是 %s：更正只能针对同一年、同一半年的通知。如果它是下一份新通知，去掉 -amend 导入它", opt.File, id, theirs.Meta.Title, strings.Join(ids, "、"))
	case notice == nil:
		return nil, refuse("没有哪份通知有统考 %s；-cancel 后面写统考的编号，如 %s（或某一场：%s.exam-1-theory）", strings.Join(append(slices.Clone(opt.Cancel), opt.Restore...), "、"), exampleRound(before.Notices), exampleRound(before.Notices))
	}
	dir := filepath.Join(layout.Data(), data.NoticesDir, id)
	rel := func(name string) string { return filepath.ToSlash(filepath.Join("data", data.NoticesDir, id, name)) }
	mine := map[string][]byte{}
	for _, name := range append(slices.Clone(dataFiles), notice.Meta.SourceFile, "provenance.txt") {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !(name == "provenance.txt" && errors.Is(err, fs.ErrNotExist)) {
			return nil, fmt.Errorf("reading notice %s: %w", id, err)
		}
		mine[name] = b
	}
	next := map[string][]byte{}
	for name, b := range mine {
		next[name] = b
	}
	cancel := map[string]bool{} // whole rounds
	var marks []mark
	for _, c := range opt.Cancel {
		m, err := markOf(notice, c, true)
		if err != nil {
			return nil, err
		}
		if m.session == "" {
			cancel[c] = true
		}
		marks = append(marks, m)
	}
	for _, c := range opt.Restore {
		m, err := markOf(notice, c, false)
		if err != nil {
			return nil, err
		}
		marks = append(marks, m)
	}
	var edits map[string][]yamlpatch.Edit
	var dropped []string
	if theirs != nil {
		next[notice.Meta.SourceFile] = []byte(text) // first: merge maps the old text's lines to it
		if edits, dropped, err = merge(notice, theirs, mine, next, cancel, opt, rel); err != nil {
			return nil, err
		}
	}
	for _, m := range marks {
		var b []byte
		var err error
		if m.cancel {
			b, err = yamlpatch.Set(next["rounds.yaml"], m.path, "status", data.StatusCancelled, m.after)
		} else {
			b, err = yamlpatch.Remove(next["rounds.yaml"], m.path, "status")
		}
		if err != nil {
			return nil, fmt.Errorf("%s: marking %s: %w; edit its status: by hand", rel("rounds.yaml"), m.id, err)
		}
		next["rounds.yaml"] = b
	}
	if opt.Note != "" {
		b, err := yamlpatch.Set(next["notice.yaml"], nil, "change_note", yamlpatch.Plain(opt.Note), "updated")
		if err != nil {
			return nil, fmt.Errorf("%s: setting change_note: %w", rel("notice.yaml"), err)
		}
		next["notice.yaml"] = b
	}
	for _, c := range dropped {
		entries, err := notCarried(next, c, fmt.Sprintf("%s was cancelled (import -cancel, %s); the corrected notice no longer lists it", c, opt.Updated), rel)
		if err != nil {
			return nil, err
		}
		next["provenance.txt"] = append(next["provenance.txt"], entries...)
	}
	r := &AmendReport{ID: id, File: opt.File, DryRun: opt.DryRun}
	if opt.File == "" {
		r.File = strings.TrimSpace("-cancel " + strings.Join(opt.Cancel, " ") + " -restore " + strings.Join(opt.Restore, " "))
	}
	if sameFiles(mine, next) {
		return r, nil
	}
	b, err := yamlpatch.Set(next["notice.yaml"], nil, "updated", opt.Updated.String(), "year")
	if err != nil {
		return nil, fmt.Errorf("%s: setting updated: %w", rel("notice.yaml"), err)
	}
	next["notice.yaml"] = b

	after, err := checkCopy(layout, dir, next)
	if err != nil {
		return nil, err
	}
	r.Lines = describe(notice, after, before.Notices, edits, cancel)
	if opt.DryRun {
		return r, nil
	}
	names := append([]string{notice.Meta.SourceFile, "provenance.txt"}, dataFiles...)
	for _, name := range names {
		if string(next[name]) == string(mine[name]) {
			continue
		}
		if err := datafile.Write(filepath.Join(dir, name), next[name]); err != nil {
			return nil, fmt.Errorf("writing %s: %w; run the same command again to complete the correction", rel(name), err)
		}
		r.written = append(r.written, rel(name))
	}
	return r, nil
}

// merge carries the difference between the notice's old text and theirs into the data
// files of next, and maps the provenance list's lines; a round theirs lacks must be
// cancelled (already, or by cancel).
func merge(notice *timeline.Notice, theirs *noticetext.Notice, mine, next map[string][]byte, cancel map[string]bool, opt AmendOptions, rel func(string) string) (map[string][]yamlpatch.Edit, []string, error) {
	id := notice.Meta.ID
	numbers := map[int]bool{}
	for _, r := range theirs.Rounds {
		numbers[r.Number] = true
	}
	old := map[int]bool{}
	dropped := map[int]bool{} // rounds kept, cancelled, that the corrected notice no longer lists
	var newlyDropped []string // those of them cancelled now
	for _, r := range notice.Rounds {
		old[r.Number] = true
		if numbers[r.Number] {
			continue
		}
		for _, t := range theirs.Rounds {
			if !slices.ContainsFunc(notice.Rounds, func(o timeline.Round) bool { return o.Number == t.Number }) && sameDays(r.Days, t.Days) {
				return nil, nil, refuse("%s: 统考 %s（%s）在更正后的通知里成了%s：已发布的统考的序号和编号不会变（它们在网址和日历里）。请向发文单位确认；确要改动时手工编辑数据", rel("rounds.yaml"), r.ID, r.Name, t.Name)
			}
		}
		if !r.Cancelled() {
			newlyDropped = append(newlyDropped, r.ID)
		}
		if !r.Cancelled() && !cancel[r.ID] {
			return nil, nil, refuse("%s: 统考 %s（%s）在更正后的通知里没有了。已发布的统考不会删除（订阅了它的日历会一直留着它）：如果它取消了，加上 -cancel %s 再运行，它会被标为已取消", rel("rounds.yaml"), r.ID, r.Name, r.ID)
		}
		dropped[r.Number] = true
	}
	for _, t := range theirs.Rounds {
		if !old[t.Number] && t.Number < maxNumber(notice.Rounds) {
			return nil, nil, refuse("%s: 更正后的通知多了%s，但它的序号不在已发布的统考之后：新增的统考接着最后一次编号（下一次是第%d次）。请向发文单位确认", opt.File, t.Name, maxNumber(notice.Rounds)+1)
		}
	}
	// What the notice said before, as the importer reads it; without it (a notice added by
	// hand in another shape), the data itself is the old version and the correction wins
	// wherever it differs.
	theirsFiles := render(theirs, notice.Meta.SourceFile)
	var baseFiles map[string]*file
	if base, err := noticetext.Parse(string(mine[notice.Meta.SourceFile]), opt.Updated); err == nil {
		base.Rounds = slices.DeleteFunc(base.Rounds, func(r data.Round) bool { return dropped[r.Number] })
		base.Groups.Groups = slices.DeleteFunc(base.Groups.Groups, func(g data.Group) bool {
			return slices.ContainsFunc(notice.Rounds, func(r timeline.Round) bool { return dropped[r.Number] && r.ID == g.Round })
		})
		baseFiles = render(base, notice.Meta.SourceFile)
	}
	edits := map[string][]yamlpatch.Edit{}
	lines := map[string]func(int) int{}
	textLine := textLines(string(mine[notice.Meta.SourceFile]), string(next[notice.Meta.SourceFile]))
	for _, name := range dataFiles {
		base := mine[name]
		if baseFiles != nil {
			base = baseFiles[name].buf.Bytes()
		}
		res, err := yamlpatch.Merge(mine[name], base, theirsFiles[name].buf.Bytes(), mergeOptions)
		var re *yamlpatch.RemovedError
		if errors.As(err, &re) {
			return nil, nil, refuse("%s:%d: %s 在更正后的通知里没有了，而已发布的日程和步骤不会删除（订阅的日历会留着它）：取消的场次在数据里标为 status: cancelled（使用指南第八节），或向发文单位确认", rel(name), re.Line, re.Path)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", rel(name), err)
		}
		next[name], edits[name], lines[name] = sourceComments(res, mine[name], theirsFiles[name].buf.Bytes(), notice.Meta.SourceFile, textLine), res.Edits, res.Line
	}
	lines[notice.Meta.SourceFile] = textLine
	next["provenance.txt"] = remapProvenance(mine["provenance.txt"], id, lines)
	return edits, newlyDropped, nil
}

// mark is a cancellation to set or withdraw: where its status: is in rounds.yaml.
type mark struct {
	id      string
	session string // the session's milestone id, or "" for the round
	cancel  bool
	path    []string
	after   string
}

// markOf reads a round id (2024h2-7) or a session's (2024h2-7.exam-2-theory) of the notice.
func markOf(n *timeline.Notice, id string, cancel bool) (mark, error) {
	round, session, _ := strings.Cut(id, ".")
	m := mark{id: id, session: session, cancel: cancel, path: []string{"rounds", "id=" + round}, after: "number"}
	i := slices.IndexFunc(n.Rounds, func(r timeline.Round) bool { return r.ID == round })
	if i < 0 {
		return m, refuse("通知 %s 没有统考 %s；它的统考是 %s", n.Meta.ID, round, roundIDs(n.Rounds))
	}
	if session == "" {
		return m, nil
	}
	r := n.Rounds[i]
	for _, ms := range r.Milestones {
		if ms.ID != session || ms.Kind != timeline.Session {
			continue
		}
		parts := strings.SplitN(ms.ID, "-", 3) // exam-<day>-<subject id>
		for d, day := range r.Days {
			if day.Date.Equal(ms.Date) && len(parts) == 3 {
				m.path = append(m.path, "days", fmt.Sprintf("[%d]", d), "sessions", "subject="+parts[2])
				m.after = ""
				return m, nil
			}
		}
	}
	var sessions []string
	for _, ms := range r.Milestones {
		if ms.Kind == timeline.Session {
			sessions = append(sessions, r.ID+"."+ms.ID)
		}
	}
	return m, refuse("统考 %s 没有场次 %s；它的场次是 %s", round, session, strings.Join(sessions, "、"))
}

// notCarried is the lines of provenance.txt that leave out of the comparison with the
// notice's text the dates, times and QQ group number of the round id, which the data keeps
// (cancelled) and the corrected notice no longer lists.
func notCarried(files map[string][]byte, id, reason string, rel func(string) string) ([]byte, error) {
	var out strings.Builder
	for _, f := range []struct{ name, list, key string }{{"rounds.yaml", "rounds", "id"}, {"groups.yaml", "groups", "round"}} {
		var doc yaml.Node
		if err := yaml.Unmarshal(files[f.name], &doc); err != nil || len(doc.Content) == 0 {
			return nil, fmt.Errorf("%s: %v", rel(f.name), err)
		}
		var walk func(n *yaml.Node, key string)
		walk = func(n *yaml.Node, key string) {
			switch n.Kind {
			case yaml.MappingNode:
				for i := 0; i+1 < len(n.Content); i += 2 {
					walk(n.Content[i+1], n.Content[i].Value)
				}
			case yaml.SequenceNode:
				for _, c := range n.Content {
					walk(c, key)
				}
			case yaml.ScalarNode:
				switch key {
				case "registration_deadline", "date", "start", "end", "number":
					if !(f.name == "rounds.yaml" && key == "number") {
						fmt.Fprintf(&out, "%s %s:%d %s\n", n.Value, rel(f.name), n.Line, reason)
					}
				}
			}
		}
		top := doc.Content[0]
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value != f.list {
				continue
			}
			for _, item := range top.Content[i+1].Content {
				for k := 0; k+1 < len(item.Content); k += 2 {
					if item.Content[k].Value == f.key && item.Content[k+1].Value == id {
						walk(item, "")
					}
				}
			}
		}
	}
	return []byte(out.String()), nil
}

// sourceComment is the comment the importer ends a line read from the notice's text with.
var sourceComment = regexp.MustCompile(`  # ([^\s:#]+\.txt):(\d+)$`)

// sourceComments makes the comments of the lines the merge res kept from mine that name a
// line of the text source (`  # notice-2024h2.txt:16`) name the corrected text's line: the
// comment of the same line of theirs, the corrected notice as the importer writes it, where
// it has that line; else where the corrected text has the line named (textLine); a comment
// whose line is gone goes too. The lines the merge took from theirs name its lines already.
func sourceComments(res *yamlpatch.Result, mine, theirs []byte, source string, textLine func(int) int) []byte {
	out := strings.SplitAfter(string(res.Text), "\n")
	theirsLines := strings.Split(string(theirs), "\n")
	strip := func(lines []string) string {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(sourceComment.ReplaceAllString(strings.TrimSuffix(l, "\n"), "") + "\n")
		}
		return b.String()
	}
	toTheirs := textLines(strip(out), strip(theirsLines))
	for old := 1; old <= bytes.Count(mine, []byte("\n")); old++ {
		i := res.Line(old) - 1
		if i < 0 || i >= len(out) {
			continue
		}
		line, nl := strings.CutSuffix(out[i], "\n")
		m := sourceComment.FindStringSubmatchIndex(line)
		if m == nil || line[m[2]:m[3]] != source {
			continue
		}
		n, _ := strconv.Atoi(line[m[4]:m[5]])
		n = textLine(n)
		if j := toTheirs(i + 1); j > 0 && j <= len(theirsLines) {
			if t := sourceComment.FindStringSubmatch(theirsLines[j-1]); t != nil && t[1] == source {
				n, _ = strconv.Atoi(t[2])
			}
		}
		line = line[:m[0]]
		if n > 0 {
			line += fmt.Sprintf("  # %s:%d", source, n)
		}
		if nl {
			line += "\n"
		}
		out[i] = line
	}
	return []byte(strings.Join(out, ""))
}

// provenanceLine finds a data file's line named in provenance.txt.
var provenanceLine = regexp.MustCompile(`(data/notices/[^/\s]+/([^/\s:]+)):(\d+)`)

// textLines maps the lines of the notice's old text to the corrected one's: a line kept is
// where the corrected text has it (a longest common subsequence of the lines), a line
// replaced where its replacement is, when a run of lines was replaced by as many; any other
// line is gone (0).
func textLines(old, new string) func(int) int {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	to := make([]int, len(a)+1) // to[old line] = new line
	i, j := 0, 0
	flush := func(i0, j0 int) { // a[i0:i] replaced by b[j0:j]
		if i-i0 == j-j0 {
			for k := 0; k < i-i0; k++ {
				to[i0+k+1] = j0 + k + 1
			}
		}
	}
	i0, j0 := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			flush(i0, j0)
			to[i+1] = j + 1
			i, j = i+1, j+1
			i0, j0 = i, j
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	i, j = len(a), len(b)
	flush(i0, j0)
	return func(line int) int {
		if line < 1 || line >= len(to) {
			return 0
		}
		return to[line]
	}
}

// remapProvenance moves the lines that provenance.txt names in the notice's data files and
// its text to where the correction put them; an entry whose line is gone goes with it.
func remapProvenance(list []byte, id string, lines map[string]func(int) int) []byte {
	var out []string
	for _, l := range strings.SplitAfter(string(list), "\n") {
		drop := false
		l = provenanceLine.ReplaceAllStringFunc(l, func(s string) string {
			m := provenanceLine.FindStringSubmatch(s)
			f, ok := lines[m[2]]
			if m[1] != "data/notices/"+id+"/"+m[2] || !ok {
				return s
			}
			n, _ := strconv.Atoi(m[3])
			if n = f(n); n == 0 {
				drop = true
			}
			return fmt.Sprintf("%s:%d", m[1], n)
		})
		if !drop {
			out = append(out, l)
		}
	}
	return []byte(strings.Join(out, ""))
}

// checkCopy checks the project as it would be with the notice's files next, in a copy of its
// data, and returns its notices; problems refuse the correction, named at the real files.
func checkCopy(layout project.Layout, dir string, next map[string][]byte) ([]timeline.Notice, error) {
	tmp, err := os.MkdirTemp("", "exam-notice-amend-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	copyLayout := project.Layout{Root: tmp}
	if err := os.CopyFS(copyLayout.Data(), os.DirFS(layout.Data())); err != nil {
		return nil, fmt.Errorf("copying the data to check the correction: %w", err)
	}
	rel, err := filepath.Rel(layout.Data(), dir)
	if err != nil {
		return nil, err
	}
	for name, b := range next {
		if err := os.WriteFile(filepath.Join(copyLayout.Data(), rel, name), b, 0o644); err != nil {
			return nil, err
		}
	}
	p, err := check.Data(copyLayout, check.Options{SkipRecords: true})
	var probs data.Problems
	if errors.As(err, &probs) {
		for i := range probs {
			probs[i].Pos.File = realPath(probs[i].Pos.File, tmp, layout.Root)
		}
		return nil, &RefusedError{Msg: fmt.Sprintf("更正后的数据有 %d 处问题（见上）：多半是更正后的通知本身有错（星期与日期不符、场次时长与科目不符、日期顺序错乱）。请向发文单位确认", len(probs)), Problems: probs}
	}
	if err != nil {
		return nil, err
	}
	return p.Notices, nil
}

// realPath names a file of the checked copy at tmp as the same file of the project at root.
func realPath(file, tmp, root string) string {
	f := filepath.ToSlash(file)
	t := filepath.ToSlash(tmp) + "/"
	if strings.HasPrefix(f, t) {
		return filepath.ToSlash(filepath.Join(root, strings.TrimPrefix(f, t)))
	}
	return f
}

// describe says each change of a correction in the site's words: every event that moves or
// is cancelled (原定 … 改为 …), every round added, and every other value that changed.
func describe(notice *timeline.Notice, after, before []timeline.Notice, edits map[string][]yamlpatch.Edit, cancel map[string]bool) []string {
	var now *timeline.Notice
	for i := range after {
		if after[i].Meta.ID == notice.Meta.ID {
			now = &after[i]
		}
	}
	year := now.Meta.Year
	rounds := map[string]timeline.Round{}
	for _, r := range now.Rounds {
		rounds[r.ID] = r
	}
	var out []string
	var ids []string
	for c := range cancel {
		ids = append(ids, c)
	}
	sort.Strings(ids)
	for _, c := range ids {
		out = append(out, fmt.Sprintf("取消 %s（%s）：它的全部日程标为已取消，订阅者的日历显示为取消", rounds[c].Name, c))
	}
	moves := change.Between(before, after)
	order := map[string]int{} // each event's place: its round's, then its own in the round
	for i, r := range now.Rounds {
		for j, m := range r.Milestones {
			order[permalink.UID(r.ID, m.ID)] = i*1000 + j
		}
	}
	sort.SliceStable(moves, func(i, j int) bool { return order[moves[i].UID] < order[moves[j].UID] })
	for _, c := range moves {
		r, ok := rounds[c.Round]
		if !ok || cancel[c.Round] {
			continue
		}
		label := c.Milestone
		for _, m := range r.Milestones {
			if m.ID == c.Milestone {
				label = m.Label
			}
		}
		old, new := c.Texts(year)
		switch c.Kind() {
		case change.Cancelled:
			out = append(out, fmt.Sprintf("%s %s：原定 %s，已取消", r.Name, label, old))
		case change.Restored:
			out = append(out, fmt.Sprintf("%s %s：取消撤回，%s 照常进行", r.Name, label, old)) // the same days and time
		default:
			out = append(out, fmt.Sprintf("%s %s：原定 %s，改为 %s", r.Name, label, old, new))
		}
	}
	was := map[string]bool{}
	for _, n := range before {
		for _, r := range n.Rounds {
			was[r.ID] = true
		}
	}
	for _, r := range now.Rounds {
		if was[r.ID] {
			continue
		}
		var days []string
		for _, d := range r.Days {
			days = append(days, timeline.DateText(d.Date, year))
		}
		out = append(out, fmt.Sprintf("新增 %s（%s）：%s，报名截止 %s", r.Name, r.ID, strings.Join(days, "、"), timeline.DateText(r.RegistrationDeadline, year)))
	}
	for _, name := range dataFiles {
		for _, e := range edits[name] {
			if l, ok := editLine(name, e, now); ok {
				out = append(out, l)
			}
		}
	}
	return out
}

// labels name the values of the notice's data in the site's words.
var labels = map[string]string{
	"notice.yaml title":          "通知标题",
	"notice.yaml issuer":         "发文单位",
	"notice.yaml addressees":     "主送",
	"notice.yaml preamble":       "通知开头",
	"notice.yaml levels":         "证书等级",
	"notice.yaml exam.form":      "考试形式",
	"notice.yaml exam.mode":      "考试方式",
	"notice.yaml exam.scope":     "考试范围",
	"notice.yaml exam.pass_rule": "通过条件",
	"fees.yaml unit":             "费用单位",
	"fees.yaml standard":         "考试费用标准",
	"fees.yaml payment":          "缴费说明",
	"fees.yaml deadline.wording": "缴费截止",
	"fees.yaml account.name":     "收款单位",
	"fees.yaml account.number":   "收款账号",
	"fees.yaml account.bank":     "开户银行",
	"groups.yaml intro":          "考试工作群说明",
	"contacts.yaml title":        "联系方式标题",
}

// stepPath reads steps[id=registration].time of an edit's path.
var stepPath = regexp.MustCompile(`^steps\[id=([^\]]+)\]\.?(.*)$`)

// roundPath reads rounds[number=3] and groups[round=2024h2-3] of an edit's path.
var roundPath = regexp.MustCompile(`^(rounds\[number=(\d+)\]|groups\[round=([^\]]+)\])`)

// editLine says an edit of a data file that is not an event's move (those are said by
// their events): a fee, a QQ group, a contact, a text of the notice.
func editLine(file string, e yamlpatch.Edit, n *timeline.Notice) (string, bool) {
	if e.Kind == yamlpatch.Added && strings.HasPrefix(e.Path, "rounds[") && !strings.Contains(e.Path, ".") {
		return "", false // said as 新增
	}
	if file == "groups.yaml" && e.Kind == yamlpatch.Added && !strings.Contains(e.Path, ".") {
		return "", false // the new round's group
	}
	if file == "rounds.yaml" {
		last := e.Path[strings.LastIndex(e.Path, ".")+1:]
		switch last {
		case "date", "weekday", "start", "end", "registration_deadline":
			return "", false
		}
	}
	where := file + " " + e.Path
	if l, ok := labels[file+" "+e.Path]; ok {
		where = l
	}
	if m := stepPath.FindStringSubmatch(e.Path); file == "process.yaml" && m != nil {
		for _, st := range n.Process {
			if st.ID == m[1] {
				where = "考试流程「" + st.Name + "」" + m[2]
			}
		}
	}
	if m := roundPath.FindStringSubmatch(e.Path); m != nil {
		for _, r := range n.Rounds {
			if strconv.Itoa(r.Number) == m[2] || r.ID == m[3] {
				where = r.Name + strings.TrimPrefix(e.Path, m[1])
			}
		}
		if file == "groups.yaml" {
			where = strings.Replace(where, ".number", " QQ群号", 1)
			where = strings.Replace(where, ".name", " QQ群名", 1)
		}
	}
	if file == "fees.yaml" && strings.HasPrefix(e.Path, "levels[level=") && strings.HasSuffix(e.Path, "].yuan") {
		level := strings.TrimSuffix(strings.TrimPrefix(e.Path, "levels[level="), "].yuan")
		return fmt.Sprintf("考试费用 %s：%s 元 → %s 元", level, e.Old, e.New), true
	}
	ours := ""
	if e.Ours {
		ours = "（原数据是我们的更正，现以更正后的通知为准）"
	}
	switch e.Kind {
	case yamlpatch.Added:
		return fmt.Sprintf("%s：新增 %s", where, e.New), true
	case yamlpatch.Removed:
		return fmt.Sprintf("%s：删去 %s", where, e.Old), true
	}
	return fmt.Sprintf("%s：%s → %s%s", where, e.Old, e.New, ours), true
}

func sameFiles(a, b map[string][]byte) bool {
	for name := range a {
		if string(a[name]) != string(b[name]) {
			return false
		}
	}
	return true
}

func sameDays(a, b []data.Day) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Date.Equal(b[i].Date) {
			return false
		}
	}
	return true
}

func maxNumber(rs []timeline.Round) int {
	n := 0
	for _, r := range rs {
		n = max(n, r.Number)
	}
	return n
}

func roundIDs(rs []timeline.Round) string {
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, "、")
}

func exampleRound(ns []timeline.Notice) string {
	if len(ns) > 0 && len(ns[0].Rounds) > 0 {
		return ns[0].Rounds[0].ID
	}
	return "2025h1-1"
}

// noticeOfRounds is the notice that holds the first of the round ids.
func noticeOfRounds(ns []timeline.Notice, ids []string) string {
	for _, n := range ns {
		for _, r := range n.Rounds {
			if round, _, _ := strings.Cut(ids[0], "."); len(ids) > 0 && r.ID == round {
				return n.Meta.ID
			}
		}
	}
	return ""
}
