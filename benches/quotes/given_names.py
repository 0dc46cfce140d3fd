#!/usr/bin/env python3
"""Make assets/lexicon/given-names.txt from the US Census Bureau's 1990 given-name files.

    pip download names==0.3.0 --no-deps && tar xzf names-0.3.0.tar.gz
    python3 benches/quotes/given_names.py names-0.3.0/names > assets/lexicon/given-names.txt

Each file lists a name, its share of the sex's given names (percent), the cumulative share and
its rank. A name is written with the sex whose share of it is at least four times the other's;
names given to both alike are left out.
"""
import os, sys

HEADER = """# Given names with the gender they are most often given to.
#
# Each line: a given name in lower case, then m or f. A name is listed when its share among
# one sex's given names is at least four times its share among the other's; names given to
# both alike are left out.
#
# Source: US Census Bureau, 1990 Census name frequency files (`dist.male.first`,
# `dist.female.first`), a work of the US government in the public domain, as packaged in the
# PyPI package `names` 0.3.0 (MIT). Derived by a script: see benches/quotes/README.md.
"""


def shares(path):
    out = {}
    for line in open(path):
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


def main():
    folder = sys.argv[1]
    male = shares(os.path.join(folder, "dist.male.first"))
    female = shares(os.path.join(folder, "dist.female.first"))
    sys.stdout.write(HEADER)
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m > 0 and m >= 4 * f:
            print(f"{name} m")
        elif f > 0 and f >= 4 * m:
            print(f"{name} f")


if __name__ == "__main__":
    main()
