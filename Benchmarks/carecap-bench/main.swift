import Demography
print("carecap-bench: benchmarks are being written")
