/// The moment of each year that population figures describe.
///
/// The projection steps from census moment to census moment (1 Nov for the 2000, 2010 and 2020
/// censuses), which is where its arithmetic is exact. Planning documents count the resident
/// population at the end of the year (年末常住人口, 31 Dec), as the statistical yearbooks do, so the
/// default output is the year-end: each figure interpolated linearly between the census moment of its
/// year and that of the next, which the projection runs one step past the horizon to reach.
public enum PopulationReference: String, Sendable, Equatable, CaseIterable {
    /// 1 Nov of each year (普查时点): the projection's own steps.
    case census
    /// 31 Dec of each year (年末): (1 − w) · P(1 Nov y) + w · P(1 Nov y + 1), w = the share of a year
    /// from the census moment to the year's end (2/12 for 1 Nov).
    case yearEnd = "year-end"

    /// Month and day, as the manifests write it.
    public func monthDay(baseYearFraction: Double) -> String {
        switch self {
        case .yearEnd: return "12-31"
        case .census:
            // 10/12 → 1 Nov: the census moment's month is the fraction's twelfths plus one.
            let month = Int((baseYearFraction * 12).rounded()) + 1
            return month > 12 ? "12-31" : String(format: "%02d-01", month)
        }
    }

    /// The calendar date of the figures of `year`, ISO 8601.
    public func date(year: Int, baseYearFraction: Double) -> String {
        "\(year)-\(monthDay(baseYearFraction: baseYearFraction))"
    }

    /// How console summaries name the moment, from a manifest's month-day.
    public static func label(monthDay: String) -> String {
        switch monthDay {
        case "12-31": return "year-end (31 Dec)"
        case "11-01": return "census moment (1 Nov)"
        default: return "on \(monthDay)"
        }
    }
}
