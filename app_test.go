package main

import (
	"context"
	"flag"
	"io"
	"testing"

	"fieldbook/backend/demo"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
)

func TestDemoFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		want int
		bad  bool
	}{
		{nil, 0, false},
		{[]string{"--demo"}, demoDefault, false},
		{[]string{"--demo=100000"}, 100000, false},
		{[]string{"--demo=0"}, 0, false},
		{[]string{"--demo=-5"}, 0, true},
		{[]string{"--demo=many"}, 0, true},
		{[]string{"--demo=99999999"}, 0, true},
	} {
		var cfg config
		fl := flag.NewFlagSet("fieldbook", flag.ContinueOnError)
		fl.SetOutput(io.Discard)
		cfg.register(fl)
		err := fl.Parse(c.args)
		if (err != nil) != c.bad || (!c.bad && int(cfg.demo) != c.want) {
			t.Errorf("%v: demo %d, err %v; want %d, error %v", c.args, cfg.demo, err, c.want, c.bad)
		}
	}
}

// A demo store opens on its jobs as a laptop working alone, not on the
// first-run setup; a store already set up keeps its person.
func TestLoadDemoSetsUpTheLaptop(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := loadDemo(ctx, db, 30); err != nil {
		t.Fatal(err)
	}
	st, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	person, company := demo.Profile()
	if st.Setup != fieldbook.SetupAlone || st.Technician != person || st.Company != company {
		t.Errorf("settings after the demo load = %+v; want set up alone as %+v for %+v", st, person, company)
	}
	if err := st.ValidateSetUpAlone(); err != nil {
		t.Errorf("the demo profile does not pass the setup's own check: %v", err)
	}
}
