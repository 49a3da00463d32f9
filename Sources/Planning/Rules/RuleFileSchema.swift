import Yams

/// The schema of rule files (catalogue/<id>.yaml), preset overlays (presets/<id>.yaml) and the
/// catalogue index (catalogue/index.yaml). Every value carries a reference: a number without a
/// document is a schema error, not a default.
enum RuleFileSchema {
    static let ruleKeys = ["id", "name", "scope", "status", "evaluated_by", "checked", "formula", "note",
                           "responsible_units", "parameters", "see_also", "local_to"]
    static let parameterKeys = ["unit", "meaning", "integral", "varies_by_year", "values"]
    static let valueKeys = ["value", "reference"]
    static let referenceKeys = ["document", "number", "clause", "quote", "note"]
    static let presetKeys = ["id", "name", "plan", "rules"]
    static let changeKeys = ["status", "checked", "note", "responsible_units", "parameters", "see_also"]
    static let indexKeys = ["groups"]
    static let groupKeys = ["id", "name", "rules"]

    static func rule(_ text: String, file: String) throws(RuleFileError) -> RuleDefinition {
        let reader = RuleFileReader(file: file)
        let top = try reader.fields(try reader.document(text), allowed: ruleKeys,
                                    required: ["id", "name", "scope", "status", "evaluated_by", "formula", "parameters"],
                                    what: "a rule")
        let id = try reader.text(top["id"]!, what: "the rule id")
        let expectedFile = "\(id).yaml"
        guard file.hasSuffix("/" + expectedFile) || file == expectedFile else {
            throw reader.error(top["id"], "rule id \"\(id)\" does not match the file name; the file should be \(expectedFile)")
        }
        let (zh, en) = try names(top["name"]!, reader)
        var parameters: [RuleParameter] = []
        for (name, _, node) in try reader.entries(top["parameters"]!, what: "the parameters") {
            parameters.append(try parameter(name, node, reader))
        }
        guard !parameters.isEmpty else { throw reader.error(top["parameters"], "a rule needs at least one parameter") }
        let evaluatedBy = try evaluators(top["evaluated_by"]!, reader)
        let checked = try top["checked"].map { node throws(RuleFileError) in try reader.bool(node, what: "checked") }
        if checked != nil, !evaluatedBy.contains(.check) {
            throw reader.error(top["checked"], "\"checked\" applies only to a rule evaluated_by check")
        }
        return RuleDefinition(
            id: id, nameZH: zh, nameEN: en,
            scope: try reader.choice(top["scope"]!, RuleScope.self, what: "scope"),
            parameters: parameters,
            formula: try reader.text(top["formula"]!, what: "the formula"),
            status: try reader.choice(top["status"]!, RuleStatus.self, what: "status"),
            responsibleUnits: try top["responsible_units"].map { node throws(RuleFileError) in
                try reader.texts(node, what: "responsible units")
            } ?? [],
            evaluatedBy: evaluatedBy,
            checked: evaluatedBy.contains(.check) && (checked ?? true),
            seeAlso: try top["see_also"].map { node throws(RuleFileError) in try references(node, reader) } ?? [],
            note: try top["note"].map { node throws(RuleFileError) in try reader.text(node, what: "the note") },
            file: file,
            localTo: try top["local_to"].map { node throws(RuleFileError) in try reader.text(node, what: "the preset id of the plan that sets the rule") })
    }

    /// A preset overlay, checked against the catalogue it changes: every rule and parameter it names
    /// must exist.
    static func preset(_ text: String, file: String, catalogue: [RuleDefinition]) throws(RuleFileError) -> RulePreset {
        let reader = RuleFileReader(file: file)
        let top = try reader.fields(try reader.document(text), allowed: presetKeys, required: presetKeys, what: "a preset")
        let id = try reader.text(top["id"]!, what: "the preset id")
        guard file.hasSuffix("/\(id).yaml") || file == "\(id).yaml" else {
            throw reader.error(top["id"], "preset id \"\(id)\" does not match the file name; the file should be \(id).yaml")
        }
        let (zh, en) = try names(top["name"]!, reader)
        let plan = try reference(top["plan"]!, reader)
        var changes: [RulePreset.Change] = []
        for (ruleID, keyNode, node) in try reader.entries(top["rules"]!, what: "the rules a preset changes") {
            guard let rule = catalogue.first(where: { $0.id == ruleID }) else {
                throw reader.error(keyNode, "unknown rule \"\(ruleID)\"; the catalogue has no file \(ruleID).yaml")
            }
            let fields = try reader.fields(node, allowed: changeKeys, required: [], what: "a preset's change to \(ruleID)")
            var values: [String: [DatedValue]] = [:]
            var shapes: [String: RuleParameter.Value] = [:]
            if let parameters = fields["parameters"] {
                for (name, nameNode, parameterNode) in try reader.entries(parameters, what: "the parameters") {
                    guard var base = rule.parameter(name) else {
                        throw reader.error(nameNode, "unknown parameter \"\(name)\" of rule \(ruleID); expected one of: \(rule.parameters.map(\.name).joined(separator: ", "))")
                    }
                    let p = try reader.fields(parameterNode, allowed: ["values"], required: ["values"], what: "a parameter change")
                    let dated = try datedValues(p["values"]!, reader)
                    // A preset takes only what its own plan says: a value citing another document is the
                    // catalogue's or another plan's number, not this jurisdiction's.
                    if let foreign = dated.first(where: { $0.reference.document != plan.document }) {
                        throw reader.error(nameNode, "\(ruleID).\(name) on \(foreign.date) cites \"\(foreign.reference.document)\"; a preset's values cite its own plan, \"\(plan.document)\"")
                    }
                    base.replaceValues(dated)
                    values[name] = dated
                    shapes[name] = base.value
                }
            }
            let checked = try fields["checked"].map { node throws(RuleFileError) in try reader.bool(node, what: "checked") }
            if checked != nil, !rule.evaluatedBy.contains(.check) {
                throw reader.error(fields["checked"], "\"checked\" applies only to a rule evaluated_by check")
            }
            // Another plan's rule comes into force here only with every number from this plan: a value left
            // at the rule file's would be the other jurisdiction's.
            if let owner = rule.localTo, owner != id, !values.isEmpty {
                let missing = rule.parameters.map(\.name).filter { values[$0] == nil }
                if !missing.isEmpty {
                    throw reader.error(fields["parameters"], "rule \(ruleID) is set by the plan of \(owner); this preset sets only some of its parameters and lacks \(missing.joined(separator: ", ")): set every parameter from this plan, or none (see_also)")
                }
            }
            changes.append(RulePreset.Change(
                ruleID: ruleID, values: values, parameters: shapes,
                responsibleUnits: try fields["responsible_units"].map { node throws(RuleFileError) in
                    try reader.texts(node, what: "responsible units")
                },
                checked: checked,
                status: try fields["status"].map { node throws(RuleFileError) in try reader.choice(node, RuleStatus.self, what: "status") },
                seeAlso: try fields["see_also"].map { node throws(RuleFileError) in try references(node, reader) } ?? [],
                note: try fields["note"].map { node throws(RuleFileError) in try reader.text(node, what: "the note") }))
        }
        return RulePreset(id: id, nameZH: zh, nameEN: en, plan: plan, changes: changes, file: file)
    }

    /// The index: groups of rule ids, in print order.
    static func index(_ text: String, file: String) throws(RuleFileError) -> [(group: RuleGroup, idNodes: [(String, Node)])] {
        let reader = RuleFileReader(file: file)
        let top = try reader.fields(try reader.document(text), allowed: indexKeys, required: indexKeys, what: "the catalogue index")
        guard case .sequence(let groups) = top["groups"]! else {
            throw reader.error(top["groups"], "expected the groups (a list)")
        }
        var out: [(group: RuleGroup, idNodes: [(String, Node)])] = []
        for node in groups {
            let g = try reader.fields(node, allowed: groupKeys, required: groupKeys, what: "a group")
            let (zh, en) = try names(g["name"]!, reader)
            guard case .sequence(let ids) = g["rules"]! else { throw reader.error(g["rules"], "expected the group's rule ids (a list)") }
            var idNodes: [(String, Node)] = []
            for idNode in ids { idNodes.append((try reader.text(idNode, what: "a rule id"), idNode)) }
            let group = RuleGroup(id: try reader.text(g["id"]!, what: "the group id"), nameZH: zh, nameEN: en,
                                  ruleIDs: idNodes.map(\.0))
            out.append((group, idNodes))
        }
        return out
    }

    static func names(_ node: Node, _ reader: RuleFileReader) throws(RuleFileError) -> (zh: String, en: String) {
        let f = try reader.fields(node, allowed: ["zh", "en"], required: ["zh", "en"], what: "a name")
        return (try reader.text(f["zh"]!, what: "the Chinese name"), try reader.text(f["en"]!, what: "the English name"))
    }

    static func evaluators(_ node: Node, _ reader: RuleFileReader) throws(RuleFileError) -> [RuleEvaluator] {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        var out: [RuleEvaluator] = []
        for item in items { out.append(try reader.choice(item, RuleEvaluator.self, what: "evaluator")) }
        guard !out.isEmpty else { throw reader.error(node, "evaluated_by needs at least one of: check, run, catalogue") }
        return out
    }

    static func parameter(_ name: String, _ node: Node, _ reader: RuleFileReader) throws(RuleFileError) -> RuleParameter {
        let f = try reader.fields(node, allowed: parameterKeys, required: ["unit", "meaning", "values"], what: "parameter \(name)")
        return RuleParameter(
            name: name, unit: try reader.choice(f["unit"]!, RuleUnit.self, what: "unit"),
            meaning: try reader.text(f["meaning"]!, what: "the meaning"),
            integral: try f["integral"].map { node throws(RuleFileError) in try reader.bool(node, what: "integral") } ?? false,
            variesByYear: try f["varies_by_year"].map { node throws(RuleFileError) in try reader.bool(node, what: "varies_by_year") } ?? false,
            values: try datedValues(f["values"]!, reader))
    }

    /// `values:` keyed by effective date, ascending; each with its value and reference.
    static func datedValues(_ node: Node, _ reader: RuleFileReader) throws(RuleFileError) -> [DatedValue] {
        var out: [DatedValue] = []
        for (key, keyNode, valueNode) in try reader.entries(node, what: "the values by date") {
            guard let date = RuleDate(key) else {
                throw reader.error(keyNode, "expected an effective date YYYY-MM-DD, found \"\(key)\"")
            }
            if let previous = out.last, !(previous.date < date) {
                throw reader.error(keyNode, "date \(date) is not after \(previous.date): values are in ascending date order")
            }
            let f = try reader.fields(valueNode, allowed: valueKeys, required: valueKeys, what: "the value of \(key)")
            out.append(DatedValue(date, try reader.number(f["value"]!, what: "the value"), reference: try reference(f["reference"]!, reader)))
        }
        guard !out.isEmpty else { throw reader.error(node, "a parameter needs at least one dated value") }
        return out
    }

    static func reference(_ node: Node, _ reader: RuleFileReader) throws(RuleFileError) -> RuleReference {
        let f = try reader.fields(node, allowed: referenceKeys, required: ["document"], what: "a reference")
        func optional(_ key: String) throws(RuleFileError) -> String? {
            try f[key].map { node throws(RuleFileError) in try reader.text(node, what: key) }
        }
        return RuleReference(document: try reader.text(f["document"]!, what: "the document"), number: try optional("number"),
                             clause: try optional("clause"), quote: try optional("quote"), note: try optional("note"))
    }

    static func references(_ node: Node, _ reader: RuleFileReader) throws(RuleFileError) -> [RuleReference] {
        guard case .sequence(let sequence) = node else { throw reader.error(node, "expected references (a list)") }
        var out: [RuleReference] = []
        for item in sequence { out.append(try reference(item, reader)) }
        return out
    }
}

/// A heading of the catalogue (districts, childcare, elderly care, conversion defaults) and its rules.
public struct RuleGroup: Sendable, Equatable {
    public let id: String
    public let nameZH: String
    public let nameEN: String
    public let ruleIDs: [String]
}
