package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/htmltab"
	"github.com/jixiao-go/jixiao/performance"
)

// screenshot, when set, is where the browser test also writes the first
// screen of the demo's report (PNG): the docs' picture is made with
//
//	go test ./cmd/jixiao -run TestReportInBrowser -screenshot ../../docs/report.png
var screenshot = flag.String("screenshot", "", "also write the first screen of the demo's report (PNG) to this file")

// chromium returns the browser to run: $CHROMIUM, or the first of the usual
// names found.
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// The demo's report in a real browser: headless Chromium opens the file
// offline and every chart's SVG has a non-empty box, every table has the
// rows the HTML holds (and the counts worked out from the sample), the page
// makes no request but for its own file, and nothing is logged as an error.
// A full-page screenshot goes to the test's temporary folder.
func TestReportInBrowser(t *testing.T) {
	exe := chromium()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium found (/usr/bin/chromium, $CHROMIUM or on PATH); CI must install it: scripts/ci-chromium.sh")
		}
		t.Skip("no Chromium found (/usr/bin/chromium, $CHROMIUM or on PATH): install it (scripts/ci-chromium.sh, or apt-get install chromium) to run the browser test")
	}
	for _, l := range []performance.Lang{performance.LangZH, performance.LangEN} {
		t.Run(l.String(), func(t *testing.T) { browse(t, exe, l) })
	}
}

func browse(t *testing.T, exe string, l performance.Lang) {
	dir := t.TempDir()
	page := renderHTML(t, demoInput(t, l), l)
	file := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	tabs, order, err := htmltab.Tables(bytes.NewReader(page))
	require.NoError(t, err)
	charts := strings.Count(string(page), "<svg ")
	require.Greater(t, charts, 5, "the demo's report has charts")

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1280, 2000),
		// A loaded machine (CI, shared cores) may take a while to start it.
		chromedp.WSURLReadTimeout(60*time.Second),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	// Open the tab first (no timeout on this call: it starts the browser).
	require.NoError(t, chromedp.Do(ctx), "start %s", exe)

	var mu sync.Mutex
	var requests, problems []string
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console.error")
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				problems = append(problems, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	}))

	run, stop := context.WithTimeout(ctx, 60*time.Second)
	defer stop()
	require.NoError(t, chromedp.Do(run, chromedp.Navigate("file://"+file)))

	type box struct {
		ID          string  `json:"id"`
		W           float64 `json:"w"`
		H           float64 `json:"h"`
		Title, Desc string
		Labelled    string `json:"labelled"`
	}
	boxes, err := chromedp.Run(run, chromedp.Evaluate[[]box](`Array.from(document.querySelectorAll('svg')).map(s => {
		const r = s.getBBox ? s.getBoundingClientRect() : {width: 0, height: 0};
		const inner = s.getBBox();
		return {id: s.id, w: Math.min(r.width, inner.width), h: Math.min(r.height, inner.height),
			Title: (s.querySelector(':scope > title') || {}).textContent || '',
			Desc: (s.querySelector(':scope > desc') || {}).textContent || '',
			labelled: s.getAttribute('aria-labelledby') || ''};
	})`))
	require.NoError(t, err)
	assert.Len(t, boxes, charts, "the browser sees every chart of the HTML")
	for _, b := range boxes {
		assert.True(t, b.W > 0 && b.H > 0, "chart %s has an empty box: %v × %v", b.ID, b.W, b.H)
		assert.NotEmpty(t, b.Title, "chart %s has no title", b.ID)
		assert.NotEmpty(t, b.Desc, "chart %s has no description", b.ID)
		assert.Equal(t, b.ID+"-title "+b.ID+"-desc", b.Labelled, "chart %s", b.ID)
	}

	type rows struct {
		ID   string `json:"id"`
		Rows int    `json:"rows"`
	}
	got, err := chromedp.Run(run, chromedp.Evaluate[[]rows](`Array.from(document.querySelectorAll('table')).map(t =>
		({id: t.id, rows: t.tBodies.length ? t.tBodies[0].rows.length : 0}))`))
	require.NoError(t, err)
	want := make([]rows, len(order))
	for i, id := range order {
		want[i] = rows{id, len(tabs[id].Rows)}
	}
	assert.Equal(t, want, got, "the tables' rows in the browser")
	// Some counts worked out from the sample: rounds 一上, 二上 and all; four
	// quarters; four grades; 15 + 66 evaluated projects; four forms.
	for id, n := range map[string]int{"exante-rounds": 3, "monitoring-quarters": 4, "eval-key2020-grades": 4,
		"public-key": 81, "self-review": 4, "monitoring-laggards": 5} {
		assert.Contains(t, got, rows{id, n})
	}

	png, err := chromedp.Run(run, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	shot := filepath.Join(dir, "report-"+l.String()+".png")
	require.NoError(t, os.WriteFile(shot, png, 0o644))
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))
	if *screenshot != "" && l == performance.LangZH {
		first, err := chromedp.Run(run, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(*screenshot, first, 0o644))
	}

	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, requests, "the listener saw the page's own request")
	for _, u := range requests {
		assert.True(t, strings.HasPrefix(u, "file://"), "the page requested %s", u)
	}
	assert.Empty(t, problems, "errors in the browser")
}
