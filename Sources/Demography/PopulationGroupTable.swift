import Foundation

/// Population by year, sex, age group and area from the streaming projection: value
/// `((yearIndex × 2 + sex) × groupCount + group) × areaCount + column` (projector column order,
/// `columnOfArea`), each group the sum (from 0, ages ascending) of single ages
/// `groupStarts[g] ..< groupStarts[g + 1]` (the last to 100+). With `groupStarts` = 0...100 these
/// are the single-year cells themselves.
public struct PopulationGroupTable: Sendable {
    public private(set) var baseYear: Int
    public private(set) var yearCount: Int
    public private(set) var areaCount: Int
    public private(set) var groupStarts: [Int]
    public private(set) var columnOfArea: [Int]
    var storage: SharedDoubles

    public init() {
        baseYear = 0
        yearCount = 0
        areaCount = 0
        groupStarts = []
        columnOfArea = []
        storage = SharedDoubles(count: 0)
    }

    public var years: ClosedRange<Int> { baseYear...(baseYear + max(yearCount, 1) - 1) }
    public var groupCount: Int { groupStarts.count }

    public static let fiveYearStarts = Array(stride(from: 0, through: 100, by: 5))
    public static let singleYearStarts = Array(0...100)

    /// Population of group `group` (index into `groupStarts`).
    public func population(area: Int, year: Int, sex: Sex, group: Int) -> Double {
        precondition(years.contains(year) && area < areaCount && group < groupCount, "population(area:year:sex:group:) outside the table")
        return storage.pointer[(((year - baseYear) * 2 + sex.rawValue) * groupCount + group) * areaCount + columnOfArea[area]]
    }

    mutating func prepare(baseYear: Int, yearCount: Int, columnOfArea: [Int], groupStarts: [Int]) {
        let count = yearCount * columnOfArea.count * 2 * groupStarts.count
        if !(isKnownUniquelyReferenced(&storage) && storage.count == count) { storage = SharedDoubles(count: count) }
        self.baseYear = baseYear
        self.yearCount = yearCount
        self.areaCount = columnOfArea.count
        self.groupStarts = groupStarts
        if self.columnOfArea != columnOfArea { self.columnOfArea = columnOfArea }
    }

    /// Sums a block-year's cells into the block's columns of each group row.
    static func accumulate(cells: UnsafePointer<Double>, width W: Int, yearIndex: Int, areaCount n: Int,
                           columnStart: Int, bounds: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Double>) {
        let groups = bounds.count - 1
        let ages = PopulationLayout.ageCount
        for sex in 0..<2 {
            for g in 0..<groups {
                let sum = out + ((yearIndex * 2 + sex) * groups + g) * n + columnStart
                for c in 0..<W { sum[c] = 0 }
                for age in bounds[g]..<bounds[g + 1] {
                    let row = cells + (sex * ages + age) * W
                    for c in 0..<W { sum[c] += row[c] }
                }
            }
        }
    }
}
