import Foundation
import Testing
import ZIPFoundation
@testable import Reporting

/// The workbook's zip writer, read back by ZIPFoundation (an independent reader that checks each entry's
/// CRC-32 as it extracts).
@Suite struct ZipArchiveWriterTests {
    static func entries() -> [(String, [UInt8])] {
        // Incompressible bytes (a 64-bit LCG), text that deflates well, an empty entry and a folder path.
        var state: UInt64 = 42
        let noise = (0..<300_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let text = Array(String(repeating: "<c r=\"A1\" t=\"inlineStr\"><is><t>芒市 533103</t></is></c>", count: 20_000).utf8)
        return [("[Content_Types].xml", Array("<Types/>".utf8)), ("xl/worksheets/sheet1.xml", text), ("empty", []), ("noise.bin", noise)]
    }

    @Test func entriesReadBackByZIPFoundation() throws {
        var writer = ZipArchiveWriter()
        for (path, data) in Self.entries() { try writer.add(path: path, data: data) }
        let data = try writer.finished()
        let archive = try Archive(data: data, accessMode: .read)
        let names = Array(archive).map(\.path)
        #expect(names == Self.entries().map(\.0))
        for (path, expected) in Self.entries() {
            let entry = try #require(archive[path])
            var got: [UInt8] = []
            _ = try archive.extract(entry, skipCRC32: false) { got += $0 }
            #expect(got == expected, "\(path)")
            #expect(entry.type == .file)
        }
        // The text deflates: 60 bytes repeated 20,000 times take far less than their 1.2 MB.
        #expect(data.count < 300_000 + 200_000)
    }

    @Test func sameEntriesGiveTheSameBytes() throws {
        func archive() throws -> Data {
            var writer = ZipArchiveWriter()
            for (path, data) in Self.entries() { try writer.add(path: path, data: data) }
            return try writer.finished()
        }
        #expect(try archive() == archive())
    }

    @Test func anEmptyArchiveIsItsEndRecord() throws {
        // 22 bytes: the end-of-central-directory signature 50 4B 05 06, then zeros (no entries, no comment).
        let data = try ZipArchiveWriter().finished()
        #expect(Array(data) == [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
    }
}
