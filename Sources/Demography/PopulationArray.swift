/// Population by sex, single age 0...100+ and area in one flat array with areas innermost:
/// index = (sex × 101 + age) × areaCount + area.
public struct PopulationArray: Sendable, Equatable {
    public let areaCount: Int
    public var values: [Double]

    public init(areaCount: Int) {
        self.areaCount = areaCount
        self.values = [Double](repeating: 0, count: PopulationLayout.cellsPerArea * areaCount)
    }

    @inline(__always)
    public func index(sex: Sex, age: Int, area: Int) -> Int {
        (sex.rawValue * PopulationLayout.ageCount + age) * areaCount + area
    }

    public subscript(sex: Sex, age: Int, area: Int) -> Double {
        get { values[index(sex: sex, age: age, area: area)] }
        set { values[index(sex: sex, age: age, area: area)] = newValue }
    }

    /// Sets the 101 ages of one sex and area.
    public mutating func set(sex: Sex, area: Int, ages: [Double]) {
        precondition(ages.count == PopulationLayout.ageCount, "101 ages expected")
        for (age, value) in ages.enumerated() { self[sex, age, area] = value }
    }

    public func total(area: Int) -> Double {
        var sum = 0.0
        for sex in Sex.allCases { for age in 0...PopulationLayout.openAge { sum += self[sex, age, area] } }
        return sum
    }
}
