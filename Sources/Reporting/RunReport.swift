import Foundation

public enum ReportFormat: String, Sendable, CaseIterable {
    case html, xlsx, md

    public var fileName: String { "report.\(rawValue)" }
}

/// The reports of a finished run, from its files only: report.html, report.xlsx, report.md.
public enum RunReport {
    /// Writes the formats asked for into the run folder, each to a temporary name and renamed.
    public static func write(runFolder: String, language: Language = .zh,
                             formats: Set<ReportFormat> = Set(ReportFormat.allCases)) throws {
        let run = try RunFolder(path: runFolder)
        for format in ReportFormat.allCases where formats.contains(format) {
            let data: Data
            switch format {
            case .html: data = Data(HTMLReport(run: run, language: language).render().utf8)
            case .xlsx: data = try XLSXWriter.workbook(ReportTables(run: run, language: language).all())
            case .md: data = Data(MarkdownReport(run: run, language: language).render().utf8)
            }
            try replace((runFolder as NSString).appendingPathComponent(format.fileName), with: data)
        }
    }

    /// The CSV files of a run folder, rewritten with a UTF-8 byte-order mark (once) so that Excel on
    /// Windows reads Chinese text correctly. Readers of run folders skip the mark.
    public static func addByteOrderMarks(runFolder: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: runFolder).filter { $0.hasSuffix(".csv") }.sorted()
        for name in names {
            let path = (runFolder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { continue }
            try replace(path, with: Data([0xEF, 0xBB, 0xBF]) + data)
        }
    }

    static func replace(_ path: String, with data: Data) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
            // rename(2) replaces the old file in one step.
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputDirectory.Failure.cannotWrite(path, error.localizedDescription)
        }
    }
}
