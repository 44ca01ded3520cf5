//go:build e2e

// Command fieldbook, built with -tags e2e, serves the embedded frontend to an
// ordinary browser over HTTP, with window.go routed to the same bound structs
// as the desktop window. Browser end-to-end tests drive it; it needs no GTK.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fieldbook/backend/shim"
)

func main() {
	started := time.Now()
	var cfg config
	fl := flag.NewFlagSet("fieldbook-e2e", flag.ContinueOnError)
	cfg.register(fl)
	addr := fl.String("addr", "127.0.0.1:0", "address to listen on (loopback)")
	if err := fl.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	// The browser tests read the document itself; opening a viewer is logged.
	app := openApp(cfg, started, func(path string) error {
		slog.Info("open document", "path", path)
		return nil
	})
	app.startWatch()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		slog.Error("listen", "err", err)
		os.Exit(1)
	}
	// The test runner reads this line to find the server.
	fmt.Printf("listening http://%s/\n", ln.Addr())
	srv := &http.Server{Handler: shim.New(assets(), app.Services.Bind(), errorFormatter), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
		<-sig
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		slog.Error("serve", "err", err)
	}
	os.Exit(app.Close())
}
