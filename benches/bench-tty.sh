#!/usr/bin/env bash
# Side by side with less, in a real terminal (tmux): launch → first screen, `G` (end of file),
# and `/word` for a rare word at 99% of the file (launch: the median of five). Files are
# generated here from a fixed seed and kept under target/bench-data/ (never committed).
# With `library`: launch → list of a folder of 10,000 articles, with no library index (a first
# run) and with it, against less's launch on a small file (what tmux and a process start cost).
# Usage: benches/bench-tty.sh [SIZE_MB ...] [library]   (default: 100)
# Needs tmux and python3. Times include tmux's own polling (~10–40 ms), the same for both.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=() library=0
for a in "${@:-100}"; do
  if [ "$a" = library ]; then library=1; else sizes+=("$a"); fi
done
work=$(mktemp -d)
trap 'tmux -L bench kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build --release --quiet
bin=$PWD/target/release/sidenote

gen() { # gen FILE MB: English-like prose with some CJK and emoji, "xylophonist" once at 99%
  python3 - "$1" "$2" <<'PY'
import random, sys
path, mb = sys.argv[1], int(sys.argv[2])
r = random.Random(42)
words = ("the of and to in a is that for it as was with be by on not he this are or his from at which "
         "but have an they you were her she there one all we their has been would will more if no when "
         "what so said about up into than them can only other new some could time these two may then do "
         "first any my now such like our over man me even most made after also did many before must").split()
target = mb << 20
out = open(path, "w")
size, n, rare = 0, 0, False
while size < target:
    n += 1
    if n % 50 == 0:
        p = "日本語の文章です。これは試験です。🙂 " * r.randint(3, 10)
    else:
        p = " ".join(" ".join(r.choice(words) for _ in range(r.randint(6, 25))).capitalize() + "."
                     for _ in range(r.randint(2, 8)))
    if not rare and size > target * 99 // 100:
        p += " The xylophonist arrived."
        rare = True
    out.write(p + "\n\n")
    size += len(p.encode()) + 2
PY
}

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
T() { tmux -L bench "$@"; }
wait_for() { # wait_for REGEX: poll the screen until it matches
  local end=$(( $(date +%s) + 60 ))
  until T capture-pane -p -t main 2>/dev/null | grep -Eq -- "$1"; do
    [ "$(date +%s)" -lt "$end" ] || { echo "timed out waiting for $1" >&2; return 1; }
    sleep 0.005
  done
}

median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run() { # run NAME FILE CMD...: prints launch (median of 5), G and search times in ms
  local name=$1 file=$2; shift 2
  local launches="" t0 i
  for i in 1 2 3 4 5; do
    T kill-server 2>/dev/null || true
    sleep 0.3 # let the old server go (outside the timing)
    t0=$(date +%s%N)
    T -f /dev/null new-session -d -s main -x 120 -y 40 "$@" "$file"
    wait_for '[A-Za-z]{3,} [a-z]{2,}'
    launches="$launches $(ms "$t0")"
  done
  local launch=$(echo $launches | median)
  t0=$(date +%s%N); T send-keys -t main G; wait_for '日本語|\(END\)|100%'; local end=$(ms "$t0")
  T send-keys -t main g; sleep 0.3
  t0=$(date +%s%N); T send-keys -t main / ; T send-keys -t main -l xylophonist; T send-keys -t main Enter
  wait_for 'xylophonist arrived'; local search=$(ms "$t0")
  T kill-server 2>/dev/null || true
  printf '%-9s launch %6s ms   G %6s ms   /rare %6s ms\n' "$name" "$launch" "$end" "$search"
  echo "$launch $end $search" > "$work/$name"
}

# Generated files are kept under target/ (never committed) so later runs skip the generation.
mkdir -p target/bench-data
for mb in ${sizes[@]+"${sizes[@]}"}; do
  f=target/bench-data/gen-$mb.txt
  [ -s "$f" ] || { echo "generating $mb MB…"; gen "$f.tmp" "$mb" && mv "$f.tmp" "$f"; }
  echo "== ${mb} MB"
  run sidenote "$f" env XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" "$bin"
  run less "$f" less
  read -r sl sg ss < "$work/sidenote"; read -r ll lg ls < "$work/less"
  awk -v a="$sl" -v b="$ll" -v c="$sg" -v d="$lg" -v e="$ss" -v f="$ls" 'BEGIN {
    printf "ratio sidenote/less: launch %.2f×, G %.3f×, /rare %.3f×\n", a/b, c/d, e/f }'
done

lib_gen() { # lib_gen DIR: 10,000 dated articles of about 4 KB in 20 folders
  python3 - "$1" <<'PY'
import os, random, sys
root = sys.argv[1]
r = random.Random(7)
words = ("the of and to in a is that for it as was with be by on not he this are or his from at which "
         "but have an they you were her she there one all we their has been would will more if no when "
         "said government market report country city plan officials court people year week").split()
for i in range(10000):
    d = os.path.join(root, "%02d" % (i // 500))
    os.makedirs(d, exist_ok=True)
    body = []
    size = 0
    while size < 4000:
        s = " ".join(r.choice(words) for _ in range(r.randint(6, 20))).capitalize() + "."
        body.append(s)
        size += len(s) + 1
    with open(os.path.join(d, "%05d.txt" % i), "w") as f:
        f.write("date 20%02d-%02d-01 %s\n" % (i % 25, 1 + i % 12, " ".join(body)))
open(os.path.join(root, ".generated"), "w").close()
PY
}

if [ "$library" = 1 ]; then
  dir=target/bench-data/tty-library-10000
  [ -f "$dir/.generated" ] || { echo "generating the library…"; lib_gen "$dir"; }
  echo "== library of 10,000 articles"
  cold="" indexed="" base="" t0=0
  for i in 1 2 3 4 5; do
    rm -rf "$work/lib"
    T kill-server 2>/dev/null || true; sleep 0.3
    t0=$(date +%s%N)
    T -f /dev/null new-session -d -s main -x 120 -y 40 env XDG_DATA_HOME="$work/lib" XDG_CACHE_HOME="$work/cache" "$bin" "$dir"
    wait_for '10000 documents'; cold="$cold $(ms "$t0")"
    # The index is saved once the files are described, after the list is shown.
    until [ -s "$work/lib/sidenote/library-index.bin" ]; do sleep 0.05; done
    T kill-server 2>/dev/null || true; sleep 0.3
    t0=$(date +%s%N)
    T -f /dev/null new-session -d -s main -x 120 -y 40 env XDG_DATA_HOME="$work/lib" XDG_CACHE_HOME="$work/cache" "$bin" "$dir"
    wait_for '10000 documents'; indexed="$indexed $(ms "$t0")"
    T kill-server 2>/dev/null || true; sleep 0.3
    t0=$(date +%s%N)
    T -f /dev/null new-session -d -s main -x 120 -y 40 less seeds/000_92467008a657f711.txt
    wait_for 'Khovaev|[A-Za-z]{3,} [a-z]{2,}'; base="$base $(ms "$t0")"
  done
  T kill-server 2>/dev/null || true
  printf 'sidenote  list, no index %6s ms   with the index %6s ms   (medians of 5)\n' \
    "$(echo $cold | median)" "$(echo $indexed | median)"
  printf 'less      small file     %6s ms   (tmux and a process start)\n' "$(echo $base | median)"
fi
