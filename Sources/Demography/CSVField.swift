/// One text cell of a CSV, safe in a spreadsheet: a cell that Excel or WPS would run as a formula
/// (beginning with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe and quotes, as
/// OWASP's CSV-injection advice says; any other cell is quoted where RFC 4180 needs it (a comma, quote
/// or line break), quotes doubled. Numbers never pass through here: a writer puts them as they are,
/// so a negative number stays a number. Every CSV the tool writes takes its text cells from here.
package enum CSVField {
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Whether a text cell would be taken for a formula.
    package static func startsFormula(_ text: String) -> Bool {
        text.unicodeScalars.first.map(formulaStarts.contains) ?? false
    }

    package static func text(_ text: String) -> String {
        let guarded = startsFormula(text)
        let value = guarded ? "'" + text : text
        // By scalars: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard guarded || value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
