/// Population in the age classes that services are planned for, for one area and year.
/// Under-3 classes assume births spread evenly over the year: 6-12 months is the older half of
/// age 0, 12-24 months is age 1, 24-36 months is age 2.
///
/// Every sum starts from 0 and adds `bothSexes[age]` (male + female) in increasing age, so the
/// streaming projector (`CohortComponentProjector.projectServiceAges`) reproduces these values
/// bit for bit.
public struct ServiceAges: Sendable, Equatable {
    public let months6to12: Double
    public let months12to24: Double
    public let months24to36: Double
    public let ages3to5: Double
    public let ages0to14: Double
    public let ages15to59: Double
    public let ages60plus: Double
    public let ages65plus: Double
    public let ages80plus: Double
    public let total: Double
    public let households: Double
    /// Young-old and middle-old, for the capacity simulation (not in service_ages.csv).
    public let ages60to69: Double
    public let ages70to79: Double
    /// Ages 0-2 (0-36 months), both sexes (not in service_ages.csv).
    public let ages0to2: Double

    /// `bothSexes[age]` summed over sexes (101 values).
    /// `groupQuarters`: residents outside family households (in `p`, not in any household).
    public init(bothSexes p: [Double], personsPerHousehold: Double, groupQuarters: Double = 0) {
        func sum(_ range: ClosedRange<Int>) -> Double { range.reduce(0) { $0 + p[$1] } }
        months6to12 = 0.5 * p[0]
        months12to24 = p[1]
        months24to36 = p[2]
        ages3to5 = sum(3...5)
        ages0to14 = sum(0...14)
        ages15to59 = sum(15...59)
        ages60plus = sum(60...100)
        ages65plus = sum(65...100)
        ages80plus = sum(80...100)
        total = sum(0...100)
        households = max(0, total - groupQuarters) / personsPerHousehold
        ages60to69 = sum(60...69)
        ages70to79 = sum(70...79)
        ages0to2 = sum(0...2)
    }

    /// The values in `ServiceAgeGroup` order.
    init(groupValues v: UnsafePointer<Double>) {
        months6to12 = v[0]; months12to24 = v[1]; months24to36 = v[2]; ages3to5 = v[3]
        ages0to14 = v[4]; ages15to59 = v[5]; ages60plus = v[6]; ages65plus = v[7]; ages80plus = v[8]
        total = v[9]; households = v[10]; ages60to69 = v[11]; ages70to79 = v[12]; ages0to2 = v[13]
    }

    /// The groups in output order with their labels in service_ages.csv.
    public var groups: [(label: String, value: Double)] {
        [("6-12m", months6to12), ("12-24m", months12to24), ("24-36m", months24to36), ("3-5", ages3to5),
         ("0-14", ages0to14), ("15-59", ages15to59), ("60+", ages60plus), ("65+", ages65plus),
         ("80+", ages80plus), ("total", total), ("households", households)]
    }
}

/// The service-age values in the order of `ServiceAgeTable`: the first `csvGroupCount` are the
/// groups of service_ages.csv in file order.
public enum ServiceAgeGroup: Int, Sendable, CaseIterable {
    case months6to12, months12to24, months24to36, ages3to5, ages0to14, ages15to59, ages60plus,
         ages65plus, ages80plus, total, households, ages60to69, ages70to79, ages0to2

    public static let csvGroupCount = 11
    public static let csvLabels = ["6-12m", "12-24m", "24-36m", "3-5", "0-14", "15-59", "60+", "65+", "80+",
                                   "total", "households"]

}
