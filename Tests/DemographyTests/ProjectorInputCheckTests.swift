import Foundation
import Testing
@testable import Demography

/// The projector refuses a base population or constant group with a value that is not finite or is
/// negative, wherever it is (the check runs in parts, one per task: the first cell, one in the middle and
/// the last must all be seen), before the kernel runs.
@Suite struct ProjectorInputCheckTests {
    static let areas = 7

    static func base() -> PopulationArray {
        var base = PopulationArray(areaCount: areas)
        for i in base.values.indices { base.values[i] = Double(i % 97) }
        return base
    }

    @Test(arguments: [1, 2, 3], [Double.nan, -1, .infinity, -.infinity])
    func badBaseValueIsRefusedWherever(tasks: Int, bad: Double) async throws {
        let rates = try CohortComponentProjectorTests.idleRates(areas: Self.areas, steps: 2)
        let count = Self.base().values.count
        for position in [0, count / 2, count - 1] {
            var base = Self.base()
            base.values[position] = bad
            await #expect(throws: ProjectionInputError.self, "position \(position)") {
                _ = try await CohortComponentProjector(taskCount: tasks).project(base: base, rates: rates)
            }
        }
        // The same base without the bad value projects.
        _ = try await CohortComponentProjector(taskCount: tasks).project(base: Self.base(), rates: rates)
    }

    @Test(arguments: [1, 2])
    func badGroupValueIsRefused(tasks: Int) async throws {
        let rates = try CohortComponentProjectorTests.idleRates(areas: Self.areas, steps: 2)
        var group = PopulationArray(areaCount: Self.areas)
        group.values[3] = 1
        _ = try await CohortComponentProjector(taskCount: tasks).project(base: Self.base(), rates: rates, constantGroup: group)
        group.values[group.values.count - 1] = -0.5
        await #expect(throws: ProjectionInputError.self) {
            _ = try await CohortComponentProjector(taskCount: tasks).project(base: Self.base(), rates: rates, constantGroup: group)
        }
    }
}
