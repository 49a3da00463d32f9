extension Array where Element == UInt8 {
    /// Appends `value`'s bytes least significant first, as the binary formats CareCap writes store their
    /// numbers (GeoPackage's WKB points, zip headers).
    package mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
