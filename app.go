package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"time"

	"fieldbook/backend/applog"
	"fieldbook/backend/datadir"
	"fieldbook/backend/demo"
	"fieldbook/backend/desktop"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
)

// version is set at release build time with -ldflags "-X main.version=…".
var version = "dev"

//go:embed all:frontend/dist
var dist embed.FS

// assets is the built frontend, rooted at its index.html.
func assets() fs.FS {
	sub, err := fs.Sub(dist, "frontend/dist")
	if err != nil {
		panic(err) // a constant path into the embedded tree
	}
	return sub
}

// config is what the command line sets.
type config struct {
	dataDir string
	demo    demoFlag
	version bool
	restore string
}

func (c *config) register(fl *flag.FlagSet) {
	fl.StringVar(&c.dataDir, "data-dir", "", "data directory (default: $"+datadir.EnvVar+", else the platform's application data directory)")
	fl.Var(&c.demo, "demo", "fill an empty database with generated demo data: --demo for 600 jobs, --demo=N for N (ten years of them at 100000)")
	fl.BoolVar(&c.version, "version", false, "print the version and exit (opens no window)")
	fl.StringVar(&c.restore, "restore-snapshot", "", "replace a damaged database with this snapshot (its name in the snapshots folder) before opening; the damaged file is kept")
}

// demoFlag is --demo (600 jobs, a year of a busy technician team) or
// --demo=N jobs; 0 is off.
type demoFlag int

const demoDefault = 600

func (f *demoFlag) String() string   { return strconv.Itoa(int(*f)) }
func (f *demoFlag) IsBoolFlag() bool { return true }
func (f *demoFlag) Set(s string) error {
	switch s {
	case "true":
		*f = demoDefault
		return nil
	case "false":
		*f = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 2_000_000 {
		return fmt.Errorf("--demo takes a number of jobs from 0 to 2000000, not %q", s)
	}
	*f = demoFlag(n)
	return nil
}

// loadDemo fills an empty store with n deterministic demo jobs ending
// today, spread over a year per 10,000 jobs (one to ten years).
func loadDemo(ctx context.Context, db *sqlite.DB, n int) error {
	has, err := db.HasJobs(ctx)
	if err != nil || has || n == 0 {
		return err
	}
	years := min(max(n/10_000, 1), 10)
	from := time.Now().AddDate(-years, 0, 0)
	start := time.Now()
	if err := db.LoadDemo(ctx, demo.New(1).SetsOver(n, from, int(time.Since(from).Hours()/24)+1), 2000); err != nil {
		return err
	}
	db.StartIndexing() // search says "still indexing" until it is done
	// The demo laptop works alone, as one of the demo's technicians: it opens
	// on its jobs, not on the first-run setup.
	st, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	if st.Setup == "" {
		st.Setup = fieldbook.SetupAlone
		st.Technician, st.Company = demo.Profile()
		if _, err := db.SaveSettings(ctx, st); err != nil {
			return err
		}
	}
	took := time.Since(start)
	slog.Info("demo data loaded", "jobs", n, "years", years, "ms", took.Milliseconds(), "jobs_per_s", int(float64(n)/took.Seconds()))
	return nil
}

// App is one Fieldbook process: its local store, its log and the structs
// bound to the window.
type App struct {
	db       *sqlite.DB
	openErr  error
	dataDir  string // "" when it could not be determined
	log      *applog.Log
	Services *desktop.Services

	stopWatch context.CancelFunc
	watchDone chan struct{}
}

// watch runs in the background while the app is open: first the integrity
// check of the store (it reads every page: tens of seconds at full size on
// a slow laptop, so never before the window), then a daily snapshot, at
// once when the newest is a day old and then checked every hour. A store
// that failed its check gets no snapshot: it would push out sound ones.
func (a *App) watch(ctx context.Context) {
	defer close(a.watchDone)
	if c := a.Services.CheckStore(ctx); !c.OK {
		return
	}
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if s, took, err := a.db.SnapshotIfDue(ctx, 24*time.Hour); err != nil {
			slog.Error("daily snapshot", "err", err)
		} else if took {
			slog.Info("snapshot taken", "name", s.Name, "bytes", s.Bytes, "reason", s.Reason)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// startWatch starts watch; call it once the window's events are set up.
func (a *App) startWatch() {
	if a.db == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.stopWatch, a.watchDone = cancel, make(chan struct{})
	go a.watch(ctx)
}

// openApp opens the local store. A store that cannot be opened does not stop
// the app: the window shows why, in Chinese and English, and the process
// exits non-zero when it closes. The error is printed to stderr as well.
// open shows a file in the system's viewer.
func openApp(cfg config, started time.Time, open func(path string) error) *App {
	a := &App{}
	info := desktop.SystemInfo{Version: version}
	dir, err := datadir.Resolve(cfg.dataDir)
	if err == nil {
		a.log = applog.Open(dir, os.Stderr)
		slog.SetDefault(a.log.Logger)
		slog.Info("start", "version", version, "os", runtime.GOOS, "arch", runtime.GOARCH)
	}
	if err == nil && cfg.restore != "" {
		var kept string
		if kept, err = sqlite.RestoreDamaged(context.Background(), dir, cfg.restore); err == nil {
			fmt.Fprintf(os.Stderr, "已用快照 %s 恢复数据库；原文件保留为 %s\nRestored the database from %s; the old file is kept as %s\n", cfg.restore, kept, cfg.restore, kept)
		}
	}
	if err == nil {
		info.DataDir, a.dataDir = dir, dir
		a.db, err = sqlite.Open(context.Background(), dir)
		if err == nil && cfg.demo > 0 {
			if err = loadDemo(context.Background(), a.db, int(cfg.demo)); err != nil {
				a.db.Close()
				a.db = nil
			}
		}
	} else {
		err = fieldbook.Wrap(err, fieldbook.EIO, "无法确定数据目录，请用 --data-dir 指定。",
			"Cannot determine the data directory; set it with --data-dir.")
	}
	if err != nil {
		a.openErr = err
		p := fieldbook.ToPayload(err)
		fmt.Fprintf(os.Stderr, "现场服务记录无法启动：%s\nFieldbook cannot start: %s\n", p.Message, p.MessageEN)
		slog.Error("open store", "err", err)
	} else {
		slog.Info("store open", "path", a.db.Path(), "open_ms", time.Since(started).Milliseconds())
	}
	a.Services = desktop.New(a.db, a.openErr, info, started, open)
	return a
}

// errorFormatter is what a rejected promise carries to the frontend.
func errorFormatter(err error) any { return fieldbook.ToPayload(err) }

// Close releases the store; the exit code is non-zero when it never opened.
func (a *App) Close() int {
	if a.stopWatch != nil {
		a.stopWatch()
		<-a.watchDone
	}
	code := 0
	if a.db != nil {
		if err := a.db.Close(); err != nil {
			slog.Error("close store", "err", err)
			code = 1
		}
	}
	if a.openErr != nil {
		code = 1
	}
	slog.Info("exit", "code", code)
	if a.log != nil {
		_ = a.log.Close()
	}
	return code
}
