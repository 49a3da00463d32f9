/// Many short byte strings in one array with offsets, read through pointers (no retain per use).
package struct FlatFields {
    let bytes: [UInt8]
    let offsets: [Int]
    package let maxCount: Int

    package init(_ fields: [[UInt8]]) {
        var bytes: [UInt8] = [], offsets = [0], maxCount = 0
        for field in fields {
            bytes.append(contentsOf: field)
            offsets.append(bytes.count)
            maxCount = max(maxCount, field.count)
        }
        self.bytes = bytes + [0]
        self.offsets = offsets
        self.maxCount = maxCount
    }

    package func withPointers<R>(_ body: (UnsafePointer<UInt8>, UnsafePointer<Int>) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in offsets.withUnsafeBufferPointer { o in body(b.baseAddress!, o.baseAddress!) } }
    }
}
