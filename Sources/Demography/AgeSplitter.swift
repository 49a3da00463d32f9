import Numerics

/// Splits census 5-year groups (0, 1-4, 5-9, ..., 80-84, 85+) into single years 0...99 and 100+.
///
/// Ages 0...84: a monotone Steffen spline (GSL) through the cumulative counts at the group bounds
/// 0, 1, 5, ..., 85, differenced at whole ages. The spline passes through every bound exactly and
/// never decreases, so each group keeps its total and no single-year count is negative; age 0 is the
/// census age-0 count itself.
///
/// Ages 85...100+: the open group is spread in proportion to the person-years of a Gompertz
/// survival curve from 85 (a stationary-population assumption for the oldest old), one curve per sex.
/// `AgeSplitter.fitted(to:year:)` fits the curves to WPP old-age death rates (ages 70-99) of the
/// base period by nonlinear least squares; census counts above 70 mix mortality with cohort size
/// (China's cohorts born 1935-1950 vary strongly), so the national death rates are the better guide.
public struct AgeSplitter: Sendable {
    public static let groupBounds: [Double] = [0, 1] + stride(from: 5.0, through: 85.0, by: 5.0)
    public let maleOpenGroupShares: [Double]
    public let femaleOpenGroupShares: [Double]
    public let maleHazard: GompertzHazard
    public let femaleHazard: GompertzHazard

    public init(maleHazard: GompertzHazard, femaleHazard: GompertzHazard) {
        self.maleHazard = maleHazard
        self.femaleHazard = femaleHazard
        self.maleOpenGroupShares = maleHazard.openGroupShares()
        self.femaleOpenGroupShares = femaleHazard.openGroupShares()
    }

    /// Gompertz curves fitted to WPP death rates at 70-99 in the period holding `year`.
    public static func fitted(to wpp: WPPRates, year: Int) throws -> AgeSplitter {
        AgeSplitter(maleHazard: try GompertzHazard.fit(wpp: wpp, sex: .male, year: year),
                    femaleHazard: try GompertzHazard.fit(wpp: wpp, sex: .female, year: year))
    }

    /// 101 single-year counts from the 19 group counts of one sex.
    public func split(groups: [Double], sex: Sex) throws -> [Double] {
        precondition(groups.count == Self.groupBounds.count, "AgeSplitter needs 19 age groups")
        var single = try Self.splitClosedGroups(Array(groups.dropLast()), bounds: Self.groupBounds)
        let open = groups[groups.count - 1]
        let shares = sex == .male ? maleOpenGroupShares : femaleOpenGroupShares
        single.append(contentsOf: shares.map { $0 * open })
        return single
    }

    /// Single-year values for closed groups [bounds[i], bounds[i+1]) with integer bounds: Steffen
    /// spline through the cumulative sums at the bounds, differenced at whole ages. Also used for
    /// the fertility age pattern.
    public static func splitClosedGroups(_ groups: [Double], bounds: [Double]) throws -> [Double] {
        precondition(bounds.count == groups.count + 1, "one more bound than groups")
        var cumulative = [0.0]
        cumulative.reserveCapacity(bounds.count)
        for value in groups { cumulative.append(cumulative[cumulative.count - 1] + value) }
        let start = Int(bounds[0])
        let end = Int(bounds[bounds.count - 1])
        var single = [Double](repeating: 0, count: end - start)
        let spline = try MonotoneInterpolator(x: bounds, y: cumulative)
        var previous = cumulative[0]
        var group = 0
        for age in (start + 1)...end {
            // At a bound use the exact cumulative sum, so each group's total is not left to the
            // spline's arithmetic.
            while group < bounds.count - 1 && bounds[group + 1] < Double(age) { group += 1 }
            let isBound = bounds[group + 1] == Double(age)
            let value = isBound ? cumulative[group + 1] : try spline.value(at: Double(age))
            // The spline is monotone; a rounding-level negative difference is set to 0.
            single[age - 1 - start] = max(0, value - previous)
            previous = value
        }
        return single
    }
}
