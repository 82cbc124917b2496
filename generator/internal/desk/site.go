package desk

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"examnotice/generator/internal/deploy"
	"examnotice/generator/internal/pipeline"
	"examnotice/generator/internal/project"
)

// publishInfo is what 发布 says before anything is done.
type publishInfo struct {
	Target      string
	Address     string
	Credentials string // where the keys come from, never the keys
	CanDeploy   bool
	Problem     string
}

func (d *Desk) previewPage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "预览", Nav: "preview"}
	if _, err := os.Stat(filepath.Join(d.previewDir(), "index.html")); err == nil {
		p.Preview = "http://" + d.preview + "/"
	}
	d.render(w, http.StatusOK, "preview", p)
}

// previewBuild builds the site as it will be published, for the preview's address, without
// touching public/ or the records of data/.
func (d *Desk) previewBuild(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p := page{Title: "预览", Nav: "preview"}
	var log bytes.Buffer
	if err := d.build(d.previewDir(), "http://"+d.preview+"/", true, &log); err != nil {
		p.Error = d.words(err)
	} else {
		p.Preview = "http://" + d.preview + "/"
		p.Done = true
	}
	p.Text = d.warnings(log.String())
	d.render(w, http.StatusOK, "preview", p)
}

// build builds the site folder into out for base ("" for the site's own), as a draft (the
// records of data/ untouched) or for real.
func (d *Desk) build(out, base string, draft bool, log *bytes.Buffer) error {
	p, err := project.Open(d.root)
	if err != nil {
		return err
	}
	_, err = pipeline.Run(p, pipeline.Options{Out: out, BaseURL: base, Draft: draft, Log: log})
	return err
}

// warnings keeps of a build's log the warnings that matter to staff (not the local address
// of a preview), each after what it means in Chinese.
func (d *Desk) warnings(log string) string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if w, ok := strings.CutPrefix(l, "warning: "); ok && !strings.Contains(l, "is local") {
			out = append(out, "提示："+hint(w)+"\n  "+d.words(errors.New(w)))
		}
	}
	return strings.Join(out, "\n")
}

// credentialsFile is where the desk finds the bucket's keys when the environment has none:
// the AWS shared-credentials format, in the user's configuration directory (never data/).
func credentialsFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "exam-notice", "credentials")
}

// credentials makes the keys available to the deploy and says where they come from.
func credentials() (string, bool) {
	if os.Getenv("AWS_ACCESS_KEY_ID") != "" {
		return "环境变量 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY", true
	}
	if f := credentialsFile(); f != "" {
		if _, err := os.Stat(f); err == nil {
			os.Setenv("AWS_SHARED_CREDENTIALS_FILE", f)
			return "文件 " + f, true
		}
		return "没有找到访问密钥：请把它写进 " + f + "（格式：第一行 [default]，然后 aws_access_key_id = …、aws_secret_access_key = … 各一行），或设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，然后重启工作台", false
	}
	return "没有找到访问密钥：请设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY", false
}

func (d *Desk) publishInfo() *publishInfo {
	info := &publishInfo{CanDeploy: deploy.Available()}
	p, err := project.Open(d.root)
	if err != nil {
		info.Problem = d.words(err)
		return info
	}
	targets := p.Targets()
	if len(targets) == 0 {
		info.Problem = "hugo.toml 里还没有发布目标（[[deployment.targets]]）：请维护网站的同事填上。"
	} else {
		info.Target = targets[0].Name
		base := targets[0].BaseURL
		if base == "" {
			base, _ = p.BaseURL("")
		}
		info.Address = base
	}
	info.Credentials, _ = credentials()
	if !info.CanDeploy {
		info.Problem = "这个程序没有编入发布功能：请使用发布版（下载的 exam-notice）。"
	}
	return info
}

func (d *Desk) publishPage(w http.ResponseWriter, r *http.Request) {
	d.render(w, http.StatusOK, "publish", page{Title: "发布", Nav: "publish", Publish: d.publishInfo()})
}

// stream writes a long action's log into the page as it comes (a <pre> the template opened).
type stream struct {
	w http.ResponseWriter
	d *Desk
}

func (s stream) Write(p []byte) (int, error) {
	if _, err := s.w.Write([]byte(template.HTMLEscapeString(s.d.rel(string(p))))); err != nil {
		return 0, err
	}
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
	return len(p), nil
}

func (d *Desk) publishDry(w http.ResponseWriter, r *http.Request) { d.publish(w, true) }

func (d *Desk) publishReal(w http.ResponseWriter, r *http.Request) { d.publish(w, false) }

// publish builds and deploys (or does a dry run of it), showing each step as it happens.
func (d *Desk) publish(w http.ResponseWriter, dry bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	info := d.publishInfo()
	title := "发布"
	if dry {
		title = "发布演习"
	}
	p := page{Title: title, Nav: "publish", Publish: info, Dry: dry}
	if info.Problem != "" {
		p.Error = info.Problem
		d.render(w, http.StatusOK, "publish", p)
		return
	}
	p.Token = d.token
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := d.pages.ExecuteTemplate(w, "stream-start", p); err != nil {
		return
	}
	out := stream{w, d}
	var log bytes.Buffer
	site := filepath.Join(d.root, "public")
	if dry {
		site = filepath.Join(d.work(), "dry-run")
	}
	fmt.Fprintln(out, "生成网站…")
	err := d.build(site, "", dry, &log)
	if w := d.warnings(log.String()); w != "" {
		fmt.Fprintln(out, w)
	}
	if err == nil {
		fmt.Fprintln(out, "网站已生成。连接存储桶…")
		var proj *project.Project
		if proj, err = project.Open(d.root); err == nil {
			err = deploy.Run(proj, deploy.Options{Site: site, DryRun: dry, MaxDeletes: deploy.DefaultMaxDeletes, Log: out})
		}
	}
	end := page{Title: title, Token: d.token, Dry: dry}
	switch {
	case err != nil:
		end.Error = d.words(err)
	case dry:
		end.Done = true
	default:
		end.Done = true
		stamp := time.Now().In(shanghai()).Format("2006年1月2日 15:04") + " 发布到 " + info.Address
		os.MkdirAll(d.work(), 0o755)
		os.WriteFile(filepath.Join(d.work(), "published.txt"), []byte(stamp+"\n"), 0o644)
	}
	d.pages.ExecuteTemplate(w, "stream-end", end)
}
