import Foundation
import Testing
@testable import Demography

/// Fields are trimmed as Foundation's `trimmingCharacters(in: .whitespaces)` trims them (the independent
/// method these cases are checked against), without bridging through NSString.
@Suite struct DelimitedTextTrimTests {
    @Test(arguments: [
        "", " ", "\t", "533103", " 533103", "533103 ", " \t 芒市 \t ", "a b", "\u{3000}德宏州\u{3000}",
        "\u{00A0}x\u{00A0}", " \u{0301}x", "x\u{0301} ", "\r", " x\r", "\u{2028}x", "  ", "533102\u{200B}",
    ])
    func trimsAsFoundationDoes(field: String) {
        #expect(DelimitedText.trimmed(field[...]) == field.trimmingCharacters(in: .whitespaces))
    }

    /// Every Unicode scalar, alone and around a letter: trimmed exactly when Foundation trims it.
    @Test func everyScalarIsABlankExactlyWhenFoundationSaysSo() {
        var differing: [String] = []
        for value in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), value != 0x0A, value != 0x0D else { continue }
            let field = String(scalar) + "x" + String(scalar)
            if DelimitedText.trimmed(field[...]) != field.trimmingCharacters(in: .whitespaces) { differing.append(String(value, radix: 16)) }
        }
        #expect(differing.isEmpty, "U+\(differing.prefix(5))")
    }

    /// A line without quotes is split by its UTF-8 bytes (`splitUnquoted`): every field of these, side by side in
    /// one line, comes back as Foundation trims it, with a comma or a tab between them, and last with an empty field.
    @Test(arguments: [",", "\t"])
    func aLineWithoutQuotesSplitsByBytesAsFieldsTrimmedByFoundation(delimiter: String) throws {
        let fields = ["", " ", "533103", " 533103", "533103 ", " 芒市 ", "a b", "\u{3000}德宏州\u{3000}", "\u{00A0}x\u{00A0}",
                      " \u{0301}x", "x\u{0301} ", " x\r", "\u{2028}x", "  ", "é", "\u{0301}x", "12.5", "533102\u{200B}", ""]
            .filter { !$0.contains(delimiter) }
        let header = (0..<fields.count).map { "c\($0)" }.joined(separator: delimiter)
        let parsed = try DelimitedText.parse(bytes: Array((header + "\n" + fields.joined(separator: delimiter) + "\n").utf8),
                                             path: "t.csv", delimiter: Character(delimiter))
        #expect(parsed.records.map(\.fields) == [fields.map { $0.trimmingCharacters(in: .whitespaces) }])
    }

    @Test func fieldsOfAFileAreTrimmed() throws {
        let parsed = try DelimitedText.parse(bytes: Array("code, name\n 533103 ,\u{3000}芒市\n\"533102\" , \"瑞丽市\" \n".utf8),
                                             path: "t.csv", delimiter: ",")
        #expect(parsed.header == ["code", "name"])
        #expect(parsed.records.map(\.fields) == [["533103", "芒市"], ["533102", "瑞丽市"]])
    }
}
