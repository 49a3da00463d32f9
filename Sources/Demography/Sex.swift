/// Sex as used throughout the population arrays: males first, then females.
public enum Sex: Int, Sendable, CaseIterable, CustomStringConvertible {
    case male = 0
    case female = 1

    /// "M" or "F", as in the census columns and the output files.
    public var description: String { self == .male ? "M" : "F" }
}

/// Single years of age 0...100, where 100 is the open group 100+.
public enum PopulationLayout {
    public static let openAge = 100
    public static let ageCount = openAge + 1
    /// Cells per area and year: two sexes × 101 ages.
    public static let cellsPerArea = 2 * ageCount
}
