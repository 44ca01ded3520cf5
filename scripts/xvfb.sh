# Shared by scripts/smoke and scripts/window-bench: a display of our own
# (Xvfb, a 1366×768 laptop screen), waiting for a log line, and the memory
# (PSS) of a process with its children. The caller sets $work (a scratch
# directory) and the array pids (killed on exit).

# Xvfb picks a free display number and tells it on fd 3.
exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
read -r -t 20 dnum <&3 || { echo "Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$dnum"

# wait_for FILE PATTERN SECONDS: wait until FILE contains PATTERN.
wait_for() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# since LOG PATTERN: the since_start_ms of the first JSON log line of LOG
# that matches PATTERN, e.g. since app.log '"window ready"'.
since() { grep -m1 "$2" "$1" | grep -o '"since_start_ms":[0-9]*' | grep -o '[0-9]*$'; }

# pss_kb PID: proportional set size of PID and all its descendants (the
# WebKit web and network processes), in KiB.
descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }
pss_kb() {
	local total=0 p v
	for p in "$1" $(descendants "$1"); do
		v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null)
		total=$((total + ${v:-0}))
	done
	echo "$total"
}

