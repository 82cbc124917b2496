package data

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Check applies every rule of each notice (the package's Check) and the rules across
// notices: every id of a notice, round and QQ group unique among all of them (so UIDs are
// too), round numbers unique within a year, each notice in the folder named by its id and
// with its text. The warnings say where a notice's exam days fall on another's. The error,
// if any, is Problems, in file order.
func (l *Library) Check() (warnings Problems, err error) {
	var errs Problems
	for _, n := range l.Notices {
		if err := Check(n); err != nil {
			if ps, ok := err.(Problems); ok {
				errs = append(errs, ps...)
			} else {
				return nil, err
			}
		}
	}
	c := &checker{}
	noticeIDs := map[string]Pos{}
	roundIDs := map[string]Pos{}
	numbers := map[string]Pos{}
	groups := map[string]Pos{}
	for _, n := range l.Notices {
		c.n = n
		at := n.Meta.Keys.Of("id")
		if first, dup := noticeIDs[n.Meta.ID]; dup {
			c.add(at, "notice id %q is also the id of %s; each notice has its own id", n.Meta.ID, first)
		}
		noticeIDs[n.Meta.ID] = at
		if base := filepath.Base(n.Dir); base != n.Meta.ID && !dupID(l, n) {
			c.add(at, "notice id %q is not the name of its folder %s; name the folder by the id (%s)", n.Meta.ID, n.Dir, filepath.Join(filepath.Dir(n.Dir), n.Meta.ID))
		}
		switch text := filepath.Join(n.Dir, n.Meta.SourceFile); {
		case n.Meta.SourceFile == "":
		case filepath.Base(n.Meta.SourceFile) != n.Meta.SourceFile:
			c.add(n.Meta.Keys.Of("source_file"), "source_file %q is not a file name; expected the name of the notice's text in its folder %s, like notice-%s.txt", n.Meta.SourceFile, n.Dir, n.Meta.ID)
		default:
			if info, err := os.Stat(text); err != nil || !info.Mode().IsRegular() {
				c.add(n.Meta.Keys.Of("source_file"), "the notice's text %s is missing; put the notice's text beside its data files, as source_file names it", text)
			}
		}
		for _, r := range n.Rounds {
			at := r.Keys.Of("id")
			if first, dup := roundIDs[r.ID]; dup && first.File != at.File {
				c.add(at, "round id %q is also a round of %s; a round id is a permanent URL and UID: give this one a new id", r.ID, first)
			}
			roundIDs[r.ID] = at
			key := fmt.Sprintf("%d %d", n.Meta.Year, r.Number)
			if first, dup := numbers[key]; dup && first.File != r.Keys.Of("number").File {
				c.add(r.Keys.Of("number"), "round number %d of %d is also used at %s; the rounds of one year are numbered on across its notices", r.Number, n.Meta.Year, first)
			}
			numbers[key] = r.Keys.Of("number")
		}
		for _, g := range n.Groups.Groups {
			at := g.Keys.Of("number")
			if first, dup := groups[string(g.Number)]; dup && first.File != at.File {
				c.add(at, "QQ group %s is also the group of a round at %s; each round has its own group", g.Number, first)
			}
			groups[string(g.Number)] = at
		}
	}
	errs = append(errs, c.errs...)
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	return l.overlaps(), nil
}

// dupID reports whether another notice of l has n's id (then the folder's name is not the problem).
func dupID(l *Library, n *Notice) bool {
	for _, o := range l.Notices {
		if o != n && o.Meta.ID == n.Meta.ID {
			return true
		}
	}
	return false
}

// overlaps warns where an exam day of a notice is also an exam day of another notice.
func (l *Library) overlaps() Problems {
	type day struct {
		notice, round string
	}
	seen := map[string]day{}
	var warnings Problems
	for _, n := range l.Notices {
		for _, r := range n.Rounds {
			for _, d := range r.Days {
				k := d.Date.String()
				if first, ok := seen[k]; ok && first.notice != n.Meta.ID {
					warnings = append(warnings, Problem{Pos: d.Keys.Of("date"),
						Msg: fmt.Sprintf("%s: exam day %s is also an exam day of %s in notice %s; check both notices", r.Name, k, first.round, first.notice)})
					continue
				}
				seen[k] = day{n.Meta.ID, r.Name}
			}
		}
	}
	sort.SliceStable(warnings, func(i, j int) bool { return warnings[i].Pos.File < warnings[j].Pos.File })
	return warnings
}

// Notice returns the notice with the given id.
func (l *Library) Notice(id string) (*Notice, bool) {
	for _, n := range l.Notices {
		if n.Meta.ID == id {
			return n, true
		}
	}
	return nil, false
}
