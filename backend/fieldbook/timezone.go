package fieldbook

import (
	"fmt"
	"time"
	_ "time/tzdata" // zones by name on every system, Windows too
)

// DefaultTimeZone is a service centre's zone unless its settings say
// otherwise: China Standard Time.
const DefaultTimeZone = "Asia/Shanghai"

// chinaTime is Asia/Shanghai without a tz database: UTC+8 all year since 1991.
var chinaTime = time.FixedZone("CST", 8*60*60)

// Zone returns the location of a service centre's time zone (an IANA name
// such as Asia/Shanghai); the default zone for "" or a name it does not know.
// Every time shown, printed, exported or counted by day or month is in it,
// whatever zone the laptop is set to.
func Zone(name string) *time.Location {
	if name == "" || name == DefaultTimeZone {
		return chinaTime
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return chinaTime
	}
	return loc
}

// ZoneLabel names a zone for a printed page: 北京时间 for China, else the
// zone's name and its offset from UTC at t, e.g. "America/New_York UTC-5".
func ZoneLabel(loc *time.Location, t time.Time) Message {
	if loc == chinaTime {
		return Message{ZH: "北京时间", EN: "China Standard Time"}
	}
	_, off := t.In(loc).Zone()
	s := loc.String() + " UTC" + offsetText(off)
	return Message{ZH: s, EN: s}
}

func offsetText(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	if m := sec % 3600 / 60; m != 0 {
		return fmt.Sprintf("%s%d:%02d", sign, sec/3600, m)
	}
	return fmt.Sprintf("%s%d", sign, sec/3600)
}
