/// A buffer shared by the tasks of one projection, each writing only its own areas.
final class SharedDoubles: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int
    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
    }
    deinit { pointer.deallocate() }
}
