package main

import (
	"flag"
	"io"
	"testing"
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
