package ui

import (
	"strconv"
	"strings"
)

// ChooseStyle decides the rendering style once, before any program runs,
// without querying the terminal: an explicit flag wins; NO_COLOR, a dumb
// terminal or an output that is not a terminal give "notty"; otherwise
// COLORFGBG (set by many terminals) tells light from dark, and dark is
// the default.
func ChooseStyle(flag string, tty bool, getenv func(string) string) string {
	if flag != "" {
		return flag
	}
	if !tty || getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return "notty"
	}
	if fgbg := getenv("COLORFGBG"); strings.Contains(fgbg, ";") {
		parts := strings.Split(fgbg, ";")
		if bg, err := strconv.Atoi(parts[len(parts)-1]); err == nil && (bg == 7 || bg >= 9 && bg <= 15) {
			return "light"
		}
	}
	return "dark"
}
