import Foundation
import Results

/// The report formats `carecap report` rebuilds from a run's store.
public enum ReportFormat: String, Sendable, CaseIterable {
    case html, xlsx, md

    public var fileName: String { "report.\(rawValue)" }
    public var view: ViewFormat {
        switch self {
        case .html: .html
        case .xlsx: .xlsx
        case .md: .md
        }
    }
}
