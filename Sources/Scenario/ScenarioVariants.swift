import Yams

/// Named what-ifs (`variants:`) and parameter sweeps (`sweep:`): each is a set of edits, by dotted key
/// path, applied to the scenario's YAML before it is validated, so a variant's mistakes are reported
/// at the variant's own line like any other.
///
/// ```yaml
/// variants:
///   low-fertility: { population.fertility.tfr_path: { type: linear, to: 0.8, by: 2035 } }
///   strict-rooms: { overrides.elder-care-room-area.m2_per_100_households: 30 }
/// sweep:
///   - { parameter: population.migration.net_rate_per_1000, values: [-4, 0, 4] }
/// ```
/// A sweep of one or two parameters expands to one variant per value (or pair), named
/// `parameter=value`.
enum ScenarioVariants {
    typealias Edit = (path: [String], written: String, value: Node)

    static let maximumSweepPoints = 400

    /// A value on one line as YAML's flow style writes it: `1.0`, `[1, 2]`, `{ type: linear, to: 0.8 }`.
    static func flowText(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string
        case .sequence(let sequence): return "[" + sequence.map(flowText).joined(separator: ", ") + "]"
        case .mapping(let mapping):
            return "{ " + mapping.map { "\(flowText($0.key)): \(flowText($0.value))" }.joined(separator: ", ") + " }"
        case .alias: return "*alias"
        }
    }

    /// Variant name → its edits, in file order (named variants, then sweep points).
    /// Names are checked as folder names (`OutputName`) here, so a bad one is refused at load, before
    /// any variant is run or written.
    static func read(_ top: Fields, _ reader: NodeReader) throws(ScenarioError) -> [(name: String, edits: [Edit])] {
        var result: [(String, [Edit])] = []
        var folders = FolderNames(reader: reader)
        if let node = top["variants"] {
            for (name, nameNode, value) in try reader.entries(node, "variants", what: "variant names to edits") {
                let variantPath = "variants.\(name)"
                try folders.claim(name, nameNode, variantPath)
                var edits: [Edit] = []
                for (key, keyNode, editValue) in try reader.entries(value, variantPath, what: "key paths to values") {
                    edits.append((try keyPath(key, keyNode, "\(variantPath).\(key)", reader), key, editValue))
                }
                guard !edits.isEmpty else { throw reader.expected("at least one key path: value", value, variantPath) }
                result.append((name, edits))
            }
        }
        if let node = top["sweep"] {
            let items: [Node]
            if case .sequence = node { items = try reader.list(node, "sweep", of: "parameters with values") } else { items = [node] }
            guard (1...2).contains(items.count) else {
                throw reader.expected("one or two parameters to sweep", node, "sweep")
            }
            var axes: [(written: String, path: [String], values: [Node])] = []
            for (i, item) in items.enumerated() {
                let itemPath = items.count == 1 && !(node.sequence != nil) ? "sweep" : "sweep[\(i)]"
                let f = try reader.fields(item, itemPath, known: ["parameter", "values"], required: ["parameter", "values"])
                let written = try reader.text(f["parameter"]!, f.path("parameter"), what: "a dotted key path")
                let path = try keyPath(written, f["parameter"]!, f.path("parameter"), reader)
                let values = try reader.list(f["values"]!, f.path("values"), of: "values")
                guard !values.isEmpty else { throw reader.expected("at least one value", f["values"]!, f.path("values")) }
                axes.append((written, path, values))
            }
            let points = axes.reduce(1) { $0 * $1.values.count }
            guard points <= maximumSweepPoints else {
                let product = axes.count == 1 ? "" : " (\(axes.map { String($0.values.count) }.joined(separator: " × ")) values)"
                throw reader.error(node, "sweep", "expected at most \(maximumSweepPoints) sweep points, found \(points)\(product)")
            }
            func valuePath(_ axis: Int, _ index: Int) -> String {
                (items.count == 1 && node.sequence == nil ? "sweep" : "sweep[\(axis)]") + ".values[\(index)]"
            }
            for (i, first) in axes[0].values.enumerated() {
                let firstName = "\(axes[0].written)=\(pointLabel(first))"
                if axes.count == 1 {
                    try folders.claim(firstName, first, valuePath(0, i))
                    result.append((firstName, [(axes[0].path, axes[0].written, first)]))
                } else {
                    for (j, second) in axes[1].values.enumerated() {
                        let name = "\(firstName),\(axes[1].written)=\(pointLabel(second))"
                        try folders.claim(name, second, "\(valuePath(0, i)), \(valuePath(1, j))")
                        result.append((name, [(axes[0].path, axes[0].written, first), (axes[1].path, axes[1].written, second)]))
                    }
                }
            }
        }
        return result
    }

    /// A sweep value as it appears in the point's name: a scalar as written, a list or mapping in flow
    /// style (so two mappings do not both become "a mapping").
    static func pointLabel(_ node: Node) -> String {
        if case .scalar = node { return NodeReader.describe(node) }
        return NodeReader.shorten(flowText(node))
    }

    /// The folder names taken so far, compared as a case-insensitive file system compares them.
    struct FolderNames {
        let reader: NodeReader
        private var taken: [String: String] = [:]

        init(reader: NodeReader) { self.reader = reader }

        mutating func claim(_ name: String, _ node: Node, _ path: String) throws(ScenarioError) {
            if let problem = OutputName.problemAsVariant(name) {
                throw reader.error(node, path, "invalid variant name \"\(OutputName.visible(name))\": \(problem)")
            }
            let folder = OutputName.folderName(name)
            if let other = taken[folder.lowercased()] {
                throw reader.error(node, path, "variant \"\(OutputName.visible(name))\" would be written to the folder \"\(OutputName.visible(folder))\", as \"\(OutputName.visible(other))\" is (folder names are compared ignoring case, and spaces and \(OutputName.replacedCharacters.subtracting([" "]).map(String.init).sorted().joined(separator: " ")) are written as \"_\"); give them different names")
            }
            taken[folder.lowercased()] = name
        }
    }

    static let editableSections: Set<String> = ["rules", "overrides", "as_of", "population", "supply", "districts",
                                                "demand", "workforce", "uncertainty"]

    static func keyPath(_ written: String, _ node: Node, _ path: String, _ reader: NodeReader) throws(ScenarioError) -> [String] {
        let parts = written.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty }), let first = parts.first, editableSections.contains(first) else {
            throw reader.error(node, path, "expected a dotted key path into \(editableSections.sorted().joined(separator: ", ")) (e.g. population.fertility.tfr), found \"\(written)\"")
        }
        return parts
    }

    /// The document with the edits applied; intermediate mappings are created where missing.
    static func apply(_ edits: [Edit], to root: Node) -> Node {
        var root = root
        for edit in edits {
            root = set(edit.value, at: edit.path[...], in: root)
        }
        return root
    }

    private static func set(_ value: Node, at path: ArraySlice<String>, in node: Node?) -> Node {
        guard let key = path.first else { return value }
        var mapping = node?.mapping ?? Node.Mapping([])
        let child = mapping[key]
        mapping[key] = set(value, at: path.dropFirst(), in: child)
        return .mapping(mapping)
    }
}
