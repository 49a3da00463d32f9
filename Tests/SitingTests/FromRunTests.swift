import Foundation
import Testing
@testable import Scenario
@testable import Siting

/// Zones from a run folder: the run's own areas (not its total row), the service's demand at the percentile
/// asked for, placed at the county points.
@Suite("Siting zones from a run")
struct FromRunTests {
    static let data = SitingFixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios/data").path

    static func scenario(_ zones: String) -> String {
        """
        carecap: 1
        name: from-run
        siting:
          service: nursing_beds
          zones:
        \(zones)
          sites: sites.csv
          costs: { distance: great_circle, cost_per_unit_km: 1, max_km: 50 }
          years: [2025, 2035]
        """
    }

    static let sites = "id,capacity,open_cost,longitude,latitude\nS,10,1,98.59,24.44\n"

    @Test func p90OfTheRunsAreas() throws {
        let zones = "    from_run: \(Self.data)/siting/dehong-run-2022-2035\n    percentile: p90\n    points: \(Self.data)/geo/county_points.csv"
        let (problem, _) = try SitingFixtures.load(scenario: Self.scenario(zones), files: ["sites.csv": Self.sites])
        #expect(problem.zones.map(\.id) == ["533102", "533103", "533122", "533123", "533124"])
        // Expected straight from demand.csv: area 533103, nursing_beds, standard, 2025 and 2035, column p90.
        let text = try String(contentsOfFile: "\(Self.data)/siting/dehong-run-2022-2035/demand.csv", encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let expected = [2025, 2035].map { year in
            Double(rows.first { $0[0] == "533103" && $0[1] == String(year) && $0[2] == "nursing_beds" && $0[3] == "standard" }![6])!
        }
        #expect(problem.zones[1].demand == [expected])
        #expect(problem.zones[1].longitude == 98.588086)
    }

    @Test func aFolderWithoutDemandIsRefused() throws {
        let zones = "    from_run: \(Self.data)/geo"
        let message: String
        do {
            _ = try SitingFixtures.load(scenario: Self.scenario(zones), files: ["sites.csv": Self.sites])
            message = "no error"
        } catch {
            message = "\(error)"
        }
        #expect(message.contains("scenario.yaml:6:") && message.contains("has no demand.csv"), "\(message)")
    }
}
