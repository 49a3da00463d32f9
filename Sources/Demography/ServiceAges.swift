/// Population in the age classes that services are planned for, for one area and year.
/// Under-3 classes assume births spread evenly over the year: 6-12 months is the older half of
/// age 0, 12-24 months is age 1, 24-36 months is age 2.
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

    /// `bothSexes[age]` summed over sexes (101 values).
    public init(bothSexes p: [Double], personsPerHousehold: Double) {
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
        households = total / personsPerHousehold
    }

    /// The groups in output order with their labels in service_ages.csv.
    public var groups: [(label: String, value: Double)] {
        [("6-12m", months6to12), ("12-24m", months12to24), ("24-36m", months24to36), ("3-5", ages3to5),
         ("0-14", ages0to14), ("15-59", ages15to59), ("60+", ages60plus), ("65+", ages65plus),
         ("80+", ages80plus), ("total", total), ("households", households)]
    }
}
