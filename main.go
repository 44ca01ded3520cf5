//go:build !e2e

// Command fieldbook is the Fieldbook desktop app (现场服务记录与归档).
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"fieldbook/backend/desktop"
	"fieldbook/backend/launch"
	"fieldbook/backend/window"
)

//go:embed build/appicon.png
var appIcon []byte

func main() {
	started := time.Now()
	var cfg config
	fl := flag.NewFlagSet("fieldbook", flag.ContinueOnError)
	cfg.register(fl)
	if err := fl.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if cfg.version {
		fmt.Println("fieldbook", version)
		return
	}
	var app *App
	if generatingBindings {
		app = &App{Services: desktop.New(nil, nil, desktop.SystemInfo{}, started, nil)}
	} else {
		app = openApp(cfg, started, launch.File)
	}

	size := window.Default
	if app.dataDir != "" {
		size = window.Load(app.dataDir)
	}
	syncCtx, stopSync := context.WithCancel(context.Background())
	defer stopSync()
	webViewSet := setWebViewEnv()
	// Wails handles SIGTERM and SIGINT itself by closing the window, after
	// which Run returns and the store is closed below.
	err := wails.Run(&options.App{
		Title:     "现场服务记录与归档 · Fieldbook",
		Width:     size.Width,
		Height:    size.Height,
		MinWidth:  window.Min.Width,
		MinHeight: window.Min.Height,
		AssetServer: &assetserver.Options{
			Assets: assets(),
		},
		OnStartup: func(ctx context.Context) {
			app.Services.SetEmit(func(name string, data any) { runtime.EventsEmit(ctx, name, data) })
			if app.db != nil {
				go app.Services.Sync.Run(syncCtx)
			}
			app.startWatch()
		},
		OnDomReady: func(ctx context.Context) {
			slog.Info("window ready", "since_start_ms", time.Since(started).Milliseconds())
			clearWebViewEnv(webViewSet)
			fitScreen(ctx, size)
		},
		OnBeforeClose: func(ctx context.Context) bool {
			if desktop.HoldClose(app.Services.System, time.Now()) {
				runtime.EventsEmit(ctx, desktop.EventCloseRequested)
				return true
			}
			if app.dataDir != "" && !runtime.WindowIsMaximised(ctx) {
				w, h := runtime.WindowGetSize(ctx)
				if err := window.Save(app.dataDir, window.Size{Width: w, Height: h}); err != nil {
					slog.Warn("window size not kept", "err", err)
				}
			}
			return false
		},
		Bind:           app.Services.Bind(),
		ErrorFormatter: errorFormatter,
		// WebKitGTK without GPU compositing: forms and lists draw as fast in
		// software, the app and its web processes take 280 MB instead of
		// 355 (PSS, measured under Xvfb), and drivers that show a blank
		// accelerated window are avoided.
		Linux: &linux.Options{ProgramName: "fieldbook", Icon: appIcon, WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	stopSync()
	if err != nil {
		slog.Error("window", "err", err)
		app.Close()
		os.Exit(1)
	}
	os.Exit(app.Close())
}

// fitScreen shrinks the window to the screen it opened on when the size it
// was closed at does not fit there (a laptop taken off a large monitor).
func fitScreen(ctx context.Context, size window.Size) {
	screens, err := runtime.ScreenGetAll(ctx)
	if err != nil {
		return
	}
	for _, s := range screens {
		if !s.IsCurrent {
			continue
		}
		if fit, changed := size.Fit(window.Size{Width: s.Size.Width, Height: s.Size.Height}); changed {
			runtime.WindowSetSize(ctx, fit.Width, fit.Height)
			runtime.WindowCenter(ctx)
			slog.Info("window fitted to the screen", "width", fit.Width, "height", fit.Height)
		}
	}
}
