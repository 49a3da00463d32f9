import Foundation

/// FNV-1a, 64 bits, fed in pieces: the one implementation behind random stream numbers, the scenario
/// hash of a manifest, shard files' checksums and the plan's input hash. Quick and well spread for
/// telling files and keys apart; not a security hash.
package struct FNV1a64 {
    package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    package mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        value = h
    }

    package mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }

    package mutating func add(_ text: String) { for byte in text.utf8 { add(byte) } }

    /// The value as 16 lower-case hex digits.
    package var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The value as the manifests and shard files write a hash: "fnv1a64:" and 16 hex digits.
    package var tagged: String { "fnv1a64:" + hex }

    /// The hash of `data`'s bytes.
    package static func of(_ data: Data) -> FNV1a64 {
        var hash = FNV1a64()
        data.withUnsafeBytes { hash.add($0) }
        return hash
    }

    /// The hash of `text`'s UTF-8 bytes.
    package static func of(_ text: String) -> FNV1a64 {
        var hash = FNV1a64()
        hash.add(text)
        return hash
    }
}
