/// How a run finds the order statistics of its quantiles: `selection`, always (the predicted windows of
/// `PredictedSelection`, the buckets of `QuantileSelection` where they do not serve); `sorting`, a full sort of
/// every column's draws, as tests' independent check that the selections give exactly a sort's quantiles
/// (`PredictedSelection` does either; a region's integer sums at or beyond 2⁵³, which no test reaches, are
/// selected as integers in both).
package enum QuantileMethod: Sendable {
    case selection
    case sorting
}
