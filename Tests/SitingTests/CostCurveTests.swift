import Foundation
import Testing
@testable import Scenario
@testable import Siting

/// cost = a · size^b fitted by GSL to past projects prices modules that have a size but no cost.
@Suite("Siting cost curve")
struct CostCurveTests {
    /// Projects lying exactly on cost = 180,000 · size^0.92: the fit must give back a and b.
    static let exact = "size,cost,name\n" + [10.0, 20, 40, 60, 100, 150].map { size in
        "\(size),\(String(format: "%.6f", 180_000 * pow(size, 0.92))),p\(Int(size))"
    }.joined(separator: "\n") + "\n"

    @Test func recoversTheCurveOfExactProjects() throws {
        let folder = try SitingFixtures.temporaryFolder()
        let path = folder.appendingPathComponent("projects.csv").path
        try Self.exact.write(toFile: path, atomically: true, encoding: .utf8)
        let curve = try CostCurve.fit(path: path)
        #expect(abs(curve.a / 180_000 - 1) < 1e-6, "\(curve.description)")
        #expect(abs(curve.b - 0.92) < 1e-6)
        #expect(curve.projects == 6)
    }

    /// The sites file gives module_size 50 and no module_cost: the module costs 180,000 · 50^0.92.
    @Test func pricesModulesWithoutCost() throws {
        let scenario = """
            carecap: 1
            name: curve
            siting:
              service: beds
              zones: zones.csv
              sites: sites.csv
              costs: costs.csv
              cost_table: projects.csv
            """
        let (problem, _) = try SitingFixtures.load(scenario: scenario, files: [
            "zones.csv": "id,demand\nZ,10\n",
            "sites.csv": "id,capacity,open_cost,module_size,max_modules\nS,0,100,50,2\n",
            "costs.csv": "zone,site,cost_per_unit\nZ,S,1\n",
            "projects.csv": Self.exact,
        ])
        let expected = 180_000 * pow(50, 0.92)
        #expect(abs(problem.sites[0].services[0].moduleCost / expected - 1) < 1e-6)
    }

    @Test func tooFewProjectsIsAnError() throws {
        let folder = try SitingFixtures.temporaryFolder()
        let path = folder.appendingPathComponent("projects.csv").path
        try "size,cost\n10,100000\n10,120000\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try CostCurve.fit(path: path) }
    }
}
