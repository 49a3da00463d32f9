import CDeflate
import Demography
import Foundation

/// A zip archive built in memory (PKWARE's APPNOTE 6.3: local headers, deflated data, the central
/// directory), for report.xlsx. Each entry is raw deflate at libdeflate's level 1 with its CRC-32, dated
/// 1980-01-01 00:00 (the earliest date a zip holds), in the order added: the same entries give the same bytes.
///
/// Why not ZIPFoundation's writer, as before: it deflates at zlib's default level 6 with no way to choose,
/// and computes the CRC in Swift; a national run's workbook (62 MB of XML) took 0.65 s to deflate there,
/// 0.2 s with zlib's level 1 here (10.4 MB), and less with libdeflate (`CDeflate`), whose level 1 is faster and
/// smaller than zlib's.
struct ZipArchiveWriter {
    enum Failure: Error, CustomStringConvertible {
        case entryTooLarge(String, Int)
        case archiveTooLarge(Int)
        case tooManyEntries(Int)
        case deflate(String)

        var description: String {
            switch self {
            case let .entryTooLarge(path, size): "zip entry \(path): \(size) bytes, more than a zip without ZIP64 holds (4 GiB)"
            case let .archiveTooLarge(size): "zip archive of \(size) bytes, more than a zip without ZIP64 holds (4 GiB)"
            case let .tooManyEntries(count): "zip archive of \(count) entries, more than a zip without ZIP64 holds (65,534)"
            case let .deflate(step): "libdeflate: \(step) failed"
            }
        }
    }

    /// libdeflate's fastest level: the workbook is written once per run and read once by a person.
    static let level: Int32 = 1
    /// DOS date of 1980-01-01 (day 1, month 1, year 0 since 1980); the time 00:00:00 is 0.
    static let dosDate: UInt16 = (1 << 5) | 1

    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    /// Adds an entry named `path` (ASCII, '/' between folders) holding `data`.
    mutating func add(path: String, data: [UInt8]) throws {
        let name = Array(path.utf8)
        guard data.count < Int(UInt32.max) else { throw Failure.entryTooLarge(path, data.count) }
        guard bytes.count < Int(UInt32.max) else { throw Failure.archiveTooLarge(bytes.count) }
        guard count + 1 < Int(UInt16.max) else { throw Failure.tooManyEntries(count + 1) }
        let crc = data.withUnsafeBufferPointer { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count)) }
        let compressed = try Self.deflate(data)
        guard compressed.count < Int(UInt32.max) else { throw Failure.entryTooLarge(path, compressed.count) }
        let offset = UInt32(bytes.count)
        // Local file header.
        bytes.appendLittleEndian(UInt32(0x0403_4B50))
        Self.appendSharedFields(&bytes, crc: crc, compressed: compressed.count, size: data.count, nameLength: name.count)
        bytes += name
        bytes += compressed
        // Its central directory record.
        central.appendLittleEndian(UInt32(0x0201_4B50))
        central.appendLittleEndian(UInt16((3 << 8) | 20))      // made by: Unix, 2.0
        Self.appendSharedFields(&central, crc: crc, compressed: compressed.count, size: data.count, nameLength: name.count)
        central.appendLittleEndian(UInt16(0))                  // comment length
        central.appendLittleEndian(UInt16(0))                  // disk number
        central.appendLittleEndian(UInt16(0))                  // internal attributes
        central.appendLittleEndian(UInt32(0o100644) << 16)     // external attributes: a regular file, rw-r--r--
        central.appendLittleEndian(offset)
        central += name
        count += 1
    }

    /// The fields a local header and its central directory record share, from "version needed to extract"
    /// to the extra field's length (APPNOTE 4.3.7 and 4.3.12).
    private static func appendSharedFields(_ out: inout [UInt8], crc: UInt32, compressed: Int, size: Int, nameLength: Int) {
        out.appendLittleEndian(UInt16(20))                     // version needed: 2.0 (deflate)
        out.appendLittleEndian(UInt16(0))                      // flags
        out.appendLittleEndian(UInt16(8))                      // method: deflate
        out.appendLittleEndian(UInt16(0))                      // time 00:00:00
        out.appendLittleEndian(dosDate)
        out.appendLittleEndian(crc)
        out.appendLittleEndian(UInt32(compressed))
        out.appendLittleEndian(UInt32(size))
        out.appendLittleEndian(UInt16(nameLength))
        out.appendLittleEndian(UInt16(0))                      // extra field length
    }

    /// The archive: the entries, their central directory and its end record.
    func finished() throws -> Data {
        guard bytes.count + central.count < Int(UInt32.max) else { throw Failure.archiveTooLarge(bytes.count + central.count) }
        var out = bytes
        out += central
        out.appendLittleEndian(UInt32(0x0605_4B50))
        out.appendLittleEndian(UInt16(0))  // this disk
        out.appendLittleEndian(UInt16(0))  // the central directory's disk
        out.appendLittleEndian(UInt16(count))
        out.appendLittleEndian(UInt16(count))
        out.appendLittleEndian(UInt32(central.count))
        out.appendLittleEndian(UInt32(bytes.count))
        out.appendLittleEndian(UInt16(0))  // comment length
        return Data(out)
    }

    /// Raw deflate (no zlib header: a zip entry's method 8) of `data`, in one call into an output of
    /// libdeflate's bound for it.
    static func deflate(_ data: [UInt8]) throws -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(level) else { throw Failure.deflate("allocating a compressor") }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_deflate_compress_bound(compressor, data.count)
        guard bound < Int(UInt32.max) else { throw Failure.entryTooLarge("(deflated)", bound) }
        var out = [UInt8](repeating: 0, count: max(1, bound))
        let written = data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                libdeflate_deflate_compress(compressor, input.baseAddress, input.count, output.baseAddress, output.count)
            }
        }
        // 0: the output did not fit, which the bound rules out.
        guard written > 0 else { throw Failure.deflate("compressing \(data.count) bytes") }
        out.removeLast(out.count - written)
        return out
    }
}
