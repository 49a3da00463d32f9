import Demography
import Foundation

// carecap-bench: projection of every county row of the 2020 census, 2020 → 2050, one
// deterministic path. Run by `make bench` (Benchmarks/run.sh) in release, never in tests.
//
// Reports: load → written files for (i) service ages + calibration (streaming path) and
// (ii) plus the five-year population file (streaming) or (iii) from the stored projection, best
// and median of a few runs; the projection alone for service output (streaming, target ≤ 6 ms) and
// with all cells stored, for 1 and 2 tasks, median of 15 runs after a warm-up, with cell-updates
// per second.
// Environment: CARECAP_BENCH_VERIFY=1 also checks that the CSV bytes equal the previous writer's;
// CARECAP_BENCH_REPS / CARECAP_BENCH_PIPELINE_RUNS set the repetitions; CARECAP_BENCH_WIDTHS=1
// sweeps the block width (service output and all cells stored); CARECAP_BENCH_RENDER=1 times the renderers; CARECAP_BENCH_ONLY_SERVICE=N
// runs only the service projection N times (for tuning).

func seconds(_ start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : FileManager.default.currentDirectoryPath
let censusPath = root + "/Scenarios/data/census2020/county_age5_sex.csv"
let wppDirectory = root + "/Scenarios/data/wpp2024_china"
let outputDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-bench-\(getpid())")
try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: outputDirectory) }
let repetitions = Int(ProcessInfo.processInfo.environment["CARECAP_BENCH_REPS"] ?? "") ?? 15
let pipelineRuns = Int(ProcessInfo.processInfo.environment["CARECAP_BENCH_PIPELINE_RUNS"] ?? "") ?? 5

let cpuModel = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("model name") }
    .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown"
print("machine: nproc \(ProcessInfo.processInfo.activeProcessorCount), CPU \(cpuModel), load average \(loadAverage())")

let setup = ProjectionSetup(baseYear: 2020, horizon: 2050)
func path(_ name: String) -> String { outputDirectory.appendingPathComponent(name).path }

struct Stages { var load = 0.0, prepare = 0.0, project = 0.0, render = 0.0, write = 0.0; var total: Double { write } }

/// (i) load, split, calibrate, streaming projection, service_ages.csv + calibration.csv.
func serviceOnlyPipeline() async throws -> (Stages, Int) {
    var t = Stages()
    let start = ContinuousClock.now
    let census = try CensusTable.load(path: censusPath)
    let wpp = try WPPRates.load(directory: wppDirectory)
    t.load = seconds(start)
    let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
    t.prepare = seconds(start)
    let table = try await CohortComponentProjector().projectServiceAges(inputs)
    t.project = seconds(start)
    let services = PopulationCSVWriter.serviceAgesCSVBytes(table, areas: inputs.areas)
    let calibration = Data(PopulationCSVWriter.calibrationCSV(inputs.calibration).utf8)
    t.render = seconds(start)
    try PopulationCSVWriter.writeFile(services, to: path("service_ages.csv"))
    try PopulationCSVWriter.writeFile(calibration, to: path("calibration.csv"))
    t.write = seconds(start)
    return (t, services.count + calibration.count)
}

/// (ii) as (i) plus population.csv in five-year groups, as `carecap project --detail five-year`
/// does: one streaming pass for both tables (no cell stored).
func fullPipeline() async throws -> (Stages, Int) {
    var t = Stages()
    let start = ContinuousClock.now
    let census = try CensusTable.load(path: censusPath)
    let wpp = try WPPRates.load(directory: wppDirectory)
    t.load = seconds(start)
    let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
    t.prepare = seconds(start)
    var table = ServiceAgeTable(), groups = PopulationGroupTable()
    try await CohortComponentProjector().projectServiceAges(inputs, into: &table, populationGroups: PopulationGroupTable.fiveYearStarts,
                                                          into: &groups)
    t.project = seconds(start)
    let services = PopulationCSVWriter.serviceAgesCSVBytes(table, areas: inputs.areas)
    let calibration = Data(PopulationCSVWriter.calibrationCSV(inputs.calibration).utf8)
    let population = PopulationCSVWriter.populationCSVBytes(groups, areas: inputs.areas)
    t.render = seconds(start)
    try PopulationCSVWriter.writeFile(services, to: path("service_ages.csv"))
    try PopulationCSVWriter.writeFile(calibration, to: path("calibration.csv"))
    try PopulationCSVWriter.writeFile(population, to: path("population.csv"))
    t.write = seconds(start)
    return (t, services.count + calibration.count + population.count)
}

/// (iii) as (ii) from the stored projection (every cell kept, 150 MB), for comparison.
func storedPipeline() async throws -> (Stages, Int, ProjectionResult) {
    var t = Stages()
    let start = ContinuousClock.now
    let census = try CensusTable.load(path: censusPath)
    let wpp = try WPPRates.load(directory: wppDirectory)
    t.load = seconds(start)
    let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
    t.prepare = seconds(start)
    let result = try await CohortComponentProjector().project(inputs)
    let table = try await CohortComponentProjector().projectServiceAges(inputs)
    t.project = seconds(start)
    let services = PopulationCSVWriter.serviceAgesCSVBytes(table, areas: inputs.areas)
    let calibration = Data(PopulationCSVWriter.calibrationCSV(inputs.calibration).utf8)
    let population = PopulationCSVWriter.populationCSVBytes(result, fiveYearGroups: true)
    t.render = seconds(start)
    try PopulationCSVWriter.writeFile(services, to: path("service_ages.csv"))
    try PopulationCSVWriter.writeFile(calibration, to: path("calibration.csv"))
    try PopulationCSVWriter.writeFile(population, to: path("population.csv"))
    t.write = seconds(start)
    return (t, services.count + calibration.count + population.count, result)
}

func report(_ label: String, _ runs: [Stages], bytes: Int) {
    let best = runs.min { $0.total < $1.total }!
    print(String(format: "%@: best %.3f s, median %.3f s over %d runs (goal < 1 s); best run: load %.3f, split+calibrate %.3f, project %.3f, render %.3f, write %.3f s; %.1f MB written; load average %@",
                 label, best.total, median(runs.map(\.total)), runs.count, best.load, best.prepare - best.load,
                 best.project - best.prepare, best.render - best.project, best.write - best.render,
                 Double(bytes) / 1e6, loadAverage()))
}

if let only = ProcessInfo.processInfo.environment["CARECAP_BENCH_ONLY_SERVICE"] {
    // Quick loop for tuning: the service projection alone, many runs, 1 task.
    let census = try CensusTable.load(path: censusPath)
    let wpp = try WPPRates.load(directory: wppDirectory)
    let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
    var table = ServiceAgeTable()
    var times: [Double] = []
    for _ in 0..<(Int(only) ?? 100) {
        let start = ContinuousClock.now
        try await CohortComponentProjector(taskCount: 1).projectServiceAges(inputs, into: &table)
        times.append(seconds(start))
    }
    print(String(format: "service 1 task: median %.2f ms, min %.2f ms; load %@", median(times) * 1e3, times.min()! * 1e3, loadAverage()))
    exit(0)
}
var serviceRuns: [Stages] = [], serviceBytes = 0
for _ in 0..<pipelineRuns { let (t, b) = try await serviceOnlyPipeline(); serviceRuns.append(t); serviceBytes = b }
report("load → files (i) service ages + calibration", serviceRuns, bytes: serviceBytes)
var fullRuns: [Stages] = [], fullBytes = 0
for _ in 0..<pipelineRuns { let (t, b) = try await fullPipeline(); fullRuns.append(t); fullBytes = b }
report("load → files (ii) + five-year population (streaming)", fullRuns, bytes: fullBytes)
var storedRuns: [Stages] = [], storedBytes = 0
var lastResult: ProjectionResult? = nil
for _ in 0..<max(1, pipelineRuns / 2) {
    let (t, b, r) = try await storedPipeline()
    storedRuns.append(t); storedBytes = b; lastResult = r
}
report("load → files (iii) = (ii) from the stored projection", storedRuns, bytes: storedBytes)

let result = lastResult!
let inputs = result.inputs
let areas = inputs.areas.count
let steps = inputs.rates.stepCount
print("areas: \(areas) county rows (\(inputs.censusWarnings.count) left out), years \(setup.baseYear)→\(setup.horizon)")

// Projection alone, median of repetitions after a warm-up, for 1 and 2 tasks.
let updates = Double(areas * steps * 202)
func measure(_ label: String, tasks: Int, _ body: () async throws -> Void) async rethrows {
    try await body()
    var times: [Double] = []
    for _ in 0..<repetitions {
        let start = ContinuousClock.now
        try await body()
        times.append(seconds(start))
    }
    let m = median(times)
    print(String(format: "projection alone, %@, %d task(s): median %.2f ms (min %.2f, max %.2f) over %d runs; %.0f million cell-updates/s (median), %.0f (best); load average %@",
                 label, tasks, m * 1e3, times.min()! * 1e3, times.max()! * 1e3, times.count, updates / m / 1e6,
                 updates / times.min()! / 1e6, loadAverage()))
}
for tasks in [1, 2] {
    let projector = CohortComponentProjector(taskCount: tasks)
    var reused = ServiceAgeTable()
    try await measure("service output (streaming, table reused)", tasks: tasks) {
        try await projector.projectServiceAges(inputs, into: &reused)
        precondition(reused.value(area: 0, year: setup.horizon, group: .total) > 0)
    }
    try await measure("service output (streaming, new table)", tasks: tasks) {
        let table = try await projector.projectServiceAges(inputs)
        precondition(table.value(area: 0, year: setup.horizon, group: .total) > 0)
    }
    try await measure("all cells stored", tasks: tasks) {
        let projection = try await projector.project(base: inputs.basePopulation, rates: inputs.rates)
        precondition(projection.total(area: 0, year: setup.horizon) > 0)
    }
}
if ProcessInfo.processInfo.environment["CARECAP_BENCH_WIDTHS"] != nil {
    for width in [8, 16, 32, 64, 128, 256, 1024, 4096] {
        let projector = CohortComponentProjector(taskCount: 1)
        var reused = ServiceAgeTable()
        try await measure("service output, block width \(width)", tasks: 1) {
            try await projector.projectServiceAges(inputs, into: &reused, blockWidth: width)
        }
        try await measure("all cells stored, block width \(width)", tasks: 1) {
            _ = try await projector.project(base: inputs.basePopulation, rates: inputs.rates, blockWidth: width)
        }
    }
}
if ProcessInfo.processInfo.environment["CARECAP_BENCH_RENDER"] != nil {
    var table = ServiceAgeTable(), groups = PopulationGroupTable()
    try await CohortComponentProjector().projectServiceAges(inputs, into: &table, populationGroups: PopulationGroupTable.fiveYearStarts, into: &groups)
    for _ in 0..<5 {
        let start = ContinuousClock.now
        let bytes = PopulationCSVWriter.populationCSVBytes(groups, areas: inputs.areas)
        let render = seconds(start)
        let start2 = ContinuousClock.now
        let services = PopulationCSVWriter.serviceAgesCSVBytes(table, areas: inputs.areas)
        print(String(format: "render five-year from group table %.3f s (%d bytes), service ages %.3f s (%d bytes)", render, bytes.count, seconds(start2), services.count))
    }
    for _ in 0..<3 {
        var start = ContinuousClock.now
        let bytes = PopulationCSVWriter.populationCSVBytes(result, fiveYearGroups: true)
        let render = seconds(start)
        start = ContinuousClock.now
        let n = bytes.withUnsafeBytes { $0.count }
        let access = seconds(start)
        start = ContinuousClock.now
        try PopulationCSVWriter.writeFile(bytes, to: path("population.csv"))
        print(String(format: "render five-year %.3f s, access %.4f s, write %.3f s, %d bytes", render, access, seconds(start), n))
    }
}
if let folder = ProcessInfo.processInfo.environment["CARECAP_BENCH_EXPORT"] {
    // The prepared base and rates as raw little-endian float64 arrays for the numpy peer
    // (Benchmarks/peers/ccmpp_numpy.py), with CareCap's horizon total of the same projection
    // (households only, as `project(base:rates:)` above) for its check.
    let rates = inputs.rates
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    func raw(_ name: String, _ values: [Double]) throws {
        try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: "\(folder)/\(name).f64")) }
    }
    // base: [sex × 101 + age][area], as PopulationArray holds it.
    try raw("base", inputs.basePopulation.values)
    try raw("survival", Array(rates.survivalProfiles.joined()))
    try raw("profile_of_area", rates.mortalityProfileOfArea.map(Double.init))
    try raw("fertility_shares", rates.fertilityShares)
    try raw("tfr", rates.tfr)
    try raw("srb", rates.sexRatioAtBirth)
    try raw("migration_shares", rates.migrationShares)
    try raw("net_migration", rates.netMigration)
    var fertile = [Int.max, Int.min]
    for step in 0..<steps { for age in 0...100 where rates.fertilityShares[step * 101 + age] != 0 {
        fertile = [min(fertile[0], age), max(fertile[1], age)]
    } }
    let projection = try await CohortComponentProjector(taskCount: 1).project(base: inputs.basePopulation, rates: rates)
    let horizonTotal = (0..<areas).reduce(0.0) { $0 + projection.total(area: $1, year: setup.horizon) }
    let migration = switch rates.migrationVolume { case .none: "none"; case .ratePerThousand: "ratePerThousand"; case .total: "total" }
    let meta: [String: Any] = [
        "areas": areas, "steps": steps, "profiles": rates.survivalProfiles.count, "migration": migration,
        "fertile_ages": fertile, "interpolation_weight": rates.interpolationWeight.map { $0 as Any } ?? NSNull(),
        "carecap_horizon_total": horizonTotal,
    ]
    try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys]).write(to: URL(fileURLWithPath: "\(folder)/meta.json"))
    print("exported base and rates for the numpy peer to \(folder)")
}

let nationTotal = (0..<areas).reduce(0.0) { $0 + result.total(area: $1, year: 2050) }
print(String(format: "check: sum of county totals 2050 = %.1f million", nationTotal / 1e6))

if ProcessInfo.processInfo.environment["CARECAP_BENCH_VERIFY"] != nil {
    // The previous writer (fixed point from (|v| · 10^d).rounded(), half away from zero), kept here
    // to check that the byte-buffer writer leaves every output byte as it was.
    func legacyFixed(_ value: Double) -> String {
        let scaled = (abs(value) * 100).rounded()
        let units = UInt64(scaled)
        return (value < 0 && units > 0 ? "-" : "") + "\(units / 100)." + (units % 100 < 10 ? "0" : "") + "\(units % 100)"
    }
    var legacyServices = "area,year,group,population\n"
    var legacyPopulation = "area,year,sex,age,population\n"
    var legacySingle = "area,year,sex,age,population\n"
    for (area, info) in result.areas.enumerated() {
        for year in result.years {
            for (label, value) in result.serviceAges(area: area, year: year).groups {
                legacyServices += "\(info.key),\(year),\(label),\(legacyFixed(value))\n"
            }
            for sex in Sex.allCases {
                for start in stride(from: 0, through: 100, by: 5) {
                    var value = 0.0
                    for age in start..<(start == 100 ? 101 : start + 5) { value += result.population(area: area, year: year, sex: sex, age: age) }
                    legacyPopulation += "\(info.key),\(year),\(sex),\(start),\(legacyFixed(value))\n"
                }
                for age in 0...100 {
                    legacySingle += "\(info.key),\(year),\(sex),\(age),\(legacyFixed(result.population(area: area, year: year, sex: sex, age: age)))\n"
                }
            }
        }
    }
    let table = try await CohortComponentProjector().projectServiceAges(inputs)
    func firstDifference(_ a: String, _ b: Data) -> String {
        let x = a.split(separator: "\n"), y = String(decoding: b, as: UTF8.self).split(separator: "\n")
        var count = 0, first = ""
        for (l, r) in zip(x, y) where l != r { if count == 0 { first = "\(l) | \(r)" }; count += 1 }
        return "\(count) lines differ (of \(x.count), \(y.count)); first: \(first)"
    }
    print(firstDifference(legacyServices, PopulationCSVWriter.serviceAgesCSVBytes(result)))
    print(firstDifference(legacySingle, PopulationCSVWriter.populationCSVBytes(result)))
    print("verify: service_ages.csv (stored) identical to previous writer:",
          Data(legacyServices.utf8) == PopulationCSVWriter.serviceAgesCSVBytes(result))
    print("verify: service_ages.csv (streaming) identical to previous writer:",
          Data(legacyServices.utf8) == PopulationCSVWriter.serviceAgesCSVBytes(table, areas: inputs.areas))
    print("verify: five-year population.csv identical to previous writer:",
          Data(legacyPopulation.utf8) == PopulationCSVWriter.populationCSVBytes(result, fiveYearGroups: true))
    print("verify: single-year population.csv identical to previous writer:",
          Data(legacySingle.utf8) == PopulationCSVWriter.populationCSVBytes(result))
}
