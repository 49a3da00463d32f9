import Foundation

/// The model in CPLEX LP format (`--write-lp`), so that it can be checked or solved elsewhere
/// (`highs model.lp`, `glpsol --lp model.lp`). Names are the builder's (open_3_2025, assign_…), which
/// use only letters, digits and underscores, as the format requires.
package enum LPFormatWriter {
    static func number(_ value: Double) -> String {
        // 17 significant digits round-trip a Double exactly.
        let text = String(format: "%.17g", value)
        return text
    }

    package static func text(_ model: MILPModel) -> String {
        var out = "\\ CareCap siting model: \(model.columnCount) variables, \(model.rowCount) constraints\n"
        out += "Minimize\n obj:"
        var wrote = false
        var lineLength = 0
        func term(_ value: Double, _ name: String, into text: inout String) {
            let sign = value < 0 ? " - " : " + "
            let piece = "\(sign)\(number(abs(value))) \(name)"
            if lineLength + piece.count > 200 { text += "\n "; lineLength = 0 }
            text += piece
            lineLength += piece.count
        }
        for c in 0..<model.columnCount where model.objective[c] != 0 {
            term(model.objective[c], model.columnNames[c], into: &out)
            wrote = true
        }
        if !wrote { out += " 0 \(model.columnNames[0])" }
        out += "\nSubject To\n"
        for r in 0..<model.rowCount {
            let entries = model.entries(ofRow: r)
            let lower = model.rowLower[r], upper = model.rowUpper[r]
            var body = ""
            lineLength = 0
            for entry in entries { term(entry.value, model.columnNames[entry.column], into: &body) }
            if entries.isEmpty { body = " 0 \(model.columnNames[0])" }
            let name = model.rowNames[r]
            if lower == upper {
                out += " \(name):\(body) = \(number(upper))\n"
            } else {
                if lower.isFinite { out += " \(name)\(upper.isFinite ? "_lo" : ""):\(body) >= \(number(lower))\n" }
                if upper.isFinite { out += " \(name)\(lower.isFinite ? "_up" : ""):\(body) <= \(number(upper))\n" }
            }
        }
        out += "Bounds\n"
        for c in 0..<model.columnCount where model.kinds[c] != .binary {
            let lower = model.columnLower[c], upper = model.columnUpper[c]
            let name = model.columnNames[c]
            switch (lower.isFinite, upper.isFinite) {
            case (false, false): out += " \(name) free\n"
            case (true, false): if lower != 0 { out += " \(name) >= \(number(lower))\n" }
            case (false, true): out += " -inf <= \(name) <= \(number(upper))\n"
            case (true, true): out += lower == upper ? " \(name) = \(number(lower))\n" : " \(number(lower)) <= \(name) <= \(number(upper))\n"
            }
        }
        // A binary with a fixed value (an existing site, a site not yet available) is written as a general
        // integer with that bound: the Binary section would reset its bounds to 0 and 1.
        func fixed(_ c: Int) -> Bool { model.kinds[c] == .binary && model.columnLower[c] == model.columnUpper[c] }
        for c in 0..<model.columnCount where fixed(c) {
            out += " \(model.columnNames[c]) = \(number(model.columnLower[c]))\n"
        }
        let integers = (0..<model.columnCount).filter { model.kinds[$0] == .integer || fixed($0) }.map { model.columnNames[$0] }
        if !integers.isEmpty { out += "General\n" + wrapped(integers) }
        let binaries = (0..<model.columnCount).filter { model.kinds[$0] == .binary && !fixed($0) }.map { model.columnNames[$0] }
        if !binaries.isEmpty { out += "Binary\n" + wrapped(binaries) }
        out += "End\n"
        return out
    }

    private static func wrapped(_ names: [String]) -> String {
        var out = ""
        var line = ""
        for name in names {
            if line.count + name.count > 200 { out += line + "\n"; line = "" }
            line += " " + name
        }
        return out + line + "\n"
    }
}
