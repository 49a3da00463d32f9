/// A capacity that is either one level, or levels that take effect from given years.
public struct Pipeline: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public let year: Int
        public let value: Double
        public init(year: Int, value: Double) {
            self.year = year
            self.value = value
        }
    }

    /// Ascending by year; a constant has a single step with year nil.
    public let steps: [Step]
    public let constant: Double?

    public init(constant: Double) {
        self.steps = []
        self.constant = constant
    }

    public init(steps: [Step]) {
        self.steps = steps.sorted { $0.year < $1.year }
        self.constant = nil
    }

    /// The level in force in `year`: the last step at or before it. Before the first step, the earliest
    /// level given: a scenario that says "800 slots from 2022" describes what it knows from 2022, not that
    /// there were none before (issue 12: 汇川区's 表2 showed 托位 0 for 2020-2021). Without a year, the
    /// last (planned) level.
    public func level(in year: Int?) -> Double {
        if let constant { return constant }
        guard let year else { return steps.last?.value ?? 0 }
        return steps.last(where: { $0.year <= year })?.value ?? steps.first?.value ?? 0
    }
}
