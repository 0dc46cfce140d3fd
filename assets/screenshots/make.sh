#!/usr/bin/env bash
# Makes the README's screenshots: the release binary run in a private tmux on the built-in
# sample and the test fixtures, each screen captured with its colours and drawn as an SVG by
# ansi2svg.py. Needs tmux and python3. Run from the repository: assets/screenshots/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
here=assets/screenshots
home=$(mktemp -d)
trap 'tmux -L sidenote-shots kill-server 2>/dev/null || true; rm -rf "$home"' EXIT

# shot NAME COLS ROWS KEYS CMD...: starts CMD, types KEYS (tmux names, space separated), waits
# for the screen to settle and saves it.
shot() {
  local name=$1 cols=$2 rows=$3 keys=$4
  shift 4
  tmux -L sidenote-shots kill-server 2>/dev/null || true
  tmux -L sidenote-shots -f /dev/null new-session -d -x "$cols" -y "$rows" \
    env HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" TERM=xterm-256color "$@"
  sleep 1
  for k in $keys; do
    tmux -L sidenote-shots send-keys "$k"
    sleep 0.3
  done
  sleep 1
  tmux -L sidenote-shots capture-pane -e -p | python3 "$here/ansi2svg.py" "$cols" "$rows" \
    > "$here/$name.svg"
  echo "$here/$name.svg"
}

shot reader 110 32 "] ]" target/release/sidenote
shot markdown 96 30 "" target/release/sidenote tests/fixtures/formats/guide.md
shot outline 96 30 "t j j" target/release/sidenote tests/fixtures/formats/guide.md
