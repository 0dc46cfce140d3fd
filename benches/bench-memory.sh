#!/usr/bin/env bash
# Memory beyond the file's own pages while the reader finds a document's quotations, and once it
# has: the process's anonymous memory (RssAnon; the mapped file's pages are not in it), sampled
# every 0.1 s in a real terminal (tmux) until the status line stops saying `quotations N%`,
# against the target of 64 MB + 5% of the file. Each run starts with an empty quotation cache.
# SIZE_MB generates news with a quotation in most paragraphs (from a fixed seed, kept under
# target/bench-data/, never committed); a FILE is read as it is.
# Usage: benches/bench-memory.sh [SIZE_MB | FILE ...]   (default: 120)
# Needs tmux and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'tmux -L benchmem kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build --release --quiet
bin=$PWD/target/release/sidenote
T() { tmux -L benchmem "$@"; }

gen() { # gen FILE MB: dated news paragraphs, most with a tagged or continued quotation
  python3 - "$1" "$2" <<'PY'
import random, sys
path, mb = sys.argv[1], int(sys.argv[2])
r = random.Random(11)
words = ("the of and to in a is that for it as was with be by on not this are from at which have an "
         "they were been would will more when what government market report country city plan "
         "officials court people year week").split()
names = ["Aiko Tanaka", "Chen Wei", "Maria Lopez", "John Smith", "Igor Petrov"]
verbs = ["said", "told reporters", "added", "warned", "noted"]
def sentence():
    return " ".join(r.choice(words) for _ in range(r.randint(5, 16))).capitalize()
target = mb << 20
out = open(path, "w")
size = 0
out.write("date 2030-01-01 Changed.\n\n")
while size < target:
    k = r.random()
    who = r.choice(names)
    if k < 0.5:
        p = "“%s,” %s %s." % (sentence(), who, r.choice(verbs))
    elif k < 0.7:
        p = "“%s,” he %s. “%s.”" % (sentence(), r.choice(verbs), sentence())
    elif k < 0.85:
        p = "%s met %s." % (who, sentence().lower())
    else:
        p = "%s. %s." % (sentence(), sentence())
    out.write(p + "\n\n")
    size += len(p.encode()) + 2
PY
}

measure() { # measure FILE: prints peak and final anonymous memory while quotations are found
  local file=$1 peak=0 now=0 seen=0 i pid
  rm -rf "$work/cache"
  T kill-server 2>/dev/null || true
  sleep 0.3
  T -f /dev/null new-session -d -s main -x 120 -y 40 \
    env XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" "$bin" "$file"
  # env runs the reader in its own process: the pane's process is the reader.
  pid=$(T list-panes -t main -F '#{pane_pid}')
  for i in $(seq 1 6000); do
    now=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${now:-0}" -gt "$peak" ] && peak=$now
    if T capture-pane -p -t main | tail -1 | grep -Eq 'quotations [0-9]+%'; then
      seen=1
    elif [ "$seen" = 1 ] || [ "$i" -gt 30 ]; then
      break
    fi
    sleep 0.1
  done
  sleep 1
  now=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status")
  [ "$now" -gt "$peak" ] && peak=$now
  local bytes count
  count=$(T capture-pane -p -t main | grep -o 'Quotations ([0-9]*)' | tr -dc '0-9' || true)
  T kill-server 2>/dev/null || true
  bytes=$(stat -c %s "$file")
  awk -v f="$(basename "$file")" -v b="$bytes" -v p="$peak" -v n="$now" -v q="${count:-?}" 'BEGIN {
    printf "%-22s %7.1f MB, %9s quotations   peak %6.1f MB   after %6.1f MB   target %6.1f MB\n",
      f, b / 1e6, q, p / 1024, n / 1024, 64 + b * 0.05 / 1048576 }'
}

mkdir -p target/bench-data
for a in "${@:-120}"; do
  if [[ "$a" =~ ^[0-9]+$ ]]; then
    f=target/bench-data/quoted-news-$a.txt
    [ -s "$f" ] || { echo "generating $a MB of news…"; gen "$f.tmp" "$a" && mv "$f.tmp" "$f"; }
  else
    f=$a
  fi
  measure "$f"
done
