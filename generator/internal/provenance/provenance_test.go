package provenance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// fixture is a copy of testdata/valid to edit.
func fixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	testkit.Copy(t, root, filepath.Join("testdata", "valid"))
	return root
}

// edit is one change of a file of a project: the first old becomes new; with old empty,
// the file is written with new.
type edit struct{ file, old, new string }

func (e edit) apply(t *testing.T, root string) {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(e.file))
	if e.old == "" {
		if err := os.WriteFile(path, []byte(e.new), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), e.old) {
		t.Fatalf("%s does not contain %q", e.file, e.old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), e.old, e.new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestValid(t *testing.T) {
	if err := Check(filepath.Join("testdata", "valid")); err != nil {
		t.Fatalf("the fixture fails:\n%v", err)
	}
}

// Each case changes one place of the fixture; Check must report exactly want.
func TestMismatch(t *testing.T) {
	const text = "data/notices/2024h2/notice-2024h2.txt"
	tests := []struct {
		name            string
		file, old, repl string
		want            string
	}{
		{"date changed in the data", "data/notices/2024h2/rounds.yaml", "date: 2024-09-26", "date: 2024-09-25",
			"data/notices/2024h2/rounds.yaml:13:15: 2024-09-25 (第三次统考) is not in the notice; data/notices/2024h2/notice-2024h2.txt:14 has 9月26日 there; change one so that both say the same"},
		{"date changed in the text", text, "第三次统考\t9月26日", "第三次统考\t9月25日",
			"data/notices/2024h2/rounds.yaml:13:15: 2024-09-26 (第三次统考) is not in the notice; data/notices/2024h2/notice-2024h2.txt:14 has 9月25日 there; change one so that both say the same"},
		{"deadline changed in the text", text, "15:00\t11月23日", "15:00\t11月24日",
			"data/notices/2024h2/rounds.yaml:59:28: 2024-11-23 (第六次统考 报名截止时间) is not in the notice; data/notices/2024h2/notice-2024h2.txt:27 has 11月24日 there; change one so that both say the same"},
		{"exam day moved onto another round's deadline", "data/notices/2024h2/rounds.yaml", "date: 2024-11-22", "date: 2024-11-23",
			"data/notices/2024h2/rounds.yaml:50:15: 2024-11-23 (第五次统考) is not in the notice; data/notices/2024h2/notice-2024h2.txt:23 has 11月22日 there; change one so that both say the same"},
		{"group number missing from the data", "data/notices/2024h2/groups.yaml", "  - {round: 2024h2-3, name: 2024年9月第三次统考群, number: \"912433171\"}\n", "",
			"data/notices/2024h2/notice-2024h2.txt:78: 群号 912433171 (第三次统考) is not in data/notices/2024h2/groups.yaml; add it there or list it in data/notices/2024h2/provenance.txt with the reason"},
		{"group number changed in the text", text, "群号:912261655", "群号:912261656",
			"data/notices/2024h2/groups.yaml:8:53: 群号 912261655 (第四次统考) is not in the notice; data/notices/2024h2/notice-2024h2.txt:83 has 群号 912261656 there; change one so that both say the same"},
		{"groups swapped in the data", "data/notices/2024h2/groups.yaml", "{round: 2024h2-6,", "{round: 2024h2-7,",
			"data/notices/2024h2/groups.yaml:10:53: 群号 584509346 (第七次统考) is not in the notice; data/notices/2024h2/notice-2024h2.txt:93 has it for 第六次统考; change one so that both say the same\n" +
				"data/notices/2024h2/notice-2024h2.txt:93: 群号 584509346 (第六次统考) is not in data/notices/2024h2/groups.yaml; data/notices/2024h2/groups.yaml:10:53 has it for 第七次统考; change one so that both say the same"},
		{"phone changed in the data", "data/notices/2024h2/contacts.yaml", "15850698632", "15850698633",
			"data/notices/2024h2/contacts.yaml:8:46: 电话 15850698633 (京、津、蒙) is not in the notice; data/notices/2024h2/notice-2024h2.txt:104 has 电话 15850698632 there; change one so that both say the same"},
		{"office phone changed in the text", text, "025-83152910", "025-83152911",
			"data/notices/2024h2/contacts.yaml:21:39: 电话 025-83152910 (1+X 办公室) is not in the notice; data/notices/2024h2/notice-2024h2.txt:119 has 电话 025-83152911 there; change one so that both say the same"},
		{"fee changed in the data", "data/notices/2024h2/fees.yaml", "{level: 中级, yuan: 290}", "{level: 中级, yuan: 295}",
			"data/notices/2024h2/fees.yaml:7:23: 295 元 (中级) is not in the notice; data/notices/2024h2/notice-2024h2.txt:59 has 290 元 there; change one so that both say the same"},
		{"fee changed in the quoted standard", "data/notices/2024h2/fees.yaml", "中级 290 元/人次", "中级 295 元/人次",
			"data/notices/2024h2/fees.yaml:10:11: 295 元 (standard 中级) is not in the notice; data/notices/2024h2/notice-2024h2.txt:59 has 290 元 there; change one so that both say the same"},
		{"time changed in the data", "data/notices/2024h2/rounds.yaml", `start: "14:00", end: "15:00"`, `start: "14:00", end: "15:10"`,
			"data/notices/2024h2/rounds.yaml:16:52: 15:10 (第三次统考 2024-09-26 理论考试 end) is not in the notice; data/notices/2024h2/notice-2024h2.txt:14 has 15:00 there; change one so that both say the same"},
		{"time changed in the data (README's example)", "data/notices/2024h2/rounds.yaml", `{subject: theory, start: "08:30", end: "09:30"`, `{subject: theory, start: "09:00", end: "09:30"`,
			"data/notices/2024h2/rounds.yaml:21:38: 09:00 (第三次统考 2024-09-27 理论考试 start) is not in the notice; data/notices/2024h2/notice-2024h2.txt:16 has 08:30 there; change one so that both say the same"},
		{"time changed in the text", text, "10:00-12:30", "10:00-12:00",
			"data/notices/2024h2/rounds.yaml:22:55: 12:30 (第三次统考 2024-09-27 实操考试 end) is not in the notice; data/notices/2024h2/notice-2024h2.txt:17 has 12:00 there; change one so that both say the same"},
		{"account number changed in the text", text, "账号：01540120210011682", "账号：01540120210011683",
			"data/notices/2024h2/fees.yaml:22:11: 账号 01540120210011682 is not in the notice; data/notices/2024h2/notice-2024h2.txt:67 has 账号 01540120210011683 there; change one so that both say the same"},
		{"a date of the text not carried", text, "开户行：南京银行长江支行", "开户行：南京银行长江支行（9月1日前缴纳）",
			"data/notices/2024h2/notice-2024h2.txt:69: 9月1日 is not in data/notices/2024h2/fees.yaml; add it there or list it in data/notices/2024h2/provenance.txt with the reason"},
		{"the revision date not listed", "data/notices/2024h2/provenance.txt", "\nupdated: data/notices/2024h2/notice.yaml", "\n# updated: data/notices/2024h2/notice.yaml",
			"data/notices/2024h2/notice.yaml:12:10: 2026-11-28 (updated) is not in the notice; add it to data/notices/2024h2/notice-2024h2.txt or list it in data/notices/2024h2/provenance.txt with the reason"},
		{"a not-carried line that leaves out nothing", "data/notices/2024h2/provenance.txt", "\nupdated: data/notices/2024h2/notice.yaml", "\n9月1日 data/notices/2024h2/notice-2024h2.txt an example\nupdated: data/notices/2024h2/notice.yaml",
			"data/notices/2024h2/provenance.txt:15: 9月1日 leaves out nothing in data/notices/2024h2/notice-2024h2.txt; remove this line"},
		{"a not-carried line at a line without the value", "data/notices/2024h2/provenance.txt", "\nupdated: data/notices/2024h2/notice.yaml", "\n14:00 data/notices/2024h2/rounds.yaml:17 an example\nupdated: data/notices/2024h2/notice.yaml",
			"data/notices/2024h2/provenance.txt:15: 14:00 leaves out nothing in data/notices/2024h2/rounds.yaml; remove this line"},
		{"a not-carried line with a bad line number", "data/notices/2024h2/provenance.txt", "\nupdated: data/notices/2024h2/notice.yaml", "\n14:00 data/notices/2024h2/rounds.yaml:x an example\nupdated: data/notices/2024h2/notice.yaml",
			"data/notices/2024h2/provenance.txt:15: data/notices/2024h2/rounds.yaml:x: \"x\" is not a line number; expected <file> or <file>:<line>"},
		{"a not-carried line without a reason", "data/notices/2024h2/provenance.txt", "\nupdated: data/notices/2024h2/notice.yaml", "\n9月1日 data/notices/2024h2/notice-2024h2.txt\nupdated: data/notices/2024h2/notice.yaml",
			"data/notices/2024h2/provenance.txt:15: expected <value-or-key:> <file> <reason>, e.g. \"updated: data/notices/2024h2/notice.yaml our revision date, not the notice's\""},
		{"holiday range changed in the text", "data/workdays-2024.txt", "2月10日至17日", "2月10日至16日",
			"data/workdays.yaml:10:42: 春节 from 2024-02-10 to 2024-02-17 is not in data/workdays-2024.txt; data/workdays-2024.txt:10 has 春节：2月10日至16日 (2024-02-10 to 2024-02-16); change one so that both say the same"},
		{"holiday range changed in the data", "data/workdays.yaml", "{name: 端午节, from: 2024-06-10, to: 2024-06-10}", "{name: 端午节, from: 2024-06-10, to: 2024-06-11}",
			"data/workdays.yaml:13:43: 端午节 from 2024-06-10 to 2024-06-11 is not in data/workdays-2024.txt; data/workdays-2024.txt:16 has 端午节：6月10日 (2024-06-10 to 2024-06-10); change one so that both say the same"},
		{"holiday missing from the data", "data/workdays.yaml", "      - {name: 端午节, from: 2025-05-31, to: 2025-06-02}\n", "",
			"data/workdays-2025.txt:16: 端午节：5月31日至6月2日 is not in data/workdays.yaml; add {name: 端午节, from: 2025-05-31, to: 2025-06-02} to the holidays of 2025 there (data/workdays.yaml:20:5)"},
		{"holiday named otherwise in the data", "data/workdays.yaml", "{name: 国庆节、中秋节,", "{name: 国庆节,",
			"data/workdays.yaml:26:16: holiday 国庆节 (2025-10-01 to 2025-10-08) is called 国庆节、中秋节 in data/workdays-2025.txt:18; change one so that both say the same"},
		{"上班 day missing from workdays.yaml", "data/workdays.yaml", "2024-04-07, ", "",
			"data/workdays-2024.txt:12: 上班 day 4月7日 (清明节) is not in data/workdays.yaml; add 2024-04-07 to the workdays of 2024 there (data/workdays.yaml:17:5)"},
		{"上班 day missing from the text", "data/workdays-2025.txt", "4月27日（周日）上班。", "",
			"data/workdays.yaml:28:40: 上班 day 2025-04-27 is not in data/workdays-2025.txt; add it there or remove it here"},
		{"上班 day changed in the data", "data/workdays.yaml", "2026-02-28", "2026-02-21",
			"data/workdays.yaml:40:40: 上班 day 2026-02-21 is not in data/workdays-2026.txt; data/workdays-2026.txt:9 has 2月28日 (2026-02-28) there; change one so that both say the same"},
		{"a year without a source text", "data/workdays.yaml", "years:\n", "years:\n  - year: 2023\n    source: 国务院办公厅关于2023年部分节假日安排的通知\n    holidays: []\n    workdays: []\n",
			"data/workdays.yaml:6:11: year 2023 has no source text; add data/workdays-2023.txt with the wording of 国务院办公厅关于2023年部分节假日安排的通知 (一、元旦：… 二、春节：…)"},
		{"a source text without a year", "data/workdays-2027.txt", "", "国务院办公厅关于2027年部分节假日安排的通知\n\n一、元旦：1月1日放假。\n",
			"data/workdays-2027.txt:1: data/workdays.yaml has no year 2027; add that year's arrangement there from this text, or remove this file"},
		{"source not naming its text", "data/workdays.yaml", "（国办发明电〔2024〕12号）", "（国办发明电〔2024〕13号）",
			"data/workdays.yaml:19:13: source \"国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕13号）\" does not name data/workdays-2025.txt; expected \"国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）\": that text's title, and in （） its document number or date as written there"},
		{"source text title of another year", "data/workdays-2026.txt", "关于2026年", "关于2025年",
			"data/workdays-2026.txt:1: the title \"国务院办公厅关于2025年部分节假日安排的通知\" does not name 2026年部分节假日安排; expected the first line to be the notice's title, 国务院办公厅关于2026年部分节假日安排的通知\n" +
				"data/workdays.yaml:30:13: source \"国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）\" does not name data/workdays-2026.txt; expected \"国务院办公厅关于2025年部分节假日安排的通知（2025年11月4日）\": that text's title, and in （） its document number or date as written there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fixture(t)
			edit{tt.file, tt.old, tt.repl}.apply(t, root)
			err := Check(root)
			if err == nil {
				t.Fatalf("Check passes; want\n%s", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// Changes that keep the data and its sources saying the same thing.
func TestAgree(t *testing.T) {
	const text = "data/notices/2024h2/notice-2024h2.txt"
	tests := []struct {
		name  string
		edits []edit
	}{
		{"an amendment moves a session in both", []edit{
			{"data/notices/2024h2/rounds.yaml", `start: "14:00", end: "15:00"`, `start: "14:30", end: "15:30"`},
			{text, "14:00-15:00", "14:30-15:30"},
		}},
		{"an amendment moves an exam day in both", []edit{
			{"data/notices/2024h2/rounds.yaml", "date: 2024-12-21\n        weekday: 周六", "date: 2024-12-22\n        weekday: 周日"},
			{text, "12月21日 (周六)", "12月22日 (周日)"},
		}},
		{"a value of the text listed as not carried", []edit{
			{text, "开户行：南京银行长江支行", "开户行：南京银行长江支行（9月1日前缴纳）"},
			{"data/notices/2024h2/provenance.txt", "\nupdated:", "\n9月1日 " + text + " an example of a date the data does not carry\nupdated:"},
		}},
		{"a correction of one session, listed at its lines", []edit{
			{"data/notices/2024h2/rounds.yaml", `start: "14:00", end: "15:00"`, `start: "14:30", end: "15:30"`},
			{"data/notices/2024h2/provenance.txt", "\nupdated:", "\n14:30 data/notices/2024h2/rounds.yaml:16 corrected\n15:30 data/notices/2024h2/rounds.yaml:16 corrected\n" +
				"14:00 " + text + ":14 the notice's mistake\n15:00 " + text + ":14 the notice's mistake\nupdated:"},
		}},
		{"a contact's provinces in another order", []edit{
			{"data/notices/2024h2/contacts.yaml", "provinces: [京, 津, 蒙]", "provinces: [津, 蒙, 京]"},
		}},
		{"a holiday moved in both", []edit{
			{"data/workdays.yaml", "{name: 中秋节, from: 2026-09-25, to: 2026-09-27}", "{name: 中秋节, from: 2026-09-24, to: 2026-09-26}"},
			{"data/workdays-2026.txt", "9月25日至27日", "9月24日至26日"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fixture(t)
			for _, e := range tt.edits {
				e.apply(t, root)
			}
			if err := Check(root); err != nil {
				t.Errorf("Check fails:\n%v", err)
			}
		})
	}
}

// The real project's data against its sources: the one place this is checked.
func TestRealData(t *testing.T) {
	const real = "../../.."
	if err := Check(real); err != nil {
		t.Fatalf("the project's data differs from its sources:\n%v", err)
	}
	// One session moved in the data only must fail, naming the data and the text.
	root := t.TempDir()
	testkit.Copy(t, project.Layout{Root: root}.Data(), project.Layout{Root: real}.Data())
	edit{"data/notices/2024h2/rounds.yaml", `{subject: theory, start: "14:00", end: "15:00"`, `{subject: theory, start: "14:30", end: "15:30"`}.apply(t, root)
	err := Check(root)
	if err == nil {
		t.Fatal("Check passes with a session moved in data/notices/2024h2/rounds.yaml only")
	}
	got := strings.Split(err.Error(), "\n")
	if len(got) != 2 {
		t.Errorf("got %d problems, want 2 (the start and the end):\n%v", len(got), err)
	}
	for _, l := range got {
		if !strings.HasPrefix(l, "data/notices/2024h2/rounds.yaml:") || !strings.Contains(l, "; data/notices/2024h2/notice-2024h2.txt:") || !strings.Contains(l, "change one so that both say the same") {
			t.Errorf("the problem does not name both places:\n%s", l)
		}
	}
}

// The test notices of generator/testdata agree with their texts, each notice with its own.
func TestFixtures(t *testing.T) {
	for _, name := range []string{testkit.Notice, testkit.Two} {
		if err := Check(testkit.Fixture(name)); err != nil {
			t.Errorf("generator/testdata/%s differs from its sources:\n%v", name, err)
		}
	}
}

// In a project with several notices each is checked against its own text, and a mismatch
// names that notice's files only.
func TestSeveralNotices(t *testing.T) {
	// two is testdata/valid (2024h2) with the test notice 2025h1 of generator/testdata beside it.
	two := func(t *testing.T) string {
		t.Helper()
		root := fixture(t)
		testkit.Copy(t, filepath.Join(root, "data", "notices", "2025h1"), filepath.Join(testkit.Fixture(testkit.Notice), "data", "notices", "2025h1"))
		return root
	}
	t.Run("both agree", func(t *testing.T) {
		if err := Check(two(t)); err != nil {
			t.Fatalf("Check fails:\n%v", err)
		}
	})
	tests := []struct {
		name string
		edit edit
		want string
	}{
		{"the newer notice disagrees", edit{"data/notices/2025h1/rounds.yaml", "date: 2025-06-13", "date: 2025-06-14"},
			"data/notices/2025h1/rounds.yaml:32:15: 2025-06-14 (第二次统考) is not in the notice; data/notices/2025h1/notice-2025h1.txt:20 has 6月13日 there; change one so that both say the same"},
		{"the older notice disagrees", edit{"data/notices/2024h2/notice-2024h2.txt", "群号:912261655", "群号:912261656"},
			"data/notices/2024h2/groups.yaml:8:53: 群号 912261655 (第四次统考) is not in the notice; data/notices/2024h2/notice-2024h2.txt:83 has 群号 912261656 there; change one so that both say the same"},
		// A value of the other notice's text does not count for this one: 2025h1's group is
		// not in 2024h2's text, though it is in the project.
		{"a value only in the other notice's text", edit{"data/notices/2024h2/groups.yaml", `number: "912261655"`, `number: "123456789"`},
			"data/notices/2024h2/groups.yaml:8:53: 群号 123456789 (第四次统考) is not in the notice; data/notices/2024h2/notice-2024h2.txt:83 has 群号 912261655 there; change one so that both say the same"},
		// Each notice has its own list of values not carried, naming its own files.
		{"a list naming another notice's file", edit{"data/notices/2025h1/provenance.txt", "\nupdated: data/notices/2025h1/notice.yaml", "\nupdated: data/notices/2024h2/notice.yaml"},
			"data/notices/2025h1/notice.yaml:12:10: 2025-03-01 (updated) is not in the notice; add it to data/notices/2025h1/notice-2025h1.txt or list it in data/notices/2025h1/provenance.txt with the reason\n" +
				"data/notices/2025h1/provenance.txt:15: data/notices/2024h2/notice.yaml is not a file this check compares; expected one of data/notices/2025h1/notice-2025h1.txt, data/notices/2025h1/notice.yaml, data/notices/2025h1/rounds.yaml, data/notices/2025h1/process.yaml, data/notices/2025h1/fees.yaml, data/notices/2025h1/groups.yaml, data/notices/2025h1/contacts.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := two(t)
			tt.edit.apply(t, root)
			err := Check(root)
			if err == nil {
				t.Fatalf("Check passes; want\n%s", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// The layout: a project without data/notices/ is reported, and a notice's text is a file of
// its folder.
func TestLayout(t *testing.T) {
	tests := []struct {
		name string
		prep func(t *testing.T, root string)
		want string
	}{
		{"no notices folder", func(t *testing.T, root string) {
			if err := os.RemoveAll(filepath.Join(root, "data", "notices")); err != nil {
				t.Fatal(err)
			}
		}, "data/notices: cannot read the directory (no such file or directory); expected one folder per notice, data/notices/<notice id>/"},
		{"the text elsewhere", func(t *testing.T, root string) {
			edit{"data/notices/2024h2/notice.yaml", "source_file: notice-2024h2.txt", "source_file: ../../../content/source/notice-2024h2.txt"}.apply(t, root)
		}, "data/notices/2024h2/notice.yaml:13:14: expected source_file: the notice's text, the name of a file in data/notices/2024h2 (source_file: notice-2024h2.txt)"},
		{"the text missing", func(t *testing.T, root string) {
			if err := os.Remove(filepath.Join(root, "data", "notices", "2024h2", "notice-2024h2.txt")); err != nil {
				t.Fatal(err)
			}
		}, "data/notices/2024h2/notice-2024h2.txt: cannot read the file (no such file or directory)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fixture(t)
			tt.prep(t, root)
			err := Check(root)
			if err == nil {
				t.Fatalf("Check passes; want\n%s", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestScan(t *testing.T) {
	tests := []struct {
		in   string
		want []token
	}{
		{"9月26日 (周四)", []token{{kind: kindDate, raw: "9月26日", value: "2024-09-26"}}},
		{"09月14日", []token{{kind: kindDate, raw: "09月14日", value: "2024-09-14"}}},
		{"2025年1月5日", []token{{kind: kindDate, raw: "2025年1月5日", value: "2025-01-05"}}},
		{"2月30日", []token{{kind: kindDate, raw: "2月30日", value: "2月30日"}}},
		{"updated 2026-11-28", []token{{kind: kindDate, raw: "2026-11-28", value: "2026-11-28"}}},
		{"8:30-09:30", []token{{kind: kindTime, raw: "8:30", value: "08:30", role: "start"}, {kind: kindTime, raw: "09:30", value: "09:30", role: "end"}}},
		{"初级 280 元/人次、300元", []token{{kind: kindFee, raw: "280 元", value: "280", role: "初级"}, {kind: kindFee, raw: "300 元", value: "300"}}},
		{"1+X 办公室联系方式：025-83152910 李老师", []token{{kind: kindNumber, raw: "025-83152910", value: "02583152910"}}},
		{"群号:912433171", []token{{kind: kindNumber, raw: "912433171", value: "912433171"}}},
		{"2024年9月第三次统考群；考试前 14 日；60分钟；1+X", nil},
	}
	for _, tt := range tests {
		got := scan(tt.in, 2024)
		if len(got) != len(tt.want) {
			t.Errorf("scan(%q) = %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("scan(%q)[%d] = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}
