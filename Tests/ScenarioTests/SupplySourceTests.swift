import Foundation
import Planning
import Testing
@testable import Scenario

/// `sources:` beside an area's supply: what each value rests on; a value without one is an assumption.
@Suite struct SupplySourceTests {
    @Test func sourcesAreReadAndAssumptionsRecognised() throws {
        let scenario = try ScenarioLoader.load(text: """
            carecap: 1
            workforce: { carers_trained_per_year: 200, source: "德宏州养老托育服务健康发展工作计划及责任分工（附件2） 任务5" }
            supply:
              "230100":
                nursery_slots: 9726
                beds: 59436
                carers: 1389
                guidance_centres: 1
                sources:
                  nursery_slots: "黑龙江省养老托育服务业振兴行动方案 开篇"
                  beds: "assumption: the province's 199,800 beds shared by residents aged 60+"
                  guidance_centres: "假设：一个"
            """, file: "s.yaml")
        let area = try #require(scenario.supply.first)
        #expect(area.sources["nursery_slots"] == SupplySource(basis: .declared, text: "黑龙江省养老托育服务业振兴行动方案 开篇"))
        #expect(area.sources["beds"] == SupplySource(basis: .assumption, text: "the province's 199,800 beds shared by residents aged 60+"))
        #expect(area.sources["guidance_centres"] == SupplySource(basis: .assumption, text: "一个"))
        // No source for carers: not in the map, so an assumption whose basis is unstated.
        #expect(area.sources["carers"] == nil)
        #expect(area.facilityCounts["guidance_centres"] == 1)
        #expect(scenario.workforce.source?.basis == .declared)
    }

    @Test func aSourceForAValueNotGivenIsAnError() {
        do {
            _ = try ScenarioLoader.load(text: """
                carecap: 1
                supply:
                  "230100":
                    beds: 100
                    sources: { carers: "yearbook" }
                """, file: "s.yaml")
            Issue.record("loaded a source for carers, which the area does not give")
        } catch {
            #expect(error.line == 5 && error.keyPath == "supply.230100.sources.carers", "\(error)")
            #expect(error.message.contains("does not give"), "\(error)")
        }
    }

    @Test func coveredCountsCannotExceedTheirTotal() {
        do {
            _ = try ScenarioLoader.load(text: """
                carecap: 1
                supply:
                  "533102":
                    townships: 9
                    townships_with_elder_care: 10
                """, file: "s.yaml")
            Issue.record("loaded 10 covered townships of 9")
        } catch {
            #expect(error.keyPath == "supply.533102.townships_with_elder_care" && error.message.contains("at most townships (9)"), "\(error)")
        }
    }
}
