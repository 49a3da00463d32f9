import Foundation
import Testing
@testable import Reporting
import Results

/// A capacity measure whose standard's rate is 0 in the run's demand parameters (a rule not in force under
/// the preset, such as social workers outside Sanya's plan) is not a need of 0: the reports leave it out of
/// the demand and gap tables, the charts and the county picker, and a note says which and why.
@Suite struct MeasuresNotRequiredTests {
    /// The fixture run (Dehong's preset, where the social-worker rule is not in force: its rate is recorded
    /// as 0) with the social-worker and slot rates set as given.
    static func run(socialWorkers: Double, slots: Double? = nil) throws -> RunResult {
        var run = try ManyAreas.run(perPrefecture: 14)
        for (i, p) in run.manifest.demandParameters.enumerated() {
            if p.name == "social-workers-per-100-beds.workers_per_100_beds" { run.manifest.demandParameters[i].value = socialWorkers }
            if let slots, p.name == "nursery-slots-per-1000.slots_per_1000" { run.manifest.demandParameters[i].value = slots }
        }
        return run
    }

    @Test func theFixtureRecordsTheRuleNotInForceAsZero() throws {
        let base = try ResultStore.read(path: "\(runPath)/results.gpkg")
        let p = try #require(base.manifest.demandParameters.first { $0.name == "social-workers-per-100-beds.workers_per_100_beds" })
        #expect(p.value == 0 && p.source.hasPrefix("not in force"))
        #expect(base.measuresNotRequired == [.socialWorkers])
    }

    @Test(arguments: Language.allCases)
    func aMeasureWithoutAStandardIsLeftOutAndNamed(language: Language) throws {
        let run = try Self.run(socialWorkers: 0)
        #expect(run.requiredMeasures == [.nurserySlots, .carers, .beds, .nursingBeds])
        let tables = ReportTables(run: run, language: language)
        let name = tables.measureName(.socialWorkers)
        let gap = tables.gap(area: RunResult.totalArea)
        #expect(!gap.rows.contains { row in if case .text(name) = row[0] { return true } else { return false } })
        #expect(gap.notes.contains { $0.contains(name) && $0.contains(language == .zh ? "不要求" : "Not required") })
        #expect(!tables.prefectureGaps().columns.contains { $0.header.contains(name) })
        let html = HTMLReport(run: run, language: language).render()
        let data = html.components(separatedBy: "id=\"picker-data\">")[1].components(separatedBy: "</script>")[0]
        let json = try #require(try JSONSerialization.jsonObject(with: Data(data.replacingOccurrences(of: "<\\/", with: "</").utf8)) as? [String: Any])
        let measures = try #require(json["measures"] as? [[String: Any]]).compactMap { $0["k"] as? String }
        #expect(measures == ["nursery_slots", "carers", "beds", "nursing_beds"])
        // Each county's numbers have one row per measure listed.
        let nodes = try #require(json["nodes"] as? [String: [String: Any]])
        #expect(try #require(nodes["610101"]?["m"] as? [Any]).count == 4)
    }

    @Test func aMeasureWithAStandardIsListed() throws {
        let run = try Self.run(socialWorkers: 1)
        #expect(run.measuresNotRequired.isEmpty)
        let tables = ReportTables(run: run, language: .zh)
        let name = tables.measureName(.socialWorkers)
        #expect(tables.gap(area: RunResult.totalArea).rows.contains { row in if case .text(name) = row[0] { return true } else { return false } })
        #expect(tables.prefectureGaps().columns.contains { $0.header.contains(name) })
        #expect(tables.gap(area: RunResult.totalArea).notes.allSatisfy { !$0.contains("不要求") })
    }

    /// A standard rate of 0 for slots hides nothing: observed use (enrolment × children) does not depend
    /// on it, so slots and carers keep their rows.
    @Test func aZeroSlotsStandardHidesNoMeasure() throws {
        let run = try Self.run(socialWorkers: 1, slots: 0)
        #expect(run.measuresNotRequired.isEmpty)
        let tables = ReportTables(run: run, language: .zh)
        let name = tables.measureName(.nurserySlots)
        #expect(tables.gap(area: RunResult.totalArea).rows.contains { row in if case .text(name) = row[0] { return true } else { return false } })
    }
}
