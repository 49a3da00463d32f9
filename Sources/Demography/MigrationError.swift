/// A migration assumption that cannot be built from the data given: the WPP net-migrant tables
/// are missing, or their age pattern is empty.
public enum MigrationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The folder lacks migrationM5.tsv or migrationF5.tsv.
    case netMigrantTablesMissing
    /// The net migrants of the period holding `year` (nil: counts given directly) sum to zero (or there are fewer than 8 age
    /// groups), so they give no age pattern; `paths` names the files read.
    case noAgePattern(paths: [String], year: Int?)

    public var description: String {
        switch self {
        case .netMigrantTablesMissing:
            return "invalid migration assumption: a profile fitted to WPP needs net migrants by age (migrationM5.tsv and migrationF5.tsv), which were not found; use profile: standard or add the files"
        case let .noAgePattern(paths, year):
            let files = paths.isEmpty ? "the net migrants" : paths.joined(separator: " and ")
            return "invalid migration data: \(files) give no age pattern\(year.map { " for \($0)" } ?? "") (at least 8 age groups with a non-zero sum are needed); use profile: standard or fix the files"
        }
    }
}
