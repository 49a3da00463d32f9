import Foundation

/// Service ages of every area and year from `CohortComponentProjector.projectServiceAges`: value
/// `(yearIndex × groupCount + group) × areaCount + column` with the groups of `ServiceAgeGroup`
/// (households included) and areas innermost in projector column order (`columnOfArea`), so each
/// block of areas stores whole vectors per group and year. Pass a table back with
/// `projectServiceAges(_:into:)` to reuse its storage (no allocation).
public struct ServiceAgeTable: Sendable {
    public static let groupCount = ServiceAgeGroup.allCases.count
    public private(set) var baseYear: Int
    public private(set) var yearCount: Int
    public private(set) var areaCount: Int
    /// Column of each area (input order) in the storage.
    public private(set) var columnOfArea: [Int]
    var storage: SharedDoubles

    /// An empty table, to be filled by `projectServiceAges(_:into:)`.
    public init() {
        baseYear = 0
        yearCount = 0
        areaCount = 0
        columnOfArea = []
        storage = SharedDoubles(count: 0)
    }

    public var years: ClosedRange<Int> { baseYear...(baseYear + max(yearCount, 1) - 1) }

    @inline(__always)
    func index(area: Int, yearIndex: Int, group: Int) -> Int {
        (yearIndex * Self.groupCount + group) * areaCount + columnOfArea[area]
    }

    public func value(area: Int, year: Int, group: ServiceAgeGroup) -> Double {
        precondition(years.contains(year) && area < areaCount, "value(area:year:group:) outside the table")
        return storage.pointer[index(area: area, yearIndex: year - baseYear, group: group.rawValue)]
    }

    public func serviceAges(area: Int, year: Int) -> ServiceAges {
        precondition(years.contains(year) && area < areaCount, "serviceAges(area:year:) outside the table")
        var values = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        return withUnsafeMutableBytes(of: &values) { raw in
            let v = raw.baseAddress!.assumingMemoryBound(to: Double.self)
            for g in 0..<Self.groupCount { v[g] = storage.pointer[index(area: area, yearIndex: year - baseYear, group: g)] }
            return ServiceAges(groupValues: v)
        }
    }

    /// Shapes the table, keeping its storage when it is the right size and not shared.
    mutating func prepare(baseYear: Int, yearCount: Int, columnOfArea: [Int]) {
        let count = yearCount * columnOfArea.count * Self.groupCount
        if !(isKnownUniquelyReferenced(&storage) && storage.count == count) { storage = SharedDoubles(count: count) }
        self.baseYear = baseYear
        self.yearCount = yearCount
        self.areaCount = columnOfArea.count
        if self.columnOfArea != columnOfArea { self.columnOfArea = columnOfArea }
    }
}
