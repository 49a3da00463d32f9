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

    /// Streaming hands over the same bytes as writing in memory, in blocks of at least `blockBytes` (whole
    /// rows) and the rest at `finish()`. 100,000 rows of 27-32 bytes ("110101,2020,slots,99999,1234.57\n") are
    /// 3,188,916 bytes with the header (summed by hand per row length): three full blocks of 1 MiB and a
    /// remainder of 43,168 bytes, so the test fails if a block is dropped, sent twice, or cut inside a row.
    @Test(arguments: [false, true]) func streamingGivesTheSameBytesInWholeRowBlocks(byteOrderMark: Bool) throws {
        final class Blocks: @unchecked Sendable { var list: [[UInt8]] = [] }
        let blocks = Blocks()
        func fill(_ w: inout CSVWriter) {
            for i in 0..<100_000 {
                w.plain(Array("110101".utf8))
                w.integer(2020 + i % 31)
                w.text("slots")
                w.integer(i)
                w.number(1234.5678, decimals: 2)
                w.endRow()
            }
        }
        var whole = CSVWriter(header: ["area", "year", "measure", "row", "p50"], byteOrderMark: byteOrderMark)
        fill(&whole)
        var streamed = CSVWriter(header: ["area", "year", "measure", "row", "p50"], byteOrderMark: byteOrderMark,
                                 sink: { blocks.list.append(Array($0)) })
        fill(&streamed)
        try streamed.finish()
        #expect(blocks.list.count == 4)
        #expect(blocks.list.last?.count == 43_168)
        #expect(blocks.list.dropLast().allSatisfy { $0.count >= CSVWriter.blockBytes && $0.last == UInt8(ascii: "\n") })
        #expect(blocks.list.flatMap { $0 } == whole.bytes)
        #expect(Array(whole.bytes.prefix(3)) == (byteOrderMark ? [0xEF, 0xBB, 0xBF] : Array("are".utf8)))
    }

    /// The sink's first error comes out of `finish()`, and nothing after it is sent.
    @Test func aSinkErrorComesOutOfFinish() {
        struct Full: Error {}
        final class Calls: @unchecked Sendable { var count = 0 }
        let calls = Calls()
        var w = CSVWriter(header: ["a"], sink: { _ in calls.count += 1; throw Full() })
        for _ in 0..<300_000 { w.integer(123_456); w.endRow() }
        #expect(throws: Full.self) { try w.finish() }
        #expect(calls.count == 1)
    }
}
