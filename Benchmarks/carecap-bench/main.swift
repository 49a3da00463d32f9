import Demography
import Foundation

// carecap-bench: projection of every county row of the 2020 census, 2020 → 2050, one
// deterministic path. Run by `make bench` (Benchmarks/run.sh) in release, never in tests.

func seconds(_ start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : FileManager.default.currentDirectoryPath
let censusPath = root + "/Scenarios/data/census2020/county_age5_sex.csv"
let wppDirectory = root + "/Scenarios/data/wpp2024_china"
let outputDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-bench-\(getpid())")
try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: outputDirectory) }

let cpuModel = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("model name") }
    .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown"
let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
print("machine: nproc \(ProcessInfo.processInfo.activeProcessorCount), CPU \(cpuModel), load average \(load)")

// Load, split, calibrate, project and render once, end to end, writing the files.
let pipelineStart = ContinuousClock.now
let census = try CensusTable.load(path: censusPath)
let wpp = try WPPRates.load(directory: wppDirectory)
let loaded = seconds(pipelineStart)
let setup = ProjectionSetup(baseYear: 2020, horizon: 2050)
let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
let prepared = seconds(pipelineStart)
let result = try await CohortComponentProjector().project(inputs)
let projected = seconds(pipelineStart)
let services = PopulationCSVWriter.serviceAgesCSV(result)
let population = PopulationCSVWriter.populationCSV(result, fiveYearGroups: true)
let rendered = seconds(pipelineStart)
try services.write(to: outputDirectory.appendingPathComponent("service_ages.csv"), atomically: false, encoding: .utf8)
try population.write(to: outputDirectory.appendingPathComponent("population.csv"), atomically: false, encoding: .utf8)
let written = seconds(pipelineStart)

let areas = inputs.areas.count
let steps = inputs.rates.stepCount
print("areas: \(areas) county rows (\(inputs.censusWarnings.count) left out), years \(setup.baseYear)→\(setup.horizon)")
print(String(format: "pipeline: load %.3f s, split+calibrate %.3f s, project %.3f s, render CSV %.3f s, write %.3f s; total %.3f s",
             loaded, prepared - loaded, projected - prepared, rendered - projected, written - rendered, written))
print("  service_ages.csv \(services.utf8.count / 1_000_000) MB, population.csv (5-year groups) \(population.utf8.count / 1_000_000) MB")

// Projection alone, median of repetitions, for 1 and for all cores.
for tasks in [1, ProcessInfo.processInfo.activeProcessorCount] {
    let projector = CohortComponentProjector(taskCount: tasks)
    var times: [Double] = []
    for _ in 0..<15 {
        let start = ContinuousClock.now
        let projection = try await projector.project(base: inputs.basePopulation, rates: inputs.rates)
        times.append(seconds(start))
        precondition(projection.total(area: 0, year: setup.horizon) > 0)
    }
    let m = median(times)
    let updates = Double(areas * steps * 202)
    print(String(format: "projection alone, %d task(s): median %.2f ms (min %.2f, max %.2f) over %d runs; %.0f million cell-updates/s",
                 tasks, m * 1e3, times.min()! * 1e3, times.max()! * 1e3, times.count, updates / m / 1e6))
}
let nationTotal = (0..<areas).reduce(0.0) { $0 + result.total(area: $1, year: 2050) }
print(String(format: "check: sum of county totals 2050 = %.1f million", nationTotal / 1e6))
