#!/usr/bin/env bash
# Regenerates docs/screenshot.png from a real capture of the running
# reader: precis runs in tmux at 120x36, filters for "lottery ticket" and
# opens the best hit; tmux capture-pane -e keeps the colours and
# charmbracelet/freeze turns the capture into a PNG.
#
# Needs tmux and freeze (go install github.com/charmbracelet/freeze@v0.2.2).
set -euo pipefail
cd "$(dirname "$0")/.."
freeze=${FREEZE:-$(command -v freeze || echo "$(go env GOPATH)/bin/freeze")}
work=$(mktemp -d)
trap 'tmux -S "$work/sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/precis" .
# A fresh home: no bookmarks or reading state of yours in the picture.
env XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" TERM=xterm-256color COLORTERM=truecolor \
	tmux -S "$work/sock" -f /dev/null new-session -d -s shot -x 120 -y 36 "$work/precis"
sleep 1
tmux -S "$work/sock" send-keys -t shot /
tmux -S "$work/sock" send-keys -t shot -l "lottery ticket"
sleep 0.5
tmux -S "$work/sock" send-keys -t shot Enter
sleep 1
tmux -S "$work/sock" send-keys -t shot b
sleep 0.5
tmux -S "$work/sock" capture-pane -e -p -t shot > "$work/screen.ansi"
"$freeze" --language ansi --window --padding 20 --margin 0 --font.size 14 \
	-o docs/screenshot.png "$work/screen.ansi"
# The same capture, plain, for the README's text sample.
tmux -S "$work/sock" capture-pane -p -t shot > docs/screenshot.txt
echo "wrote docs/screenshot.png and docs/screenshot.txt"
