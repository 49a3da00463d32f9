import Foundation
import Demography
import Results

/// report.xlsx: one worksheet per table, the header row bold and frozen, numbers stored as numbers with
/// number formats, text as inline strings (UTF-8, Chinese intact; `xml:space="preserve"` only on text whose
/// white space a reader would otherwise trim, and the default style 0 not written). Zip entries (`ZipArchiveWriter`) carry
/// a fixed date and come in a fixed order, so the same tables give a byte-identical workbook.
package enum XLSXWriter {
    /// Style indexes in styles.xml's cellXfs.
    enum Style: Int {
        case text = 0, header = 1, integer = 2, decimal2 = 3, percent = 4, decimal1 = 5, decimal4 = 6, year = 7, bold = 8
    }

    static func style(_ format: ReportTable.Format) -> Style {
        switch format {
        case .text: .text
        case .integer: .integer
        case .decimal(let d): d <= 1 ? .decimal1 : (d >= 3 ? .decimal4 : .decimal2)
        case .percent: .percent
        case .year: .year
        case .auto: .decimal2
        }
    }

    /// XML text: `XMLBytes.escaped`'s bytes (the sheets' cells) as a String (the sheet names).
    static func escape(_ text: String) -> String {
        var out = XMLBytes()
        out.escaped(text)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    package static func column(_ index: Int) -> String {
        var n = index + 1
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// Excel's sheet-name rule: ≤ 31 characters, none of []:*?/\, unique in the workbook.
    static func sheetNames(_ tables: [ReportTable]) -> [String] {
        var used: Set<String> = []
        return tables.map { table in
            var name = String(table.sheetName.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if name.isEmpty { name = "Sheet" }
            var candidate = name
            var n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(n))"
                candidate = String(name.prefix(31 - suffix.count)) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// One worksheet's XML, as UTF-8 bytes appended one piece at a time: a national workbook has
    /// hundreds of thousands of cells, and building it as a String by interpolation and `+=` took most
    /// of the workbook's time. The bytes are those of the String it was (XLSXSheetTests compares them).
    static func sheet(_ table: ReportTable) -> [UInt8] {
        var out = XMLBytes()
        out.reserve(table.rows.count * table.columns.count * 40 + 4096)
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        out.append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        out.append("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
        out.append("<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>")
        out.append("<sheetFormatPr defaultRowHeight=\"15\"/><cols>")
        for (i, c) in table.columns.enumerated() {
            var width = Double(DisplayWidth.of(c.header))
            for row in table.rows.prefix(400) {
                width = max(width, Double(DisplayWidth.of(table.display(row[i], column: i))))
            }
            width = min(60, max(6, width + 2))
            out.append("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(String(format: "%.1f", width))\" customWidth=\"1\"/>")
        }
        out.append("</cols><sheetData>")
        let letters = table.columns.indices.map { Array(column($0).utf8) }
        // `<c r="B12" s="3"`: the cell's reference and style; style 0 (text) is the default and not written.
        func begin(_ letters: [UInt8], _ row: Int, _ style: Style) {
            out.append("<c r=\"")
            out.bytes.append(contentsOf: letters)
            out.integer(row)
            if style == .text {
                out.append("\"")
            } else {
                out.append("\" s=\"")
                out.integer(style.rawValue)
                out.append("\"")
            }
        }
        // `xml:space="preserve"` only where a reader would otherwise drop whitespace (`keepsSpace`): on every
        // cell it was a sixth of a national workbook's XML, which is then written and compressed for nothing.
        func inline(_ letters: [UInt8], _ row: Int, _ text: String, _ style: Style) {
            begin(letters, row, style)
            out.append(Self.keepsSpace(text) ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>")
            out.escaped(text)
            out.append("</t></is></c>")
        }
        out.append("<row r=\"1\">")
        for (i, c) in table.columns.enumerated() { inline(letters[i], 1, c.header, .header) }
        out.append("</row>")
        let styles = table.columns.map { style($0.format) }
        var r = 1
        for (index, row) in table.rows.enumerated() {
            r += 1
            out.append("<row r=\"")
            out.integer(r)
            out.append("\">")
            for (i, cell) in row.enumerated() {
                switch cell {
                case .text(let s), .code(let s):
                    if s.isEmpty { continue }
                    inline(letters[i], r, s, table.emphasized.contains(index) && i == 0 ? .bold : .text)
                // Not known: an empty cell, never a "—" string in a column of numbers (the notes say so).
                case .missing: continue
                case .number(let v):
                    guard v.isFinite else { continue }
                    var st = styles[i]
                    if table.columns[i].format == .auto && abs(v - v.rounded()) < 1e-9 { st = .integer }
                    // A number cell: no `t` attribute (the default, n), so every reader takes it as a number.
                    begin(letters[i], r, st)
                    out.append("><v>")
                    out.plainNumber(v)
                    out.append("</v></c>")
                }
            }
            out.append("</row>")
        }
        if !table.notes.isEmpty { r += 1 }
        for note in table.notes {
            r += 1
            out.append("<row r=\"")
            out.integer(r)
            out.append("\">")
            inline(Array("A".utf8), r, note, .text)
            out.append("</row>")
        }
        out.append("</sheetData></worksheet>")
        return out.bytes
    }

    /// Whether a cell's text needs `xml:space="preserve"`: as `XMLBytes.escaped` writes it (control characters
    /// other than tab and line breaks left out), it begins or ends with white space, or holds a tab or a line
    /// break (spreadsheet readers trim or fold such white space in a `<t>` without it).
    static func keepsSpace(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            guard let first = utf8.first(where: XMLBytes.writes), let last = utf8.last(where: XMLBytes.writes) else { return false }
            return blank(first) || blank(last) || utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
    }

    /// UTF-8 bytes of XML text being built.
    struct XMLBytes {
        var bytes: [UInt8] = []

        mutating func reserve(_ count: Int) { bytes.reserveCapacity(count) }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        mutating func integer(_ value: Int) { PopulationCSVWriter.appendInteger(value, to: &bytes) }

        /// `NumberFormatting.plain`'s text, whole numbers written without making a String.
        mutating func plainNumber(_ value: Double) {
            if let whole = NumberFormatting.plainInteger(value) {
                PopulationCSVWriter.appendInteger(Int(whole), to: &bytes)
            } else {
                append(NumberFormatting.plain(value))
            }
        }

        /// Whether `escaped` writes a byte (as itself or as an entity): all but the control characters below
        /// U+0020 other than tab and line breaks, which XML 1.0 forbids (`keepsSpace` judges the text as written).
        static func writes(_ byte: UInt8) -> Bool { byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        /// XML text's bytes: &, <, >, " as entities, tab and line breaks kept, other control characters
        /// (below U+0020, each one byte in UTF-8; XML 1.0 forbids them) left out; every other byte as it is.
        mutating func escaped(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "&"): bytes.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])          // &amp;
                    case UInt8(ascii: "<"): bytes.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                // &lt;
                    case UInt8(ascii: ">"): bytes.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                // &gt;
                    case UInt8(ascii: "\""): bytes.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                    default: if Self.writes(byte) { bytes.append(byte) }
                    }
                }
            }
        }
    }

    static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="#,##0.0"/>\
        <numFmt numFmtId="166" formatCode="0.0000"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="9"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment wrapText="1" vertical="center"/></xf>\
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    /// The workbook's files in order.
    package static func parts(_ tables: [ReportTable]) -> [(String, [UInt8])] {
        let names = sheetNames(tables)
        var contentTypes = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        contentTypes += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        contentTypes += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        contentTypes += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        contentTypes += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        contentTypes += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in tables.indices {
            contentTypes += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        contentTypes += "</Types>"
        let rootRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        var workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        workbook += "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><bookViews><workbookView/></bookViews><sheets>"
        var rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (i, name) in names.enumerated() {
            workbook += "<sheet name=\"\(escape(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        workbook += "</sheets></workbook>"
        rels += "<Relationship Id=\"rId\(names.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
        var parts: [(String, [UInt8])] = [("[Content_Types].xml", contentTypes), ("_rels/.rels", rootRels),
                                          ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels),
                                          ("xl/styles.xml", stylesXML)].map { ($0.0, Array($0.1.utf8)) }
        for (i, table) in tables.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", sheet(table))) }
        return parts
    }

    package static func workbook(_ tables: [ReportTable]) throws -> Data {
        var archive = ZipArchiveWriter()
        for (path, bytes) in parts(tables) { try archive.add(path: path, data: bytes) }
        return try archive.finished()
    }
}
