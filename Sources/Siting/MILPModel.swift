/// A mixed-integer linear programme in the form both solvers take: minimise c·x subject to
/// rowLower ≤ A·x ≤ rowUpper and columnLower ≤ x ≤ columnUpper, some columns integral. The matrix is
/// sparse and stored by row (compressed sparse row), because the siting model is built row by row and
/// most zone–site pairs have no arc.
///
/// Infinite bounds are `±Double.infinity`; each solver translates them. Nothing here is handed to a
/// solver before `validate()` passes: GLPK aborts the whole process on a bad index or a NaN.
package struct MILPModel: Sendable {
    package enum Kind: Sendable, Equatable {
        case continuous
        case integer
        case binary
    }

    package private(set) var columnNames: [String] = []
    package private(set) var columnLower: [Double] = []
    package private(set) var columnUpper: [Double] = []
    package private(set) var objective: [Double] = []
    package private(set) var kinds: [Kind] = []

    package private(set) var rowNames: [String] = []
    package private(set) var rowLower: [Double] = []
    package private(set) var rowUpper: [Double] = []
    /// Row r's entries are `rowStart[r] ..< rowStart[r + 1]` of `entryColumn` and `entryValue`.
    package private(set) var rowStart: [Int] = [0]
    package private(set) var entryColumn: [Int] = []
    package private(set) var entryValue: [Double] = []

    package init() {}

    package var columnCount: Int { columnNames.count }
    package var rowCount: Int { rowNames.count }
    package var entryCount: Int { entryColumn.count }

    /// Adds a column and returns its index.
    @discardableResult
    package mutating func addColumn(_ name: String, lower: Double, upper: Double, cost: Double, kind: Kind = .continuous) -> Int {
        columnNames.append(name)
        columnLower.append(lower)
        columnUpper.append(upper)
        objective.append(cost)
        kinds.append(kind)
        return columnNames.count - 1
    }

    /// Adds `cost` to a column's objective coefficient (costs of one variable come from several years).
    package mutating func addCost(_ cost: Double, to column: Int) {
        objective[column] += cost
    }

    /// Adds a row `lower ≤ Σ value·x[column] ≤ upper`; repeated columns are summed, zeros dropped.
    @discardableResult
    package mutating func addRow(_ name: String, _ terms: [(column: Int, value: Double)], lower: Double, upper: Double) -> Int {
        var merged: [Int: Double] = [:]
        var order: [Int] = []
        for term in terms {
            if merged[term.column] == nil { order.append(term.column) }
            merged[term.column, default: 0] += term.value
        }
        for column in order.sorted() where merged[column] != 0 {
            entryColumn.append(column)
            entryValue.append(merged[column]!)
        }
        rowNames.append(name)
        rowLower.append(lower)
        rowUpper.append(upper)
        rowStart.append(entryColumn.count)
        return rowNames.count - 1
    }

    package func entries(ofRow row: Int) -> [(column: Int, value: Double)] {
        (rowStart[row]..<rowStart[row + 1]).map { (entryColumn[$0], entryValue[$0]) }
    }

    /// Every index in range, every coefficient finite, every bound ordered and not NaN, integer columns
    /// with integral bounds; solvers (GLPK above all) are given nothing else.
    package func validate() throws(SitingError) {
        func fail(_ what: String) -> SitingError { .invalidModel(what) }
        guard columnCount > 0 else { throw fail("the model has no variables") }
        guard columnCount < Int(Int32.max) / 2, entryCount < Int(Int32.max) / 2 else {
            throw fail("the model has \(columnCount) variables and \(entryCount) coefficients; the solvers take fewer than \(Int32.max / 2)")
        }
        for c in 0..<columnCount {
            let lower = columnLower[c], upper = columnUpper[c]
            guard !lower.isNaN, !upper.isNaN, lower <= upper, lower != .infinity, upper != -.infinity else {
                throw fail("variable \(columnNames[c]) has bounds [\(lower), \(upper)]")
            }
            guard objective[c].isFinite else { throw fail("variable \(columnNames[c]) has cost \(objective[c])") }
            if kinds[c] != .continuous {
                guard lower.isFinite, lower.rounded() == lower, upper.isInfinite || upper.rounded() == upper else {
                    throw fail("integer variable \(columnNames[c]) has bounds [\(lower), \(upper)]")
                }
            }
            if kinds[c] == .binary, lower < 0 || upper > 1 {
                throw fail("binary variable \(columnNames[c]) has bounds [\(lower), \(upper)]")
            }
        }
        guard rowStart.count == rowCount + 1, rowStart.last == entryCount else {
            throw fail("the row starts do not cover the coefficients")
        }
        for r in 0..<rowCount {
            let lower = rowLower[r], upper = rowUpper[r]
            guard !lower.isNaN, !upper.isNaN, lower <= upper, lower != .infinity, upper != -.infinity else {
                throw fail("constraint \(rowNames[r]) has bounds [\(lower), \(upper)]")
            }
            guard rowStart[r] <= rowStart[r + 1] else { throw fail("constraint \(rowNames[r]) has a negative length") }
            var seen = Set<Int>()
            for k in rowStart[r]..<rowStart[r + 1] {
                let column = entryColumn[k]
                guard (0..<columnCount).contains(column) else {
                    throw fail("constraint \(rowNames[r]) names variable \(column) of \(columnCount)")
                }
                guard seen.insert(column).inserted else {
                    throw fail("constraint \(rowNames[r]) names \(columnNames[column]) twice")
                }
                guard entryValue[k].isFinite, entryValue[k] != 0 else {
                    throw fail("constraint \(rowNames[r]) has coefficient \(entryValue[k]) on \(columnNames[column])")
                }
            }
        }
    }
}
