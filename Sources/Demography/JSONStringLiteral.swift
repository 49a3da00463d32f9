import Foundation

/// A JSON string literal: quotes, backslashes and control characters escaped (`\n`, `\r`, `\t`, the
/// others as `\u00XX`), slashes and non-ASCII kept. Here, below Reporting and Siting, so that both write
/// their JSON with one escaper.
package enum JSONStringLiteral {
    package static func of(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
