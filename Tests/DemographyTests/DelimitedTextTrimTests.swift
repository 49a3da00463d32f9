import Foundation
import Testing
@testable import Demography

/// Fields are trimmed as Foundation's `trimmingCharacters(in: .whitespaces)` trims them (the independent
/// method these cases are checked against), without bridging through NSString.
@Suite struct DelimitedTextTrimTests {
    @Test(arguments: [
        "", " ", "\t", "533103", " 533103", "533103 ", " \t 芒市 \t ", "a b", "\u{3000}德宏州\u{3000}",
        "\u{00A0}x\u{00A0}", " \u{0301}x", "x\u{0301} ", "\r", " x\r", "\u{2028}x", "  ",
    ])
    func trimsAsFoundationDoes(field: String) {
        #expect(DelimitedText.trimmed(field[...]) == field.trimmingCharacters(in: .whitespaces))
    }

    @Test func fieldsOfAFileAreTrimmed() throws {
        let parsed = try DelimitedText.parse(bytes: Array("code, name\n 533103 ,\u{3000}芒市\n\"533102\" , \"瑞丽市\" \n".utf8),
                                             path: "t.csv", delimiter: ",")
        #expect(parsed.header == ["code", "name"])
        #expect(parsed.records.map(\.fields) == [["533103", "芒市"], ["533102", "瑞丽市"]])
    }
}
