/// The nursery class bands of the national standard (托育机构设置标准 第19条).
public enum ClassBand: String, Sendable, CaseIterable, Codable {
    /// 乳儿班, 6-12 months.
    case infant
    /// 托小班, 12-24 months.
    case toddler
    /// 托大班, 24-36 months.
    case older
    /// 混合班, 18 months and over.
    case mixed

    public var capParameter: String { "\(rawValue)_cap" }
    public var ratioParameter: String { "\(rawValue)_children_per_carer" }

    public var nameZH: String {
        switch self {
        case .infant: "乳儿班"
        case .toddler: "托小班"
        case .older: "托大班"
        case .mixed: "混合班"
        }
    }

    public var ageLabel: String {
        switch self {
        case .infant: "6-12 months"
        case .toddler: "12-24 months"
        case .older: "24-36 months"
        case .mixed: "18-36 months"
        }
    }
}

/// One count per class band; bands not given are absent, not zero.
public struct BandCounts: Sendable, Equatable {
    public var counts: [ClassBand: Int]

    public init(_ counts: [ClassBand: Int] = [:]) {
        self.counts = counts
    }

    public subscript(band: ClassBand) -> Int {
        get { counts[band] ?? 0 }
        set { counts[band] = newValue }
    }

    public var total: Int { counts.values.reduce(0, +) }
}
