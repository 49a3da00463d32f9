/// How nursery slots spread over the class bands of the standard: the shares of slots in 乳儿班, 托小班,
/// 托大班 and mixed classes. Carers follow from it class by class (carers of a full class of each band),
/// so a slot costs Σ share × ceil(cap / ratio) / cap carers: 0.4, 0.2, 0.15 and 4/18 ≈ 0.222 for a slot
/// of each band under the national caps 10/15/20/18 and ratios 1:3/1:5/1:7/1:5.
///
/// Why a mix and not the band populations: enrolment is concentrated in 24-36 months (托大班 and the
/// 托班 of kindergartens) and infants are the exception, so spreading slots in proportion to the children
/// of each age (about 19% / 40% / 41%) overstates carers by a third.
public struct ClassMix: Sendable, Equatable {
    public var infant: Double
    public var toddler: Double
    public var older: Double
    public var mixed: Double
    /// Where the shares come from (the catalogue rule or a scenario), for the manifest and the summary.
    public var source: String

    public init(infant: Double, toddler: Double, older: Double, mixed: Double, source: String) {
        self.infant = infant
        self.toddler = toddler
        self.older = older
        self.mixed = mixed
        self.source = source
    }

    public static let bands: [ClassBand] = [.infant, .toddler, .older, .mixed]

    /// The parameter of `nursery-class-mix` that holds a band's share.
    public static func parameter(_ band: ClassBand) -> String { "\(band.rawValue)_share" }

    public subscript(band: ClassBand) -> Double {
        get {
            switch band {
            case .infant: infant
            case .toddler: toddler
            case .older: older
            case .mixed: mixed
            }
        }
        set {
            switch band {
            case .infant: infant = newValue
            case .toddler: toddler = newValue
            case .older: older = newValue
            case .mixed: mixed = newValue
            }
        }
    }

    public var total: Double { infant + toddler + older + mixed }

    /// The catalogue default (`nursery-class-mix`, as the rule book holds it, so a preset's override carries).
    public static func defaults(from rules: RuleBook) -> ClassMix {
        let rule = rules["nursery-class-mix"]
        return ClassMix(
            infant: rule.value(parameter(.infant)), toddler: rule.value(parameter(.toddler)),
            older: rule.value(parameter(.older)), mixed: rule.value(parameter(.mixed)),
            source: "nursery-class-mix: \(rule.source)")
    }

    /// "乳儿班 5% · 托小班 25% · 托大班 70% · 混合班 0%": the mix in words for summaries and reports.
    public var label: String {
        Self.bands.map { band in
            let percent = 100 * self[band]
            let tenths = (percent * 10).rounded() / 10
            let text = tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
            return "\(band.nameZH) \(band.ageLabel) \(text)%"
        }.joined(separator: " · ")
    }
}
