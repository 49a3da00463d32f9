import Demography
import Foundation

/// The one CSV writer: RFC 4180 (fields with a comma, quote or line break are quoted, quotes doubled,
/// rows end in LF), numbers in a fixed number of decimals, and text cells that Excel or WPS would run
/// as a formula (beginning with `=`, `+`, `-`, `@`, tab or carriage return) written with a leading
/// apostrophe and quoted, as OWASP's CSV-injection advice says, so a name from a data file can never
/// become a formula in a bureau's spreadsheet.
///
/// Cells are typed: the writer knows a number from text by the method that writes it. `number`,
/// `integer` and `numeral` are never guarded, so a shortfall of -12.5 stays a number; `text` is always
/// guarded, even when the text happens to look like a number (a name "-5" is still a name).
///
/// A writer given a sink streams: once a row ends with `blockBytes` or more held, those bytes go to the
/// sink and are dropped, so a table of millions of rows is never held whole (`finish()` sends the rest).
package struct CSVWriter {
    /// The bytes not yet sent to the sink (all of them when there is none).
    package private(set) var bytes: [UInt8] = []
    var atRowStart = true
    private let sink: ByteSink?
    /// The sink's first error: later blocks are dropped, and `finish()` throws it.
    private var sinkError: Error?

    /// Bytes held before a streaming writer sends them: large enough that a write call costs little per
    /// byte, small enough to stay in cache.
    static let blockBytes = 1 << 20

    /// `byteOrderMark`: the file begins with UTF-8's (for Excel on Windows). `sink`: stream to it.
    package init(header: [String], reserving capacity: Int = 0, byteOrderMark: Bool = false, sink: ByteSink? = nil) {
        self.sink = sink
        bytes.reserveCapacity((sink == nil ? capacity : Self.blockBytes) + 256)
        if byteOrderMark { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        for name in header { text(name) }
        endRow()
    }

    mutating func separator() {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    /// A text cell, quoted when it must be.
    package mutating func text(_ value: String) {
        separator()
        bytes.append(contentsOf: Self.field(value).utf8)
    }

    /// An ASCII text cell known to need no quoting or guard (codes and names this tool makes).
    package mutating func plain(_ value: [UInt8]) {
        separator()
        bytes.append(contentsOf: value)
    }

    /// A number with `decimals` places (no exponent, no "-0.00"); an empty cell when not finite.
    package mutating func number(_ value: Double, decimals: Int) {
        separator()
        Self.appendNumber(value, decimals: decimals, to: &bytes)
    }

    /// Fixed decimals, nothing when not finite (CSV leaves the cell empty; JSON writes null).
    static func appendNumber(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        guard value.isFinite else { return }
        PopulationCSVWriter.appendFixed(value, decimals: decimals, to: &bytes)
    }

    /// A number already formatted by the caller (`NumberFormatting.plain`): written as it is, never
    /// guarded, because a leading minus sign is the number's sign, not a formula.
    package mutating func numeral(_ formatted: String) {
        separator()
        bytes.append(contentsOf: formatted.utf8)
    }

    package mutating func integer(_ value: Int) {
        separator()
        PopulationCSVWriter.appendInteger(value, to: &bytes)
    }

    package mutating func empty() { separator() }

    /// Whole rows formatted by the caller, each ending in a line feed, in this writer's rules (a fast path for
    /// tables of millions of rows, `RunViews.longCSV`): held, or sent to a streaming writer's sink once a block
    /// is held; a block as large as one is sent on without a copy when nothing is held before it.
    package mutating func appendRows(_ rows: UnsafeRawBufferPointer) {
        precondition(atRowStart, "rows appended in the middle of a row")
        guard !rows.isEmpty else { return }
        if let sink, bytes.isEmpty, rows.count >= Self.blockBytes {
            if sinkError == nil {
                do { try sink(rows) } catch { sinkError = error }
            }
            return
        }
        bytes.append(contentsOf: rows)
        if sink != nil, bytes.count >= Self.blockBytes { sendHeldBytes() }
    }

    package mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        atRowStart = true
        if sink != nil, bytes.count >= Self.blockBytes { sendHeldBytes() }
    }

    /// Sends what is held to the sink (a streaming writer) and throws the sink's first error.
    package mutating func finish() throws {
        sendHeldBytes()
        if let sinkError { throw sinkError }
    }

    private mutating func sendHeldBytes() {
        guard let sink else { return }
        if sinkError == nil {
            do { try bytes.withUnsafeBytes(sink) } catch { sinkError = error }
        }
        bytes.removeAll(keepingCapacity: true)
    }

    package var data: Data { Data(bytes) }
    package var string: String { String(decoding: bytes, as: UTF8.self) }

    /// One text field as CSV: formula guard, then RFC 4180 quoting (`CSVField`, shared with the
    /// projection's own CSV files).
    package static func field(_ text: String) -> String { CSVField.text(text) }
}

/// Takes a file's bytes in order, a block at a time.
package typealias ByteSink = (UnsafeRawBufferPointer) throws -> Void
