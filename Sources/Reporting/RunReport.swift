import Foundation
import Results

/// The report formats `carecap report` rebuilds from a run's store.
package enum ReportFormat: String, Sendable, CaseIterable {
    case html, xlsx, md

    package var fileName: String { "report.\(rawValue)" }
    package var view: ViewFormat {
        switch self {
        case .html: .html
        case .xlsx: .xlsx
        case .md: .md
        }
    }
}
