package main

import (
	"path/filepath"
	"strings"
	"testing"

	"examnotice/generator/internal/project"
	"examnotice/generator/internal/testkit"
)

// importerData is the folder of the importer's test documents.
var importerData = filepath.Join("internal", "importer", "testdata")

// TestImportCommand adds the next notice as docs/数据维护.md "Add the next notice with the importer"
// says, with the real command: import, check (which wants the lock and the URLs a build
// records), build, check; a second import of the notice and an import of a notice with
// mistakes are refused, exit 1, and the mistaken one publishes nothing.
func TestImportCommand(t *testing.T) {
	t.Setenv(project.SourceDateEpochEnv, "1764633600") // 2025-12-02 in Asia/Shanghai
	root := testkit.Project(t, testkit.Notice)
	variant := filepath.Join(importerData, "variants", "notice-2025h2.txt")
	testkit.RunCLI(t, runGenerator, []testkit.CLICase{
		{Name: "no file", Args: []string{"import", "-root", root}, Code: 2, Wants: []string{"import takes one FILE"}},
		{Name: "two files", Args: []string{"import", "-root", root, variant, variant}, Code: 2, Wants: []string{"import takes one FILE"}},
		{Name: "import", Args: []string{"import", "-root", root, variant}, Code: 0, Wants: []string{"已导入通知 2025h2", "共 3 次统考：", "2025h2-4 第四次统考，报名截止 2025-09-30", "updated: 是 2025-12-02", "入群链接"}},
		{Name: "again", Args: []string{"import", "-root", root, variant}, Code: 1, Wants: []string{"notice 2025h2 exists already", "nothing was imported"}},
		{Name: "check before a build", Args: []string{"check", "-root", root}, Code: 1, Wants: []string{"data/public-urls.txt is out of date"}},
		{Name: "build", Args: []string{"build", "-root", root}, Code: 0, Wants: []string{"2 notices, 5 rounds"}},
		{Name: "check", Args: []string{"check", "-root", root}, Code: 0, Wants: []string{"data ok: 2 notices, 5 rounds"}},
	})

	t.Run("mistakes", func(t *testing.T) {
		root := testkit.Project(t, testkit.Notice)
		out := filepath.Join(t.TempDir(), "public")
		buildOK(t, root, out)
		_, errs, code := runGenerator(t, "import", "-root", root, filepath.Join(importerData, "mistakes", "notice-2025h2.txt"))
		if code != 1 || !strings.Contains(errs, "rounds.yaml:19:18: weekday label 周四 does not match 2025-09-26") || !strings.Contains(errs, "a build publishes nothing") {
			t.Errorf("exit %d, want 1 naming the mistake\n%s", code, errs)
		}
		refused(t, root, out, "weekday label 周四 does not match 2025-09-26", "实操考试 session 15:00–17:00 lasts 120 minutes")
	})
}

// TestAmendCommand corrects a notice as docs/数据维护.md "修订通知" says, with the real command: a dry
// run, the correction, the same again, a correction that drops a round (refused, exit 1),
// a round cancelled, and the build.
func TestAmendCommand(t *testing.T) {
	t.Setenv(project.SourceDateEpochEnv, "1796601600") // 2026-12-07 in Asia/Shanghai
	root := testkit.Empty(t)
	original := filepath.Join(importerData, "handmade", "2024h2", "notice-2024h2.txt")
	corrected := filepath.Join(importerData, "amend", "corrected.docx")
	testkit.RunCLI(t, runGenerator, []testkit.CLICase{
		{Name: "import", Args: []string{"import", "-root", root, original}, Code: 0, Wants: []string{"已导入通知 2024h2"}},
		{Name: "again without -amend", Args: []string{"import", "-root", root, corrected}, Code: 1, Wants: []string{"notice 2024h2 exists already", "import -amend"}},
		{Name: "build", Args: []string{"build", "-root", root}, Code: 0},
		{Name: "-amend without a file", Args: []string{"import", "-root", root, "-amend"}, Code: 2, Wants: []string{"import -amend takes the corrected notice FILE"}},
		{Name: "-dry-run alone", Args: []string{"import", "-root", root, "-dry-run", corrected}, Code: 2, Wants: []string{"-dry-run and -note go with -amend, -cancel or -restore"}},
		{Name: "dry run", Args: []string{"import", "-root", root, "-amend", "-dry-run", corrected}, Code: 0, Wants: []string{"将修改（试运行） 5 处", "第三次统考 理论考试：原定 9月27日（周五） 08:30–09:30，改为 09:00–10:00", "考试费用 高级：300 元 → 310 元", "什么也没有写入"}},
		{Name: "correction", Args: []string{"import", "-root", root, "-amend", corrected}, Code: 0, Wants: []string{"已修改 5 处", "第五次统考 报名截止：原定 11月9日（周六），改为 11月8日（周五）", "data/notices/2024h2/rounds.yaml"}},
		{Name: "the same again", Args: []string{"import", "-root", root, "-amend", corrected}, Code: 0, Wants: []string{"没有要修改的地方"}},
		{Name: "a round dropped", Args: []string{"import", "-root", root, "-amend", filepath.Join(importerData, "amend", "without-round-7.txt")}, Code: 1, Wants: []string{"统考 2024h2-7（第七次统考）在更正后的通知里没有了", "-cancel 2024h2-7", "什么也没有写入"}},
		{Name: "cancel", Args: []string{"import", "-root", root, "-cancel", "2024h2-7"}, Code: 0, Wants: []string{"取消 第七次统考（2024h2-7）"}},
		{Name: "build the correction", Args: []string{"build", "-root", root}, Code: 0},
		{Name: "check", Args: []string{"check", "-root", root}, Code: 0, Wants: []string{"data ok"}},
	})
}
