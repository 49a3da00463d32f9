import Planning

/// A validated scenario file: the rules in force after its preset and overrides, and what it declares.
public struct Scenario: Sendable {
    public static let supportedVersions = [1]

    /// The file as the user named it.
    public let file: String
    public let version: Int
    public let name: String
    public let rules: RuleBook
    /// Year whose planned supply levels `carecap check` tests; nil takes each pipeline's last level.
    public let asOfYear: Int?
    /// What to project; nil for a pure district check.
    public let population: PopulationSection?
    public let districts: [District]
    /// Monte Carlo settings; nil runs one deterministic path.
    public var uncertainty: UncertaintySpec?
    public var demand = DemandSection()
    public var workforce = WorkforceSection()
    /// Names of the variants and sweep points the file defines.
    public var variantNames: [String] { variants.map(\.name) }
    /// The variants and sweep points with their edits, as written (for the report's assumptions).
    public var variants: [VariantSummary] = []
    /// The variant this value was loaded as; nil for the base scenario.
    public var variant: String?
    /// The formats the file's `outputs:` asks for (nil: the command's defaults).
    public var outputs: [String]?
    /// The `siting:` section, read with its zones, sites and costs files; nil when the file has none.
    public var siting: SitingSection?
    /// The file's text, for the run manifest's hash.
    public var text = ""
    /// In file order.
    public let supply: [AreaSupply]

    /// Household size per area code, from the supply areas that give their census households.
    public var householdSizeByArea: [String: Double] {
        var sizes: [String: Double] = [:]
        for area in supply {
            if let size = area.householdSize { sizes[area.code] = size }
        }
        return sizes
    }

    /// A variant's name and its edits: dotted key path → the value, in YAML flow style.
    public struct VariantSummary: Sendable, Equatable {
        public let name: String
        public let edits: [(keyPath: String, value: String)]

        public static func == (a: VariantSummary, b: VariantSummary) -> Bool {
            a.name == b.name && a.edits.elementsEqual(b.edits) { $0.keyPath == $1.keyPath && $0.value == $1.value }
        }
    }

    public init(file: String, version: Int, name: String, rules: RuleBook, asOfYear: Int?,
                population: PopulationSection? = nil, districts: [District], supply: [AreaSupply])
    {
        self.population = population
        self.file = file
        self.version = version
        self.name = name
        self.rules = rules
        self.asOfYear = asOfYear
        self.districts = districts
        self.supply = supply
    }
}
