package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"fieldbook/backend/hub/sqlstore"
)

// BenchmarkBackup prints the time of an online backup of a SQLite hub of
// one million rows (FIELDBOOK_BENCH_BACKUP_ROWS overrides the size; the
// figure's name says the size used).
func BenchmarkBackup(b *testing.B) {
	size := 1_000_000
	if n, err := strconv.Atoi(os.Getenv("FIELDBOOK_BENCH_BACKUP_ROWS")); err == nil && n > 0 {
		size = n
	}
	label := fmt.Sprintf("%dk", size/1000)
	if size%1_000_000 == 0 {
		label = fmt.Sprintf("%dm", size/1_000_000)
	}
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		db, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "hub.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		for n := 0; n < size; n += 5000 {
			if err := writeRows(ctx, db, "上海中心", n, min(5000, size-n)); err != nil {
				b.Fatal(err)
			}
		}
		info, err := db.Backup(ctx, filepath.Join(dir, "backup.db"))
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("bench: hub_backup_%s_rows_s %.2f s (%d rows, %.0f MB, quick_check of the copy included)\n",
			label, info.Duration.Seconds(), size, float64(info.Bytes)/(1<<20))
		db.Close()
	}
}
