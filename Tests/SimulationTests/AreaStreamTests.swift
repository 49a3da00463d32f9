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
        func firstNormals(_ code: String, draw: Int = 0) throws -> [Double] {
            let stream = deviations.stream(forArea: code, draw: draw)
            return (0..<5).map { _ in stream.gaussian(standardDeviation: 1) }
        }
        // The same code and draw give the same stream however they are reached; another code or another draw
        // another stream.
        #expect(try firstNormals("533103") == firstNormals("533103"))
        #expect(try firstNormals("533103") != firstNormals("533102"))
        #expect(try firstNormals("533103", draw: 1) != firstNormals("533103", draw: 0))
        // A draw's stream is stream number `draw` of the area's seed, which is the code's stream of the run's seed.
        #expect(deviations.areaSeed(forArea: "533103") == UInt64(RandomStream.seed(base: 42, key: "533103")))
        let direct = RandomStream(seed: RandomStream.seed(base: UInt64(RandomStream.seed(base: 42, key: "533103")), stream: 3))
        #expect(try firstNormals("533103", draw: 3) == (0..<5).map { _ in direct.gaussian(standardDeviation: 1) })
        // FNV-1a 64 of "a" is 0xAF63DC4C8601EC8C (the published test vector); the stream number is that hash.
        #expect(RandomStream.streamNumber(key: "a") == 0xAF63_DC4C_8601_EC8C)
        #expect(RandomStream.seed(base: 42, key: "533103") == RandomStream.seed(base: 42, stream: RandomStream.streamNumber(key: "533103")))
    }
}
