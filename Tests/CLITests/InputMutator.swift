import Foundation

/// Seeded mutations of valid input files for the fuzz suite: the same seed gives the same mutation, so
/// a failing case is reproduced from its seed alone.
///
/// Mutations are structural (lines and cells removed, duplicated, swapped, truncated) and semantic
/// (a value replaced by one a hostile or careless user would give: zero, negative, huge, NaN, text,
/// a path, a formula, an empty string). They aim at the boundaries the readers must check, not at
/// random bytes only, because random bytes mostly die at the first syntax check.
struct InputMutator {
    /// SplitMix64: small, fast, and the same on every platform (SystemRandomNumberGenerator is not seedable).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Values that sit on or past the boundaries readers must check.
    static let hostileValues: [String] = [
        "0", "-1", "-1000000", "1", "1e300", "-1e300", "NaN", "nan", "inf", "-inf", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "18446744073709551616", "0.0000001", "1.5", "106",
        "", "\"\"", "abc", "..", ".", "/", "../../etc/passwd", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)",
        "<script>alert(1)</script>", "null", "~", "[]", "{}", "true", "2100", "1900", "2019", "99999",
        "   ", "\t", "中文", "0x10", "1,000", "1_000", "!!python/object:os.system", "*anchor", "&anchor",
    ]

    /// Numbers past the physical or arithmetic range of a data cell: data files are mostly numbers,
    /// and a wrong number is what readers most often let through.
    static let hostileNumbers: [String] = [
        "0", "-1", "-0.5", "1e300", "NaN", "inf", "9223372036854775807", "4611686018427387904", "1e19",
        "0.5", "100", "106", "1000000000", "-1000000000", "2.5", "",
    ]

    var generator: Generator

    init(seed: UInt64) { generator = Generator(seed: seed) }

    /// One mutation of `text` and a short description of it (for the failure report).
    mutating func mutate(_ text: String, delimiter: Character?) -> (text: String, description: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return (text, "unchanged (empty)") }
        let line = Int.random(in: 0..<lines.count, using: &generator)
        if let delimiter, Bool.random(using: &generator) {
            return mutateNumber(lines, delimiter: delimiter)
        }
        let kind = Int.random(in: 0..<12, using: &generator)
        switch kind {
        case 0:
            lines.remove(at: line)
            return (lines.joined(separator: "\n"), "deleted line \(line + 1)")
        case 1:
            lines.insert(lines[line], at: line)
            return (lines.joined(separator: "\n"), "duplicated line \(line + 1)")
        case 2:
            let other = Int.random(in: 0..<lines.count, using: &generator)
            lines.swapAt(line, other)
            return (lines.joined(separator: "\n"), "swapped lines \(line + 1) and \(other + 1)")
        case 3:
            let cut = Int.random(in: 0...text.utf8.count, using: &generator)
            let bytes = Array(text.utf8.prefix(cut))
            return (String(decoding: bytes, as: UTF8.self), "truncated at byte \(cut)")
        case 4:
            // Indentation changed: the YAML structure shifts.
            let shift = Bool.random(using: &generator) ? "  " : ""
            let trimmed = lines[line].drop(while: { $0 == " " })
            lines[line] = shift + trimmed
            return (lines.joined(separator: "\n"), "re-indented line \(line + 1) to \(shift.count)")
        case 5:
            let bytes: [UInt8] = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            lines[line] += String(decoding: bytes, as: UTF8.self)
            return (lines.joined(separator: "\n"), "appended random bytes to line \(line + 1)")
        default:
            let value = Self.hostileValues.randomElement(using: &generator)!
            let (mutated, field) = replaceField(in: lines[line], with: value, delimiter: delimiter)
            lines[line] = mutated
            return (lines.joined(separator: "\n"), "line \(line + 1) field \(field) := \(value.debugDescription)")
        }
    }

    /// Replaces a number in a data row (not the header) by one past its range, or scales it by 100
    /// (a percentage given as a fraction, or the reverse).
    mutating func mutateNumber(_ lines: [String], delimiter: Character) -> (text: String, description: String) {
        var lines = lines
        let rows = lines.indices.filter { $0 > 0 && !lines[$0].isEmpty }
        guard let row = rows.randomElement(using: &generator) else { return (lines.joined(separator: "\n"), "unchanged") }
        var fields = lines[row].split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        let numeric = fields.indices.filter { Double(fields[$0]) != nil }
        guard let field = numeric.randomElement(using: &generator) else { return (lines.joined(separator: "\n"), "unchanged") }
        let old = fields[field]
        let value: String
        if Int.random(in: 0..<4, using: &generator) == 0, let number = Double(old) {
            value = String(number * 100)
        } else {
            value = Self.hostileNumbers.randomElement(using: &generator)!
        }
        fields[field] = value
        lines[row] = fields.joined(separator: String(delimiter))
        return (lines.joined(separator: "\n"), "line \(row + 1) field \(field + 1): \(old) := \(value.debugDescription)")
    }

    /// Replaces one field of a delimited line, or one scalar of a YAML line (the text after `:`, or a
    /// number inside it), with `value`.
    mutating func replaceField(in line: String, with value: String, delimiter: Character?) -> (String, String) {
        if let delimiter {
            var fields = line.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            guard !fields.isEmpty else { return (value, "0") }
            let index = Int.random(in: 0..<fields.count, using: &generator)
            fields[index] = value
            return (fields.joined(separator: String(delimiter)), "\(index + 1)")
        }
        // YAML: replace a number if the line has one (the values readers must range-check), else the value.
        let scalars = line.matches(of: /-?[0-9]+(\.[0-9]+)?/)
        if !scalars.isEmpty, Bool.random(using: &generator) {
            let match = scalars.randomElement(using: &generator)!
            var mutated = line
            mutated.replaceSubrange(match.range, with: value)
            return (mutated, "number \(match.output.0)")
        }
        if let colon = line.firstIndex(of: ":") {
            return (String(line[...colon]) + " " + value, "value")
        }
        return (line + " " + value, "end")
    }
}
