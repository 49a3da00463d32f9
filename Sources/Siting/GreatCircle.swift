import Foundation

/// Distances on a sphere of the Earth's mean radius (haversine formula): good to about 0.5 % for the
/// tens of kilometres between a zone and a site, which is finer than the cost per kilometre is known.
package enum GreatCircle {
    /// IUGG mean Earth radius.
    package static let earthRadiusKilometres = 6371.0088

    package static func kilometres(fromLongitude lon1: Double, latitude lat1: Double,
                                   toLongitude lon2: Double, latitude lat2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKilometres * asin(min(1, sqrt(a)))
    }
}
