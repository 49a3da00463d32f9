/// Text from a scenario, a census or a store made safe to put in Markdown: HTML is written as text
/// (`<script>` shows as `<script>`, never runs in a viewer that renders HTML), and nothing in it can
/// end a table cell or a line (`|`, line breaks) or escape what follows (a trailing backslash).
package enum MarkdownText {
    /// Inline text, for a table cell, a heading, a list item or a quoted note.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lastWasBreak = false
        for scalar in text.unicodeScalars {
            let isBreak = scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}"
            defer { lastWasBreak = isBreak }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "\\|"
            case "\\": out += "\\\\"
            case _ where isBreak:
                // "\r\n" is one break: one space.
                if !(scalar == "\n" && lastWasBreak) { out += " " }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text as one inline code span: a fence of one more backtick than the longest run inside, padded
    /// with spaces where the text starts or ends with a backtick (CommonMark), line breaks as spaces.
    package static func code(_ text: String) -> String {
        let flat = text.map { $0.isNewline ? " " : String($0) }.joined()
        var longest = 0, run = 0
        for ch in flat { run = ch == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }
}
