import Foundation

/// Where a supply value comes from: a document that states it (a plan and clause, a statistical
/// yearbook), or an assumption with its basis. A value the scenario gives no source for is an assumption
/// whose basis is unstated, so that no finding can rest on an unlabeled assumption.
public struct SupplySource: Sendable, Equatable {
    public enum Basis: String, Sendable, CaseIterable {
        /// Stated by a document the scenario names.
        case declared
        /// The scenario's own estimate (with or without a stated basis).
        case assumption
    }

    public let basis: Basis
    /// The document and clause, or the assumption's basis; empty for an undeclared assumption.
    public let text: String

    public init(basis: Basis, text: String) {
        self.basis = basis
        self.text = text
    }

    /// A value without `source`.
    public static let unstated = SupplySource(basis: .assumption, text: "")

    /// Reads a scenario's `source:` text: `assumption` or `assumption: <basis>` (also `假设`, `估计`) is an
    /// assumption; anything else names the document the value comes from.
    public init(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for prefix in ["assumption", "Assumption", "ASSUMPTION", "假设", "估计"] where trimmed.hasPrefix(prefix) {
            var rest = Substring(trimmed.dropFirst(prefix.count))
            while let c = rest.first, c == ":" || c == "：" || c == " " || c == "," || c == "，" { rest = rest.dropFirst() }
            self.init(basis: .assumption, text: String(rest))
            return
        }
        self.init(basis: .declared, text: trimmed)
    }

    /// How a view names it: the document, or `assumption (basis)`.
    public var label: String {
        switch basis {
        case .declared: text
        case .assumption: text.isEmpty ? "assumption" : "assumption: \(text)"
        }
    }
}
