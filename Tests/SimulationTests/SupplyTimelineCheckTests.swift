import Planning
import Testing
@testable import Scenario
@testable import Simulation

/// Supply dated outside the projection: the rule for each kind of date, checked one case at a time.
@Suite struct SupplyTimelineCheckTests {
    let rules = try! RuleBook(preset: "national")

    func check(_ supply: AreaSupply, districts: [District] = []) throws(ScenarioError) -> [String] {
        var pipelines = AreaSupplyPipelines(supply, baseYear: 2020, districts: districts, rules: rules)
        for (name, byYear) in supply.plannedChanges {
            for (year, delta) in byYear { pipelines[Measure(rawValue: name)!].add(delta, in: year) }
        }
        return try SupplyTimelineCheck.check(supply, pipelines: pipelines, districts: districts, baseYear: 2020, horizon: 2030,
                                             file: "s.yaml")
    }

    @Test func levelDatedAfterHorizonIsAWarning() throws {
        // beds {2020: 500, 2033: 800}: the 2033 level is never in force in 2020-2030.
        var supply = AreaSupply(code: "533103", beds: Pipeline(steps: [.init(year: 2020, value: 500), .init(year: 2033, value: 800)]))
        supply.places["supply.533103.beds.2033"] = .init(line: 9, column: 31)
        #expect(try check(supply) == ["s.yaml:9:31: supply.533103.beds.2033: level ignored, after the horizon 2030"])
    }

    @Test func levelDatedBeforeBaseYearIsTheBaseLevel() throws {
        // beds {2018: 500}: the level in force in 2020 is 500; nothing is dropped, nothing to say.
        let supply = AreaSupply(code: "533103", beds: Pipeline(steps: [.init(year: 2018, value: 500)]))
        #expect(try check(supply).isEmpty)
    }

    @Test func changeDatedInTheBaseYearIsAnError() {
        // The base level is the stock observed in 2020, so a 2020 change is already in it (or a mistake).
        var supply = AreaSupply(code: "533103", beds: Pipeline(constant: 500))
        supply.plannedChanges["beds"] = [2020: 100]
        supply.places["supply.533103.changes.beds.2020"] = .init(line: 12, column: 20)
        #expect(throws: ScenarioError(file: "s.yaml", line: 12, column: 20, keyPath: "supply.533103.changes.beds.2020",
                                      message: "a change dated 2020 is not after the base year 2020: the base level is the stock observed in 2020 and already holds it; expected a year from 2021 to 2030, or the change folded into supply.533103.beds")) {
            try check(supply)
        }
    }

    @Test func districtDeliveredOutsideTheProjectionIsAWarning() throws {
        let nursery = District.Nursery(children: BandCounts(), classes: BandCounts(), carers: 2, slots: 20)
        let early = District(id: "old", area: "533103", households: 100, deliveryYear: 2019, nursery: nursery)
        let late = District(id: "far", area: "533103", households: 100, deliveryYear: 2031, nursery: nursery)
        let warnings = try check(AreaSupply(code: "533103", nurserySlots: Pipeline(constant: 10)), districts: [early, late])
        #expect(warnings == [
            "s.yaml: districts[0].delivery_year: district old delivered in 2019, not after the base year 2020: taken as already in the base level of 533103, not added",
            "s.yaml: districts[1].delivery_year: district far delivered in 2031: ignored, after the horizon 2030",
        ])
    }
}
