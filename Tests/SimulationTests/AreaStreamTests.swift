import Foundation
import Numerics
import Testing
@testable import Scenario
@testable import Simulation

/// Each area's random stream derives from the seed and the area's code, not its position.
@Suite struct AreaStreamTests {
    @Test func areaStreamFollowsCodeNotPosition() throws {
        var spec = UncertaintySpec.defaults
        spec.draws = 4
        spec.seed = 42
        let deviations = DrawDeviations(spec: spec, steps: 3, areaCodes: ["533103", "533102"])
        func firstNormals(_ code: String) throws -> [Double] {
            let stream = deviations.stream(forArea: code)
            return (0..<5).map { _ in stream.gaussian(standardDeviation: 1) }
        }
        // The same code gives the same stream however it is reached; another code another stream.
        #expect(try firstNormals("533103") == firstNormals("533103"))
        #expect(try firstNormals("533103") != firstNormals("533102"))
        // FNV-1a 64 of "a" is 0xAF63DC4C8601EC8C (the published test vector); the stream number is that hash.
        #expect(RandomStream.streamNumber(key: "a") == 0xAF63_DC4C_8601_EC8C)
        #expect(RandomStream.seed(base: 42, key: "533103") == RandomStream.seed(base: 42, stream: RandomStream.streamNumber(key: "533103")))
    }
}
