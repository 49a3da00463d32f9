import Testing
@testable import Planning

/// Training as a program indicator (issue 11): person-times trained against a plan's cumulative target,
/// and carers joining the stock only through the scenario's share of trainees who are new carers.
@Suite struct TrainingIndicatorTests {
    let dehong = try! RuleBook(preset: "dehong-2022")

    /// Person-times trained through each year of 2020-2025 at 200 a year from `start` (a pipeline's sums).
    func trainedThrough(from start: Int) -> (Int) -> Double? {
        let path = SupplyPipeline(measure: .nurseryCarers, baseYear: 2020, baseLevel: 0,
                                  training: .init(perYear: 200, startYear: start, joiningShare: 0)).path(through: 2025)
        return { year in (2020...2025).contains(year) ? path.cumulativeTrained[year - 2020] : nil }
    }

    @Test func notComparableByDefault() throws {
        // 德宏 任务5: ≥ 1,000 person-times by 2025, counting 养老服务员、育婴员、保育员、家政服务员.
        // 200 a year 2022-2025: 4 × 200 = 800 person-times of carer training. Not the same count: not judged.
        let t = try #require(TrainingIndicator.make(rules: dehong, countsPlanOccupations: false,
                                                    trainedThrough: trainedThrough(from: 2022)))
        #expect(t.year == 2025 && t.trained == 800 && t.target == 1000)
        #expect(!t.comparable && t.met == nil)
        #expect(t.basis.contains("养老服务员、育婴员、保育员、家政服务员"))
        #expect(t.source.contains("德宏州养老托育服务健康发展工作计划及责任分工") && t.source.contains("任务5"))
    }

    @Test(arguments: [
        (2022, 800.0, false),   // 4 × 200 = 800 < 1,000: not met
        (2021, 1000.0, true),   // 5 × 200 = 1,000 = target: a tie is met (以上)
    ])
    func comparableWhenTheScenarioSaysSo(start: Int, trained: Double, met: Bool) throws {
        let t = try #require(TrainingIndicator.make(rules: dehong, countsPlanOccupations: true,
                                                    trainedThrough: trainedThrough(from: start)))
        #expect(t.comparable && t.trained == trained && t.met == met)
    }

    @Test(arguments: ["national", "sanya-2023", "guizhou-2022"])
    func noIndicatorWhereNoPlanSetsIt(preset: String) throws {
        // The training rule is Dehong's: elsewhere there is no target to report against.
        #expect(TrainingIndicator.make(rules: try RuleBook(preset: preset), countsPlanOccupations: true,
                                       trainedThrough: trainedThrough(from: 2022)) == nil)
    }

    @Test(arguments: [
        (0.0, 100.0),   // default: in-service training adds no carers: 100
        (0.3, 280.0),   // 100 + 3 years × 200 × 0.3 = 100 + 180 = 280
        (1.0, 700.0),   // every trainee a new carer: 100 + 3 × 200 = 700
    ])
    func traineesJoinCarersOnlyByTheShare(share: Double, carers2025: Double) {
        // 100 carers in 2022; 200 person-times trained a year from 2023; no attrition.
        let p = SupplyPipeline(measure: .nurseryCarers, baseYear: 2022, baseLevel: 100,
                               training: .init(perYear: 200, startYear: 2023, joiningShare: share))
        let path = p.path(through: 2025)
        #expect(abs(path[2025] - carers2025) < 1e-9)
        // Person-times trained do not depend on the share: 3 × 200 = 600 through 2025.
        #expect(path.cumulativeTrained == [0, 200, 400, 600])
    }
}
