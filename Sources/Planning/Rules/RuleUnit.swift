/// The closed set of units a rule parameter or a finding is measured in.
///
/// The raw value is the stable id the rule files use (`unit: m2-per-100-households`); code compares
/// cases, never label text. `en` is the label every output printed before units were typed, so CSV and
/// JSON columns keep their values; `zh` is the label a Chinese report prints.
public enum RuleUnit: String, Sendable, CaseIterable, Codable {
    case share
    /// A dimensionless multiplier (a relative risk).
    case ratio
    case year
    case flag
    case squareMetres = "m2"
    case squareMetresPer100Households = "m2-per-100-households"
    case squareMetresPerResident = "m2-per-resident"
    case squareMetresPerBed = "m2-per-bed"
    case slots
    case slotsPer1000Residents = "slots-per-1000-residents"
    case classes
    case childrenPerClass = "children-per-class"
    case childrenPerCarer = "children-per-carer"
    case children
    case carers
    case staff
    case institutions
    case institutionsPer100kResidents = "institutions-per-100k-residents"
    case institutionsPerCounty = "institutions-per-county"
    case centresPerPrefecture = "centres-per-prefecture"
    case personsPerYear = "persons-per-year"
    case personTimes = "person-times"
    case persons
    case personsPerHousehold = "persons-per-household"
    case beds
    case bedsPer1000Elderly = "beds-per-1000-aged-60plus"
    case socialWorkers = "social-workers"
    case socialWorkersPer100Beds = "social-workers-per-100-beds"
    case monthlyDisposableIncomeMultiple = "multiple-of-monthly-disposable-income"
    case shareOfMarketPrice = "share-of-market-price"
    case yuanPerMonth = "yuan-per-month"
    case households
    case householdsPerYear = "households-per-year"

    public var en: String { Self.labels[self]!.en }
    public var zh: String { Self.labels[self]!.zh }

    /// The unit's id with a suggestion list, for schema errors.
    public static var ids: [String] { allCases.map(\.rawValue) }

    /// Whether values are fractions printed as percentages.
    public var isShare: Bool { self == .share || self == .shareOfMarketPrice }

    /// Whether a value is a rate per 1,000 people (printed with decimals, never rounded to a count).
    public var isPerThousand: Bool { self == .slotsPer1000Residents || self == .bedsPer1000Elderly }

    /// The unit whose English label is `label`: for findings that still carry units as text (the run's
    /// CSV-backed findings), so code compares cases, not label text.
    package init?(label: String) {
        guard let unit = Self.allCases.first(where: { $0.en == label }) else { return nil }
        self = unit
    }

    private static let labels: [RuleUnit: (zh: String, en: String)] = [
        .share: ("比例", "share"),
        .ratio: ("倍", "ratio"),
        .year: ("年", "year"),
        .flag: ("是否", "flag"),
        .squareMetres: ("平方米", "m²"),
        .squareMetresPer100Households: ("平方米/百户", "m²/100 households"),
        .squareMetresPerResident: ("平方米/人", "m²/resident"),
        .squareMetresPerBed: ("平方米/床", "m²/bed"),
        .slots: ("个托位", "slots"),
        .slotsPer1000Residents: ("个/千人", "slots/1,000 residents"),
        .classes: ("个班", "classes"),
        .childrenPerClass: ("人/班", "children/class"),
        .childrenPerCarer: ("名幼儿/保育人员", "children/carer"),
        .children: ("名幼儿", "children"),
        .carers: ("人", "carers"),
        .staff: ("人", "staff"),
        .institutions: ("所", "institutions"),
        .institutionsPer100kResidents: ("所/十万人", "institutions/100,000 residents"),
        .institutionsPerCounty: ("所/县", "institutions/county"),
        .centresPerPrefecture: ("个/市(地)", "centres/prefecture"),
        .personsPerYear: ("人/年", "persons/year"),
        .personTimes: ("人次", "person-times"),
        .persons: ("人", "persons"),
        .personsPerHousehold: ("人/户", "persons/household"),
        .beds: ("张床位", "beds"),
        .bedsPer1000Elderly: ("张/千名老年人", "beds/1,000 aged 60+"),
        .socialWorkers: ("名社工", "social workers"),
        .socialWorkersPer100Beds: ("名社工/百张床位", "social workers/100 beds"),
        .monthlyDisposableIncomeMultiple: ("倍月人均可支配收入", "× monthly disposable income"),
        .shareOfMarketPrice: ("占市场价格比例", "share of market price"),
        .yuanPerMonth: ("元/月", "yuan/month"),
        .households: ("户", "households"),
        .householdsPerYear: ("户/年", "households/year"),
    ]
}

extension RuleUnit: CustomStringConvertible {
    /// The English label, so string interpolation prints what outputs printed before units were typed.
    public var description: String { en }
}
