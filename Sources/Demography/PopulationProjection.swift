import Foundation

/// The raw output of `CohortComponentProjector.project(base:rates:)`: population by year, sex,
/// single age and area, and births by step and area.
public struct PopulationProjection: Sendable {
    public let baseYear: Int
    public let stepCount: Int
    public let areaCount: Int
    let storage: ProjectionStorage
    /// Column of each area in the storage (areas are grouped by mortality profile internally).
    let columnOfArea: [Int]

    public var years: ClosedRange<Int> { baseYear...(baseYear + stepCount) }

    @inline(__always)
    func cellIndex(yearIndex: Int, sex: Sex, age: Int, column: Int) -> Int {
        ((yearIndex * 2 + sex.rawValue) * PopulationLayout.ageCount + age) * areaCount + column
    }

    /// Population of `area` (index in the input order) at the projection moment of `year`.
    public func population(area: Int, year: Int, sex: Sex, age: Int) -> Double {
        precondition(years.contains(year) && (0...PopulationLayout.openAge).contains(age) && area < areaCount,
                     "population(area:year:sex:age:) outside the projection")
        return storage.cells[cellIndex(yearIndex: year - baseYear, sex: sex, age: age, column: columnOfArea[area])]
    }

    /// The 101 ages of one sex, area and year.
    public func ages(area: Int, year: Int, sex: Sex) -> [Double] {
        (0...PopulationLayout.openAge).map { population(area: area, year: year, sex: sex, age: $0) }
    }

    public func total(area: Int, year: Int) -> Double {
        var sum = 0.0
        for sex in Sex.allCases { for age in 0...PopulationLayout.openAge { sum += population(area: area, year: year, sex: sex, age: age) } }
        return sum
    }

    /// Births (both sexes) in the step that ends in `year` (baseYear + 1 ... last year).
    public func births(area: Int, year: Int) -> Double {
        precondition(year > baseYear && years.contains(year), "births(area:year:) needs a year after the base year")
        return storage.births[(year - baseYear - 1) * areaCount + columnOfArea[area]]
    }
}
