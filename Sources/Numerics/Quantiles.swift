import CGSL

/// Sample quantiles by GSL's rule (`gsl_stats_quantile_from_sorted_data`: linear interpolation
/// between order statistics at position f × (n − 1)). GSL has no error-returning variant of this
/// routine, so the inputs are validated here and a `GSLError` is thrown instead of a trap.
public enum Quantiles {
    /// A sorted copy (GSL heapsort); throws on NaN, which has no place in an order.
    public static func sorted(_ data: [Double]) throws -> [Double] {
        guard !data.contains(where: \.isNaN) else {
            throw GSLError(status: GSL_EDOM, operation: "gsl_sort (NaN in data)")
        }
        var copy = data
        copy.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { gsl_sort(base, 1, buffer.count) }
        }
        return copy
    }

    /// The quantile `fraction` (0...1) of data already sorted ascending.
    public static func quantile(ofSorted data: [Double], fraction: Double) throws -> Double {
        guard !data.isEmpty else {
            throw GSLError(status: GSL_EBADLEN, operation: "gsl_stats_quantile_from_sorted_data (no data)")
        }
        guard fraction >= 0, fraction <= 1 else {
            throw GSLError(status: GSL_EDOM, operation: "gsl_stats_quantile_from_sorted_data (fraction \(fraction) outside 0...1)")
        }
        for index in 1..<max(data.count, 1) where !(data[index - 1] <= data[index]) {
            throw GSLError(status: GSL_EINVAL, operation: "gsl_stats_quantile_from_sorted_data (data not sorted at index \(index))")
        }
        return data.withUnsafeBufferPointer { buffer in
            gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, fraction)
        }
    }

    /// Several quantiles of unsorted data (sorted once).
    public static func quantiles(of data: [Double], fractions: [Double]) throws -> [Double] {
        let sortedData = try sorted(data)
        return try fractions.map { try quantile(ofSorted: sortedData, fraction: $0) }
    }
}
