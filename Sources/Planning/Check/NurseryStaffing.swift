/// Class and carer arithmetic of the nursery standard, done per class, not per child.
public enum NurseryStaffing {
    /// Fewest classes of size ≤ cap that hold n children.
    public static func classesNeeded(children n: Int, cap: Int) -> Int {
        guard n > 0 else { return 0 }
        guard cap > 0 else { return Int.max }
        return (n + cap - 1) / cap
    }

    /// Fewest carers for n children in k classes of cap c at r children per carer, every class within
    /// both its cap and the ratio. Each class carries floor(c/r) full groups of r; while the children fit
    /// in those groups ceil(n/r) carers suffice, beyond that each class's c mod r spare places need a
    /// carer of their own per class.
    public static func carersNeeded(children n: Int, classes k: Int, cap c: Int, childrenPerCarer r: Int) -> Int {
        guard n > 0 else { return 0 }
        precondition(c > 0 && r > 0, "class cap and ratio are validated as positive")
        let fullGroupsPerClass = c / r
        let inFullGroups = k * fullGroupsPerClass * r
        if n <= inFullGroups {
            return (n + r - 1) / r
        }
        let spare = c % r
        let rest = n - inFullGroups
        guard spare > 0 else {
            // Only reachable with fewer classes than needed: count one carer per r children above.
            return k * fullGroupsPerClass + (rest + r - 1) / r
        }
        return k * fullGroupsPerClass + (rest + spare - 1) / spare
    }
}
