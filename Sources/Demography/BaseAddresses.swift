extension Array where Element == [Double] {
    /// The base address of each array, in order, valid inside `body` only: one `withUnsafeBufferPointer` per
    /// array, nested, so that a loop can read many arrays through raw pointers without retaining and releasing
    /// them at each use (the kernel's survival profiles, the draws' shared normals). An empty array has nothing
    /// to read; it gets an aligned address that must not be read.
    package func withBaseAddresses<R>(_ body: (UnsafeBufferPointer<UnsafePointer<Double>>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UnsafePointer<Double>.self, capacity: Swift.max(count, 1)) { addresses in
            func visit(_ i: Int) -> R {
                guard i < count else { return body(UnsafeBufferPointer(rebasing: addresses[0..<count])) }
                return self[i].withUnsafeBufferPointer { array in
                    addresses[i] = array.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Double>.alignment)!
                    return visit(i + 1)
                }
            }
            return visit(0)
        }
    }
}
