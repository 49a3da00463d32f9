import Foundation
@testable import Scenario
@testable import Siting

/// Writes siting problems as the CSV files and scenario a user would give, and loads them back through
/// the scenario reader, so the tests exercise the `zones`/`sites`/`costs` route end to end.
enum SitingFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-siting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `files` (name → text) into a new folder with `scenario.yaml` and loads it.
    static func load(scenario: String, files: [String: String]) throws -> (SitingProblem, URL) {
        let folder = try temporaryFolder()
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let path = folder.appendingPathComponent("scenario.yaml").path
        try scenario.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(path: path)
        return (loaded.siting!.problem, folder)
    }

    /// An OR-Library capacitated warehouse location problem (format in Fixtures/README.md) as CSV files:
    /// zones with their demand, sites with capacity and fixed cost, and a cost per unit for every pair
    /// (the file's cost of serving all of a customer's demand, divided by the demand).
    static func orLibraryFiles(_ name: String) throws -> [String: String] {
        let text = try String(contentsOf: folder.appendingPathComponent("\(name).txt"), encoding: .utf8)
        var numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).map { Double($0)! }[...]
        func next() -> Double { numbers.removeFirst() }
        let siteCount = Int(next()), customerCount = Int(next())
        var sites = "id,capacity,open_cost\n"
        for j in 0..<siteCount {
            let capacity = next(), fixed = next()
            sites += "W\(j + 1),\(capacity),\(fixed)\n"
        }
        var zones = "id,demand\n"
        var costs = "zone,site,cost_per_unit\n"
        for i in 0..<customerCount {
            let demand = next()
            zones += "C\(i + 1),\(demand)\n"
            for j in 0..<siteCount {
                let total = next()
                // %.17g keeps the quotient exact to the last bit, so the CSV route loses nothing.
                costs += "C\(i + 1),W\(j + 1),\(String(format: "%.17g", total / demand))\n"
            }
        }
        return ["zones.csv": zones, "sites.csv": sites, "costs.csv": costs]
    }

    static let orLibraryScenario = """
        carecap: 1
        name: orlib
        siting:
          service: units
          zones: zones.csv
          sites: sites.csv
          costs: costs.csv
          mip_gap: 0
          time_limit_s: 120
        """
}
