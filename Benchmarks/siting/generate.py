#!/usr/bin/env python3
"""Writes a county-sized siting benchmark (run by hand, never in CI): 500 zones, 100 candidate sites,
10 years, two services (nursing_beds, nursery_slots), great-circle costs within 10 km, and a yearly budget
that binds. Deterministic (seed 14): the same files on every machine. Synthetic figures, not a county's.

    python3 Benchmarks/siting/generate.py /tmp/siting-bench
    carecap optimize /tmp/siting-bench/scenario.yaml --solver highs --out /tmp/siting-bench/highs
"""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/siting-bench"
os.makedirs(out, exist_ok=True)
rng = random.Random(14)
years = list(range(2026, 2036))
# A county of about 60 km x 60 km around 25 N, 100 E.
def point():
    return 100 + rng.uniform(0, 0.6), 25 + rng.uniform(0, 0.55)

with open(os.path.join(out, "zones.csv"), "w") as f:
    cols = [f"demand_{s}_{y}" for s in ("nursing_beds", "nursery_slots") for y in years]
    f.write("id,longitude,latitude," + ",".join(cols) + "\n")
    for i in range(500):
        lon, lat = point()
        beds0, slots0 = rng.uniform(2, 30), rng.uniform(1, 20)
        beds = [beds0 * (1.05 ** k) for k in range(len(years))]      # ageing: +5 % a year
        slots = [slots0 * (0.97 ** k) for k in range(len(years))]    # fewer births: -3 % a year
        f.write(f"Z{i:03d},{lon:.5f},{lat:.5f}," + ",".join(f"{v:.2f}" for v in beds + slots) + "\n")

with open(os.path.join(out, "sites.csv"), "w") as f:
    f.write("id,longitude,latitude,existing,open_cost,operating_cost,earliest_year,"
            "capacity_nursing_beds,module_size_nursing_beds,module_cost_nursing_beds,max_modules_nursing_beds,"
            "capacity_nursery_slots,module_size_nursery_slots,module_cost_nursery_slots,max_modules_nursery_slots\n")
    for j in range(100):
        lon, lat = point()
        existing = 1 if j < 15 else 0
        open_cost = 0 if existing else rng.choice([2_000_000, 3_000_000, 5_000_000, 8_000_000])
        earliest = "" if existing or rng.random() < 0.7 else rng.choice(years[2:6])
        beds = rng.choice([0, 30, 60, 100]) if not existing else rng.choice([80, 120, 200])
        slots = rng.choice([0, 20, 40, 60]) if not existing else rng.choice([30, 60])
        f.write(f"S{j:03d},{lon:.5f},{lat:.5f},{existing},{open_cost},{open_cost // 20},{earliest},"
                f"{beds},30,3000000,{rng.randint(0, 3)},{slots},20,1200000,{rng.randint(0, 2)}\n")

with open(os.path.join(out, "scenario.yaml"), "w") as f:
    f.write(f"""carecap: 1
name: siting-benchmark
siting:
  services: [nursing_beds, nursery_slots]
  zones: zones.csv
  sites: sites.csv
  costs: {{ distance: great_circle, cost_per_unit_km: 300, max_km: 10 }}
  years: {{ from: {years[0]}, to: {years[-1]} }}
  budget: {{ {", ".join(f"{y}: 60000000" for y in years)} }}
  discount_rate: 0.03
  mip_gap: 0.01
  time_limit_s: 600
""")
print(f"wrote {out}/zones.csv, sites.csv, scenario.yaml")
