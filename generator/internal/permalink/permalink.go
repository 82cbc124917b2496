// Package permalink is the one table of the site's permanent names: the path of every page,
// feed, single-event file and QR image made from an id of the data, the place each QR code
// leads to, and the UID of every calendar event. The calendars, the QR list and the templates
// (through the generated notice data) take them from here.
//
// Every name made here is a contract: subscribers' calendars, bookmarks and QR codes printed
// on office walls hold them and cannot be told of a change. Never change what a function
// returns for an id that was published; data/calendar.lock and data/public-urls.txt record
// what was, and the build refuses to publish a site that drops one.
//
// Paths are relative to the site's base URL, slash-separated, without a leading slash: join
// them to the base URL for an absolute link, or give them to Hugo's relURL.
package permalink

import "strings"

// The site's fixed pages and files.
const (
	Home      = ""
	Schedule  = "schedule/"
	Process   = "process/"
	Fees      = "fees/"
	Groups    = "groups/"
	Contacts  = "contacts/"
	Subscribe = "subscribe/"
	Source    = "source/"
	Rounds    = "rounds/"
	Notices   = "notices/" // the list of every notice, newest first
	Changes   = "changes/" // every change of every notice's schedule, newest first
	JSON      = "notice.json"
	AllFeed   = "calendars/all.ics"
	SiteQR    = "qr/site" // a QR image without its extension: .png and .svg
	ChangesQR = "qr/changes"
)

// SubscribeAnchor is the place on a round's page where its feed is offered.
const subscribeAnchor = "subscribe"

// uidDomain ends every UID.
const uidDomain = "examnotice"

// Notice is the overview page of a notice; its own schedule, process, fees, groups,
// contacts and source pages are below it (NoticePage).
func Notice(notice string) string { return Notices + notice + "/" }

// NoticePage is a page of a notice of its own: page is Schedule, Process, Fees, Groups,
// Contacts or Source.
func NoticePage(notice, page string) string { return Notice(notice) + page }

// NoticeFeed is the subscribable calendar of every round of one notice.
func NoticeFeed(notice string) string { return "calendars/notices/" + notice + ".ics" }

// NoticeJSON is the checked data and timeline of one notice, for other tools (JSON is the
// current notice's).
func NoticeJSON(notice string) string { return Notice(notice) + JSON }

// SourceText is a notice's text as published, by its file name (source_file of notice.yaml).
func SourceText(file string) string { return Source + file }

// Round is the page of a round.
func Round(round string) string { return Rounds + round + "/" }

// RoundSubscribe is the subscribe section of a round's page, where the round's QR code leads.
func RoundSubscribe(round string) string { return Round(round) + "#" + subscribeAnchor }

// Milestone is a milestone's place on its round's page.
func Milestone(round, milestone string) string { return Round(round) + "#" + milestone }

// Feed is the subscribable calendar of a round.
func Feed(round string) string { return "calendars/" + round + ".ics" }

// Event is the single-event file of a milestone, for calendars that can only import.
func Event(round, milestone string) string { return "calendars/" + round + "/" + milestone + ".ics" }

// UID is the permanent identity of a milestone of a round in every feed. The round id is
// unique across notices (2024h2-3) and permanent, so the UID is too.
func UID(round, milestone string) string { return round + "." + milestone + "@" + uidDomain }

// SplitUID is the round and the milestone id of a UID that UID made.
func SplitUID(uid string) (round, milestone string) {
	uid, _, _ = strings.Cut(uid, "@")
	round, milestone, _ = strings.Cut(uid, ".")
	return round, milestone
}

// GroupAnchor is the HTML id of a round's QQ group on the groups page.
func GroupAnchor(round string) string { return "group-" + round }

// Group is a round's QQ group on the groups page: where its QR code leads when the group
// has no official join link.
func Group(round string) string { return Groups + "#" + GroupAnchor(round) }

// GroupQR is the QR image of a round's QQ group, without its extension.
func GroupQR(round string) string { return "qr/group-" + round }

// RoundQR is the QR image that leads to a round's subscribe section, without its extension.
func RoundQR(round string) string { return "qr/round-" + round }

// File maps a path of the site (as made here, or as listed in data/public-urls.txt) to the
// file of a built site that serves it, slash-separated, and the fragment after '#', if any:
// a path ending in "/" (or the home page, "") is served by its index.html.
func File(path string) (file, fragment string) {
	path = strings.TrimPrefix(path, "/")
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, fragment = path[:i], path[i+1:]
	}
	if path == "" || strings.HasSuffix(path, "/") {
		return path + "index.html", fragment
	}
	return path, fragment
}
