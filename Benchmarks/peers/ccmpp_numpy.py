#!/usr/bin/env python3
"""Reference peer for CareCap's projection kernel: the same annual cohort-component step
(Sources/Demography/ProjectionBlockKernel.swift), vectorised over areas with numpy, one
deterministic projection of every county from the census base to the horizon, every year's cells kept.

Input: the folder `carecap-bench` writes with CARECAP_BENCH_EXPORT=DIR (raw little-endian float64
arrays and meta.json: the base population, survival profiles, fertility and migration shares, TFR,
net migration, sex ratio at birth, all as CareCap's prepared rates). Output: one line with the
median time of the projection alone (loading excluded) and the 2050 total, which must agree with
CareCap's (printed by carecap-bench) to about 1e-9 relative: the arithmetic is the same, only the
order of some additions differs.

Usage: python3 Benchmarks/peers/ccmpp_numpy.py DIR [repetitions]   (run by `make bench`, never in CI)
"""
import json
import os
import sys
import time

import numpy as np

AGES = 101


def load(folder):
    meta = json.load(open(os.path.join(folder, "meta.json")))
    def raw(name, shape):
        return np.fromfile(os.path.join(folder, name + ".f64"), dtype="<f8").reshape(shape)
    n, steps, profiles = meta["areas"], meta["steps"], meta["profiles"]
    return meta, {
        "base": raw("base", (2, AGES, n)),
        "survival": raw("survival", (profiles, steps, 2, AGES)),
        "profile": raw("profile_of_area", (n,)).astype(np.int64),
        "fertility": raw("fertility_shares", (steps, AGES)),
        "tfr": raw("tfr", (steps, n)),
        "srb": raw("srb", (steps,)),
        "migration_shares": raw("migration_shares", (2, AGES)),
        "net": raw("net_migration", (steps, n)),
    }


def project(meta, d):
    """Every year's cells, shape (years, 2, 101, areas): the kernel's steps 1-5 for all areas at once."""
    steps = meta["steps"]
    per_thousand = meta["migration"] == "ratePerThousand"
    has_migration = meta["migration"] != "none"
    lo, hi = meta["fertile_ages"]
    w = meta["interpolation_weight"]
    # Survival of each area's profile, [step, sex, age, area] (a gather done once, as the kernel's
    # broadcast per run of columns).
    S = np.ascontiguousarray(d["survival"][d["profile"]].transpose(1, 2, 3, 0))
    shares = d["migration_shares"][:, :, None]
    fert = d["fertility"]
    P = d["base"].copy()
    out = np.empty((steps + 1, 2, AGES, P.shape[2]))
    out[0] = P
    for t in range(steps):
        if has_migration:
            half = 0.5 * d["net"][t] * (P.sum(axis=(0, 1)) / 1000 if per_thousand else 1.0)
        else:
            half = np.zeros(P.shape[2])
        Q = np.empty_like(P)
        St = S[t]
        # Survivors with half the migrants at the start (by age at the start), half at the end.
        Q[:, 1:AGES - 1] = np.maximum(0, (P[:, 0:AGES - 2] + shares[:, 0:AGES - 2] * half) * St[:, 1:AGES - 1]
                                      + shares[:, 1:AGES - 1] * half)
        Q[:, AGES - 1] = np.maximum(0, (P[:, AGES - 2] + P[:, AGES - 1] + (shares[:, AGES - 2] + shares[:, AGES - 1]) * half)
                                    * St[:, AGES - 1] + shares[:, AGES - 1] * half)
        # Births on the mean of women at the start (with the first half of migrants) and the end.
        women = P[1, lo:hi + 1] + shares[1, lo:hi + 1] * half + Q[1, lo:hi + 1]
        births = d["tfr"][t] * (fert[t, lo:hi + 1] @ women) * 0.5
        female = births / (1 + d["srb"][t])
        male = births - female
        Q[0, 0] = np.maximum(0, male * St[0, 0] + shares[0, 0] * half)
        Q[1, 0] = np.maximum(0, female * St[1, 0] + shares[1, 0] * half)
        out[t + 1] = Q
        P = Q
    if w is not None:
        # Year-end moments between the census moments: (1 − w)·P(t) + w·P(t + 1).
        return out[:-1] + w * (out[1:] - out[:-1])
    return out


def main():
    folder = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    meta, d = load(folder)
    project(meta, d)  # warm-up
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        cells = project(meta, d)
        times.append(time.perf_counter() - start)
    times.sort()
    total = cells[-1].sum()
    rel = abs(total - meta["carecap_horizon_total"]) / meta["carecap_horizon_total"]
    updates = meta["areas"] * meta["steps"] * 2 * AGES
    print("numpy peer (every county, one path, every year's cells kept, 1 thread): median %.2f ms (min %.2f) over %d runs; "
          "%.0f million cell-updates/s; %d areas, %d steps; horizon total %.1f million, CareCap's %.1f (relative difference %.1e); numpy %s"
          % (times[len(times) // 2] * 1e3, times[0] * 1e3, reps, updates / times[len(times) // 2] / 1e6, meta["areas"], meta["steps"],
             total / 1e6, meta["carecap_horizon_total"] / 1e6, rel, np.__version__))
    if rel > 1e-6:
        print("numpy peer: horizon total differs from CareCap's by %.2e (relative): not the same step" % rel)
        sys.exit(1)


if __name__ == "__main__":
    main()
