import Foundation

/// Numbers as analysts write them: whole counts without decimals, areas and prices to two places,
/// shares as percentages in tables.
package enum NumberFormatting {
    /// Shortest plain decimal that reads back to the value, for CSV and JSON (no exponent, no `.0`).
    /// The integer `plain` writes a whole number below 10^15 as; nil for any other value.
    static func plainInteger(_ value: Double) -> Int64? {
        value == value.rounded() && abs(value) < 1e15 ? Int64(value) : nil
    }

    package static func plain(_ value: Double) -> String {
        if let whole = plainInteger(value) { return String(whole) }
        var text = String(value)
        // A byte search: `contains("e")` on a String goes through Foundation's locale-aware search, which was
        // half of the national workbook's number formatting (every table cell).
        if text.utf8.contains(UInt8(ascii: "e")) {
            text = String(format: "%.12f", value)
            while text.hasSuffix("0") { text.removeLast() }
        }
        return text
    }

    /// For tables: shares as percent with one decimal, other values to at most two decimals.
    package static func display(_ value: Double, share: Bool = false) -> String {
        if share {
            let percent = value * 100
            return percent == percent.rounded() ? "\(Int(percent))%" : String(format: "%.1f%%", percent)
        }
        if value == value.rounded(), abs(value) < 1e15 {
            return grouped(Int64(value))
        }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }
}

/// Width of text in a terminal: CJK and full-width characters take two columns.
package enum DisplayWidth {
    package static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    static func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    package static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - of(text)))
        return right ? padding + text : text + padding
    }
}
