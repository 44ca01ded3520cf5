// Command fieldbook-hub is Fieldbook's sync hub.
//
//	fieldbook-hub serve --addr 127.0.0.1:8443 [--tls-cert F --tls-key F] --db PATH_OR_URL
//	fieldbook-hub migrate --db PATH_OR_URL
//	fieldbook-hub restored --db PATH_OR_URL
//	fieldbook-hub user add --db … --name NAME --role technician|desk|clerk|admin --centre CENTRE [--display-name 张伟 --employee-no FW-0107]
//	fieldbook-hub user set --db … --name NAME --display-name 张伟 --employee-no FW-0107
//	fieldbook-hub device enrol-code --db … --user NAME
//	fieldbook-hub device revoke --db … --device ID
//	fieldbook-hub device list --db …
//
// --db is a SQLite file path or a postgres:// URL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/protocol"
)

const usage = `usage:
  fieldbook-hub serve --addr 127.0.0.1:8443 [--tls-cert F --tls-key F] [--archive-format YYYY-MM-NNNN] --db PATH_OR_URL
  fieldbook-hub migrate --db PATH_OR_URL
  fieldbook-hub restored --db PATH_OR_URL   (after restoring a backup the hub cannot recognise: devices re-send what it lacks)
  fieldbook-hub user add --db PATH_OR_URL --name NAME --role technician|desk|clerk|admin --centre CENTRE [--display-name NAME --employee-no NO]
  fieldbook-hub user set --db PATH_OR_URL --name NAME --display-name NAME --employee-no NO
  fieldbook-hub device enrol-code --db PATH_OR_URL --user NAME
  fieldbook-hub device revoke --db PATH_OR_URL --device ID
  fieldbook-hub device list --db PATH_OR_URL
  fieldbook-hub templates import --db PATH_OR_URL --centre CENTRE --file BUNDLE.json
  fieldbook-hub centre set --db PATH_OR_URL --centre CENTRE --archive-format FORMAT
  fieldbook-hub backup --db PATH --to FILE
  fieldbook-hub check --db PATH_OR_URL
  fieldbook-hub --version
`

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, log)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		var fe *fieldbook.Error
		if errors.As(err, &fe) {
			fmt.Fprintf(os.Stderr, "fieldbook-hub: %s\n%s\n", fe.ZH, fe.EN)
		}
		log.Error("fieldbook-hub failed", "err", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return flag.ErrHelp
	}
	cmd, args := args[0], args[1:]
	if run, ok := opsCommands[cmd]; ok {
		return run(ctx, args, out)
	}
	if (cmd == "user" || cmd == "device" || cmd == "templates" || cmd == "centre") && len(args) > 0 {
		cmd, args = cmd+" "+args[0], args[1:]
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	db := fs.String("db", "", "SQLite file path or postgres:// URL")
	var (
		addr, cert, key         *string
		name, role, centre, usr *string
		displayName, employeeNo *string
		device, file            *string
		archiveFormat           *string
		limits                  = hub.DefaultLimits
	)
	switch cmd {
	case "serve":
		addr = fs.String("addr", "127.0.0.1:8443", "listen address")
		cert = fs.String("tls-cert", "", "TLS certificate file")
		key = fs.String("tls-key", "", "TLS key file")
		archiveFormat = fs.String("archive-format", "", "archive number format, e.g. YYYY-MM-NNNN (the default) or SH-YYYYMM-NNNNN")
		fs.IntVar(&limits.MaxInFlight, "max-in-flight", limits.MaxInFlight, "requests served at once (more are answered 503 with Retry-After)")
		fs.IntVar(&limits.MaxInFlightDevice, "max-in-flight-device", limits.MaxInFlightDevice, "requests of one device served at once")
		fs.DurationVar(&limits.BodyTimeout, "body-timeout", limits.BodyTimeout, "time a push or clerk request body may take to arrive")
		fs.DurationVar(&limits.EnrolTimeout, "enrol-timeout", limits.EnrolTimeout, "time an enrolment request body may take to arrive")
		fs.Int64Var(&limits.BlobRate, "blob-min-rate", limits.BlobRate, "slowest blob upload accepted, bytes per second (after --body-timeout)")
		fs.DurationVar(&limits.BlobTimeout, "blob-timeout", limits.BlobTimeout, "longest one blob upload request may take")
		fs.DurationVar(&limits.WriteTimeout, "write-timeout", limits.WriteTimeout, "time an answer (a pull page, a blob) may take to leave")
		fs.Float64Var(&limits.EnrolPerMinute, "enrol-per-minute", limits.EnrolPerMinute, "enrolment attempts per client address per minute")
		fs.Float64Var(&limits.EnrolPerMinuteAll, "enrol-per-minute-all", limits.EnrolPerMinuteAll, "enrolment attempts per minute from all addresses")
	case "migrate", "device list", "restored":
	case "user add", "user set":
		name = fs.String("name", "", "user name")
		displayName = fs.String("display-name", "", "the person's name as printed on records (default: the user name)")
		employeeNo = fs.String("employee-no", "", "employee number")
		if cmd == "user add" {
			role = fs.String("role", "", "technician, desk (service desk), clerk or admin")
			centre = fs.String("centre", "", "service centre")
		}
	case "device enrol-code":
		usr = fs.String("user", "", "user the device will belong to")
	case "device revoke":
		device = fs.String("device", "", "device id")
	case "templates import":
		centre = fs.String("centre", "", "service centre")
		file = fs.String("file", "", "job types and checklist templates (JSON, as the app exports them)")
	case "centre set":
		centre = fs.String("centre", "", "service centre")
		archiveFormat = fs.String("archive-format", "", "the centre's archive number format, e.g. SH-YYYYMM-NNNNN (empty: the hub's default)")
	default:
		fmt.Fprint(os.Stderr, usage)
		return flag.ErrHelp
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *db == "" {
		return fmt.Errorf("%s: --db is required", cmd)
	}
	if cmd == "restored" && !sqlstore.IsPostgres(*db) {
		// A mistyped path must not become a new, empty hub.
		if _, err := os.Stat(*db); err != nil {
			return fmt.Errorf("restored: no hub database at %s: %w", *db, err)
		}
	}
	store, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	// Every command brings the schema up to date; migrations are idempotent.
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	svc := hub.NewService(store, log)

	switch cmd {
	case "serve":
		if err := archive.ValidateArchiveFormat(*archiveFormat); *archiveFormat != "" && err != nil {
			return err
		}
		svc.ArchiveFormat = *archiveFormat
		return serve(ctx, svc, limits, *addr, *cert, *key, log)
	case "migrate":
		log.Info("database migrated", "db", redact(*db))
		return nil
	case "restored":
		epoch, err := store.MarkRestored(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "new epoch %s: devices will send again what this database lacks and pull what they missed\n", epoch)
		return nil
	case "user add":
		if err := svc.AddPerson(ctx, hub.User{Name: *name, Role: *role, Centre: *centre, DisplayName: *displayName, EmployeeNo: *employeeNo}); err != nil {
			return err
		}
		fmt.Fprintf(out, "user %s (%s, %s) added\n", *name, *role, *centre)
		return nil
	case "user set":
		if err := svc.SetUserProfile(ctx, *name, *displayName, *employeeNo); err != nil {
			return err
		}
		fmt.Fprintf(out, "user %s: display name %q, employee number %q\n", *name, *displayName, *employeeNo)
		return nil
	case "device enrol-code":
		code, expires, err := svc.NewEnrolCode(ctx, *usr)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, code)
		log.Info("enrolment code issued", "user", *usr, "expires", expires)
		return nil
	case "device revoke":
		if err := store.RevokeDevice(ctx, *device, time.Now().UTC()); err != nil {
			return err
		}
		fmt.Fprintf(out, "device %s revoked\n", *device)
		return nil
	case "templates import":
		data, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		res, err := importTemplates(ctx, svc, *centre, data)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%d job types and %d template versions published to %s\n", res.JobTypes, res.Templates, *centre)
		return nil
	case "centre set":
		if err := svc.SetArchiveFormat(ctx, *centre, *archiveFormat); err != nil {
			return err
		}
		fmt.Fprintf(out, "archive number format of %s: %q\n", *centre, *archiveFormat)
		return nil
	case "device list":
		devs, err := store.Devices(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSER\tNAME\tENROLLED\tREVOKED")
		for _, d := range devs {
			revoked := ""
			if d.RevokedAt != nil {
				revoked = d.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.ID, d.User, d.Name, d.CreatedAt.Format(time.RFC3339), revoked)
		}
		return tw.Flush()
	}
	return nil
}

// redact hides a password in a database URL for logs.
func redact(dsn string) string {
	if !sqlstore.IsPostgres(dsn) {
		return dsn
	}
	return "postgres://…"
}

func serve(ctx context.Context, svc *hub.Service, limits hub.Limits, addr, cert, key string, log *slog.Logger) error {
	if (cert == "") != (key == "") {
		return errors.New("serve: --tls-cert and --tls-key go together")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           hub.NewHandler(svc, limits),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() {
		if cert != "" {
			errc <- srv.ServeTLS(ln, cert, key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	log.Info("hub listening", "addr", ln.Addr().String(), "tls", cert != "", "protocol", protocol.Version, "schema", protocol.SchemaVersion)
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("hub stopped")
	return nil
}
