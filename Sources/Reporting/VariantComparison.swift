import Foundation
import Results

/// `carecap run --all-variants`: each variant's total shortfall per measure and basis in the last year
/// the base run judges (P10/P50/P90 of the sum over areas), as comparison.csv and a console table.
package struct VariantComparison {
    package let results: [RunResult]
    package let year: Int

    /// The console table's language (comparison.csv keeps its codes).
    package var language: Language = .zh

    package init(results: [RunResult], language: Language = .zh) {
        self.results = results
        self.language = language
        year = results.first.map { r in r.findings.filter { $0.kind == .area }.map(\.year).max() ?? r.horizon } ?? 0
    }

    static func name(_ r: RunResult) -> String { r.manifest.variant ?? "base" }

    package var csv: CSVWriter {
        // A measure some area does not give has no total shortfall: empty cells, `provided` false, never 0.
        var w = CSVWriter(header: ["variant", "year", "measure", "basis", "p10", "p50", "p90", "provided", "supply_basis"])
        for r in results {
            for measure in ResultMeasure.capacity {
                let supplyBasis = r.supplyBasis(RunResult.totalArea, measure) ?? .notProvided
                for basis in [ResultBasis.standard, .propensity] {
                    // Not provided: the row with empty values (the result holds no shortfall there).
                    let q = r.shortfall.value(RunResult.totalArea, year, measure, basis)
                    let given = supplyBasis != .notProvided
                    guard q != nil || !given else { continue }
                    w.text(Self.name(r))
                    w.integer(year)
                    w.text(measure.rawValue)
                    w.text(basis.rawValue)
                    w.number(given ? q!.p10 : .nan, decimals: 2)
                    w.number(given ? q!.p50 : .nan, decimals: 2)
                    w.number(given ? q!.p90 : .nan, decimals: 2)
                    w.text(given ? "true" : "false")
                    w.text(supplyBasis.rawValue)
                    w.endRow()
                }
            }
        }
        return w
    }

    package var text: String {
        func count(_ v: Double?) -> String { v.map { NumberFormatting.display($0.rounded()) } ?? "—" }
        var out = Labels.fill("console.variants_head", language, [String(year)]) + "\n"
        let header = [Labels.text("console.variant_col", language)] + ResultMeasure.capacity.map { Labels.text("measure.\($0.rawValue)", language) }
        var rows: [[String]] = []
        for r in results {
            var row = [Self.name(r)]
            for measure in ResultMeasure.capacity {
                switch r.supplyBasis(RunResult.totalArea, measure) ?? .notProvided {
                case .notProvided:
                    row.append(Labels.text("supply_basis.not_provided", language))
                case let basis:
                    let standard = r.shortfall.p50(RunResult.totalArea, year, measure, .standard)
                    let propensity = r.shortfall.p50(RunResult.totalArea, year, measure, .propensity)
                    row.append(count(standard) + " / " + count(propensity) + (basis == .assumption ? " *" : ""))
                }
            }
            rows.append(row)
        }
        var widths = header.map(DisplayWidth.of)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { DisplayWidth.pad($0.element, to: widths[$0.offset], right: $0.offset > 0) }.joined(separator: "  ")
        }
        out += line(header) + "\n"
        for r in rows { out += line(r) + "\n" }
        if out.contains(" *") { out += Labels.text("console.variants_assumed", language) + "\n" }
        return out
    }
}
