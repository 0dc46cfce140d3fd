#!/usr/bin/env python3
"""Fit the weights of the quote engine's candidate features (src/quotes/attribute/dialogue.rs).

For every quotation whose speaker the engine chose among candidates, `sidenote quotes
--format candidates FILE` writes the candidates and their features. This script labels each
candidate right or wrong against a corpus's gold speakers (with the scoring harness's own rules,
imported from --eval), fits a conditional logit (the chosen speaker is the candidate with the
highest weighted sum of features; the fit maximises the likelihood of the right one among each
quotation's candidates, with a small L2 penalty), and prints the weights as the Rust array
WEIGHTS, to paste over the one in dialogue.rs. It reports how often the right candidate is
chosen with the weights in the code and with the fitted ones, on the quotations fitted and on
held-apart ones.

Only development data: PolNeAR train (fitted) and dev (held apart), the PDNC novels of
pdnc-dev.txt (fitted: even ones; held apart: odd ones) and news-dev. Never the held-out sets.

    python3 benches/quotes/fit.py --bin target/release/sidenote --eval ../shared/eval \
        --data $EVAL_DATA --news ../shared/corpus/news-dev
"""
import argparse, json, math, os, re, subprocess, sys

FEATURES = 14  # dialogue::FEATURES


def load(args):
    sys.path.insert(0, args.eval)
    import quotes_eval as qe
    class A: pass
    sets = {}
    a = A(); a.split = "train"
    sets["polnear-train"] = ("fit", qe.load_polnear(os.path.join(args.data, "polnear", "data"), a))
    a = A(); a.split = "dev"
    sets["polnear-dev"] = ("held", qe.load_polnear(os.path.join(args.data, "polnear", "data"), a))
    names = [n.strip() for n in open(os.path.join(args.eval, "pdnc-dev.txt")) if n.strip()]
    novels = [d for d in qe.load_pdnc(os.path.join(args.data, "pdnc", "data"), a) if d.name in names]
    sets["pdnc-dev-even"] = ("fit", novels[0::2])
    sets["pdnc-dev-odd"] = ("held", novels[1::2])
    if args.news:
        sets["news-dev"] = ("fit", qe.load_dir(args.news, a))
    return qe, sets


def examples(qe, docs, binary):
    """(feature rows of the candidates, index of a right one) for each quotation where one is right."""
    out = []
    for d in docs:
        for g in d.gold:
            g.parts = sorted(p for p in g.parts if p[1] > p[0])
        golds = [g for g in d.gold if g.parts and g.scorable]
        char = qe.byte_to_char(d.text)
        env = {**os.environ, "XDG_CACHE_HOME": "/tmp/sidenote-fit-cache"}
        lines = subprocess.run([binary, "quotes", "--format", "candidates", d.path],
                               capture_output=True, text=True, env=env).stdout.splitlines()
        for line in lines:
            o = json.loads(line)
            s, e = char(o["start"]), char(o["end"])
            best = None
            for g in golds:
                ov = sum(max(0, min(e, b) - max(s, a)) for a, b in g.parts)
                gl = sum(b - a for a, b in g.parts)
                if ov and ov >= 0.5 * min(e - s, gl) and (best is None or ov > best[0]):
                    best = (ov, g)
            if best is None or not o["candidates"]:
                continue
            g = best[1]
            rows, right = [], []
            for i, c in enumerate(o["candidates"]):
                x = sorted((FEATURE_INDEX[name], v) for name, v in c["features"].items())
                rows.append(x)
                if qe.speaker_ok(c["speaker"], g, d.cast)[0]:
                    right.append(i)
            if right:
                out.append((rows, right[0]))
    return out


FEATURE_NAMES = ["introduced", "paragraph-subject", "next-subject", "addressee", "alternation",
                 "pronoun", "previous-speaker", "same-speaker", "last-subject", "reported-speech",
                 "recent-speaker", "mentioned", "addressed", "unsure-gender"]
FEATURE_INDEX = {n: i for i, n in enumerate(FEATURE_NAMES)}


def current_weights(path):
    src = open(path).read()
    block = src[src.index("const WEIGHTS"):]
    block = block[:block.index("];")]
    return [float(v) for v in re.findall(r"(-?\d+\.\d+),", block)]


def score(w, x):
    return sum(w[f] * v for f, v in x)


def accuracy(w, data):
    """How often the right candidate wins, as the engine chooses: the highest score, if above 0."""
    ok = 0
    for rows, right in data:
        scores = [score(w, x) for x in rows]
        top = max(range(len(rows)), key=lambda i: (scores[i], -i))
        ok += scores[top] > 0 and (top == right or rows[top] == rows[right])
    return ok / max(1, len(data))


def fit(data, l2=0.001, steps=1500, rate=1.0):
    """Gradient ascent on the log-likelihood of the right candidate among the candidates and
    'nobody' (score 0), as the engine chooses nobody when no score is above 0."""
    w = [0.0] * FEATURES
    for step in range(steps):
        grad = [0.0] * FEATURES
        for rows, right in data:
            scores = [score(w, x) for x in rows] + [0.0]
            m = max(scores)
            ex = [math.exp(s - m) for s in scores]
            z = sum(ex)
            for f, v in rows[right]:
                grad[f] += v
            for p, x in zip(ex, rows):
                for f, v in x:
                    grad[f] -= p / z * v
        for f in range(FEATURES):
            w[f] += rate * (grad[f] / len(data) - l2 * w[f])
    return w


def perceptron(data, epochs=30):
    """An averaged perceptron over the candidates and 'nobody': where the engine's choice is
    wrong, the right candidate's features are added and the chosen one's taken away. It aims
    at the choice itself, as the engine makes it."""
    w = [0.0] * FEATURES
    total = [0.0] * FEATURES
    steps = 0
    for epoch in range(epochs):
        for rows, right in data:
            scores = [score(w, x) for x in rows]
            top = max(range(len(rows)), key=lambda i: (scores[i], -i))
            if scores[top] <= 0 or top != right:
                for f, v in rows[right]:
                    w[f] += v
                if scores[top] > 0 and top != right:
                    for f, v in rows[top]:
                        w[f] -= v
            for f in range(FEATURES):
                total[f] += w[f]
            steps += 1
    return [t / steps for t in total]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/sidenote")
    ap.add_argument("--eval", required=True, help="the folder of quotes_eval.py and pdnc-dev.txt")
    ap.add_argument("--data", default=os.environ.get("EVAL_DATA"), help="where fetch_data.sh put the corpora")
    ap.add_argument("--news", help="the news-dev folder")
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--cache", help="keep the labelled candidates in this file, and read them from it")
    args = ap.parse_args()
    if args.cache and os.path.exists(args.cache):
        fitted, held = json.load(open(args.cache))
    else:
        qe, sets = load(args)
        fitted, held = [], []
        for name, (role, docs) in sets.items():
            ex = examples(qe, docs, args.bin)
            print(f"{name}: {len(ex)} quotations with a right candidate ({role})", file=sys.stderr)
            (fitted if role == "fit" else held).extend(ex)
        if args.cache:
            json.dump([fitted, held], open(args.cache, "w"))
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "quotes",
                        "attribute", "dialogue.rs")
    now = current_weights(here)
    fitted = [([list(map(tuple, x)) for x in rows], r) for rows, r in fitted]
    held = [([list(map(tuple, x)) for x in rows], r) for rows, r in held]
    logit = fit(fitted, steps=args.steps)
    averaged = perceptron(fitted)
    for name, weights in (("logit", logit), ("perceptron", averaged)):
        print(f"right candidate chosen, {name} weights: fitted {accuracy(weights, fitted):.3f}, "
              f"held apart {accuracy(weights, held):.3f}", file=sys.stderr)
    w = max((logit, averaged), key=lambda weights: accuracy(weights, fitted))
    # Evidence the engine never gives as a choice's feature keeps its place, at 0.
    print(f"right candidate chosen, weights in the code: fitted {accuracy(now, fitted):.3f}, "
          f"held apart {accuracy(now, held):.3f}", file=sys.stderr)
    print("const WEIGHTS: [f32; FEATURES] = [")
    for name, v in zip(FEATURE_NAMES, w):
        print(f"    {v:.2f}, // {name}")
    print("];")


if __name__ == "__main__":
    main()
