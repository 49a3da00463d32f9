import Foundation
import Testing
@testable import Reporting

/// The one CSV writer: RFC 4180 quoting and the formula guard, checked against hand-written bytes.
@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("slots/1,000 residents", "\"slots/1,000 residents\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
        ("+1", "\"'+1\""),
        ("-2", "\"'-2\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("芒市", "芒市"),
    ])
    func field(text: String, written: String) {
        #expect(CSVWriter.field(text) == written)
    }

    @Test func numbersStayNumbers() {
        var w = CSVWriter(header: ["a", "b", "c", "d"])
        w.number(-1.5, decimals: 2)      // a negative number is a number, not a formula
        w.number(.nan, decimals: 2)      // unknown: an empty cell
        w.integer(2020)
        w.text("x,y")
        w.endRow()
        #expect(w.string == "a,b,c,d\n-1.50,,2020,\"x,y\"\n")
    }
}
