import Demography
import Foundation
import Testing
@testable import Scenario
@testable import Simulation

/// Zones have no code and so no row in the points file: they take their prefecture's point.
@Suite struct LeafPointTests {
    static let points = CountyPoints(points: [
        "220202": .init(longitude: 126.0, latitude: 43.0, precision: "county"),
        "220203": .init(longitude: 127.0, latitude: 44.0, precision: "county"),
        "220102": .init(longitude: 125.0, latitude: 44.0, precision: "county"),
    ])

    /// Derivation: 吉林市 220200's counties in the file are 220202 and 220203: mean (126.5, 43.5);
    /// 长春's 220102 is outside the prefecture and left out.
    @Test func aZoneTakesTheMeanPointOfItsPrefecturesCounties() throws {
        let zone = ProjectionArea(key: "吉林经济开发区", name: "吉林经济开发区", level: "zone", province: "吉林省",
                                  prefecture: "吉林市", prefectureKey: "220200", provinceKey: "220000")
        let point = try #require(RunResultBuilder.point(of: zone, in: Self.points))
        #expect(point.longitude == 126.5 && point.latitude == 43.5)
        #expect(point.precision == "mean of 2 counties")
    }

    /// A prefecture-level city without counties has no county point to average (东莞 in the shipped
    /// file): no point rather than a wrong one.
    @Test func aPrefectureLeafWithoutCountyPointsHasNoPoint() {
        let city = ProjectionArea(key: "441900", name: "东莞市", level: "prefecture", province: "广东省", prefecture: "东莞市",
                                  provinceKey: "440000")
        #expect(RunResultBuilder.point(of: city, in: Self.points) == nil)
    }
}
