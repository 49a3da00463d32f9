import Foundation
import Testing
@testable import Scenario
@testable import Siting

/// Bad siting input is refused with the file, line, key and what was expected, before any solver sees it.
@Suite("Siting validation")
struct SitingValidationTests {
    static let zones = "id,demand,longitude,latitude\nZ1,10,98.58,24.43\nZ2,5,98.60,24.45\n"
    static let sites = "id,capacity,open_cost,longitude,latitude\nS1,20,100,98.59,24.44\n"
    static let costs = "zone,site,cost_per_unit\nZ1,S1,1\nZ2,S1,2\n"

    static func scenario(_ siting: String) -> String {
        "carecap: 1\nname: check\nsiting:\n" + siting
    }

    static let plain = """
          service: beds
          zones: zones.csv
          sites: sites.csv
          costs: costs.csv

        """

    static func failure(_ yaml: String, files: [String: String] = [:]) -> String {
        var all = ["zones.csv": zones, "sites.csv": sites, "costs.csv": costs]
        for (name, text) in files { all[name] = text }
        do {
            _ = try SitingFixtures.load(scenario: yaml, files: all)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func badDemandNamesFileLineColumn() {
        let message = Self.failure(Self.scenario(Self.plain), files: ["zones.csv": "id,demand\nZ1,10\nZ2,lots\n"])
        #expect(message.contains("zones.csv:3:2: error: siting.zones: column demand: expected a demand ≥ 0"), "\(message)")
        #expect(message.contains("found \"lots\""))
    }

    @Test func unknownZoneInCosts() {
        let message = Self.failure(Self.scenario(Self.plain), files: ["costs.csv": "zone,site,cost_per_unit\nZ9,S1,1\n"])
        #expect(message.contains("costs.csv:2:1: error: siting.costs: column zone: expected a zone id from the zones file"), "\(message)")
    }

    @Test func duplicatePair() {
        let message = Self.failure(Self.scenario(Self.plain), files: ["costs.csv": "zone,site,cost_per_unit\nZ1,S1,1\nZ1,S1,2\n"])
        #expect(message.contains("costs.csv:3:2:") && message.contains("line 2 has this pair"), "\(message)")
    }

    @Test func missingCapacityColumn() {
        let message = Self.failure(Self.scenario(Self.plain), files: ["sites.csv": "id,open_cost\nS1,100\n"])
        #expect(message.contains("sites.csv:1: error: siting.sites: column capacity: expected a column capacity or capacity_beds"), "\(message)")
    }

    @Test func modulesWithoutCost() {
        let message = Self.failure(Self.scenario(Self.plain),
                                   files: ["sites.csv": "id,capacity,open_cost,module_size,max_modules\nS1,20,100,10,2\n"])
        #expect(message.contains("sites.csv:2: error: siting.sites: column module_cost: expected a module cost"), "\(message)")
    }

    @Test func budgetYearOutsideYears() {
        let message = Self.failure(Self.scenario(Self.plain + "  years: [2025, 2026]\n  budget: {2030: 100}\n"))
        #expect(message.contains("scenario.yaml:9:") && message.contains("siting.budget.2030: 2030 is not one of the siting years"), "\(message)")
    }

    @Test func unknownKeyWithSuggestion() {
        let message = Self.failure(Self.scenario(Self.plain + "  budjet: {2025: 1}\n"))
        #expect(message.contains("scenario.yaml:8:3: error: siting.budjet: unknown key \"budjet\""), "\(message)")
        #expect(message.contains("budget"))
    }

    @Test func greatCircleNeedsPoints() {
        let yaml = Self.scenario("""
              service: beds
              zones: zones.csv
              sites: sites.csv
              costs: {distance: great_circle, cost_per_unit_km: 2, max_km: 30}

            """)
        let message = Self.failure(yaml, files: ["sites.csv": "id,capacity,open_cost\nS1,20,100\n"])
        #expect(message.contains("sites.csv:2: error: siting.sites: column longitude: expected longitude and latitude"), "\(message)")
    }

    @Test func greatCircleArcsWithinReach() throws {
        let yaml = Self.scenario("""
              service: beds
              zones: zones.csv
              sites: sites.csv
              costs: {distance: great_circle, cost_per_unit_km: 2, max_km: 2}

            """)
        let (problem, _) = try SitingFixtures.load(scenario: yaml, files: ["zones.csv": Self.zones, "sites.csv": Self.sites, "costs.csv": ""])
        // Z1 and Z2 are each 0.01° of latitude and longitude from S1: about 1.5 km at 24.4° N, within 2 km.
        let kilometres = GreatCircle.kilometres(fromLongitude: 98.58, latitude: 24.43, toLongitude: 98.59, latitude: 24.44)
        #expect(abs(kilometres - 1.5) < 0.1)
        #expect(problem.arcs.count == 2)
        #expect(abs(problem.arcs[0].costPerUnit - 2 * kilometres) < 1e-9)
    }

    @Test func missingFileNamesTheKey() {
        let message = Self.failure(Self.scenario(Self.plain.replacingOccurrences(of: "sites.csv", with: "nowhere.csv")))
        #expect(message.contains("scenario.yaml:6:10: error: siting.sites: \"nowhere.csv\""), "\(message)")
    }

    @Test func modelValidationRefusesNaN() {
        var model = MILPModel()
        let x = model.addColumn("x", lower: 0, upper: 1, cost: .nan)
        model.addRow("r", [(x, 1)], lower: 0, upper: 1)
        #expect(throws: SitingError.self) { try model.validate() }
        var ordered = MILPModel()
        ordered.addColumn("y", lower: 2, upper: 1, cost: 0)
        #expect(throws: SitingError.self) { try ordered.validate() }
    }
}
