package sitefolder

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	shared "examnotice/data"
	"examnotice/generator/internal/data"
	"examnotice/generator/internal/datafile"
	"examnotice/generator/internal/project"
)

// newSite is what Init writes besides the data: the folder's commented hugo.toml and the
// short note of the next steps.
//
//go:embed newsite
var newSite embed.FS

// Init makes dir a new site folder: a commented hugo.toml with the address and the deploy
// target to fill in, a data/ with the provinces and the working days and no notice yet, an
// empty data/notices/, and 使用说明.txt, the next steps. When program is not empty, the
// program (exam-notice itself) is copied into the folder too, so that staff run it there as
// the note says. dir must be missing or empty: Init never overwrites anything.
func Init(dir, program string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s 已经存在，里面也有文件：新网站文件夹要用一个新名字（或一个空文件夹）；已有的网站文件夹不用再初始化", filepath.ToSlash(dir))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("读取 %s 失败：%w", filepath.ToSlash(dir), err)
	}
	files := map[string][]byte{}
	folder, err := fs.Sub(newSite, "newsite")
	if err != nil {
		return err
	}
	if err := add(files, folder, ".", ""); err != nil {
		return err
	}
	if err := add(files, shared.Shared, ".", "data"); err != nil {
		return err
	}
	l := project.Layout{Root: dir}
	for name, b := range files {
		if err := datafile.Write(filepath.Join(dir, filepath.FromSlash(name)), b); err != nil {
			return fmt.Errorf("写入 %s 失败：%w", path.Join(filepath.ToSlash(dir), name), err)
		}
	}
	if err := os.MkdirAll(filepath.Join(l.Data(), data.NoticesDir), 0o755); err != nil {
		return err
	}
	if program == "" {
		return nil
	}
	return copyProgram(program, filepath.Join(dir, filepath.Base(program)))
}

// copyProgram copies the program file from to the new file to, executable.
func copyProgram(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("复制程序到网站文件夹失败：%w", err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return fmt.Errorf("复制程序到网站文件夹失败：%w", err)
	}
	_, err = io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("复制程序到网站文件夹失败：%w", err)
	}
	return nil
}
