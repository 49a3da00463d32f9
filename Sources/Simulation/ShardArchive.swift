import Demography
import Foundation
import struct Numerics.FNV1a64
import enum Results.ResultStore

/// The files of a shard folder, and reading them back for the merge.
///
/// - `shard.json` (`ShardManifest`): what the shard belongs to, its areas and regions, each file's
///   size and FNV-1a 64 hash.
/// - `areas.bin`: per area of the shard, in `areas` order: its `AreaQuantiles` values
///   (years × columns × 3), met shares (years × 2 × 5) and central path (central years × 2 × 101), as
///   little-endian IEEE doubles: the merge passes on the very bits the shard computed.
/// - `totals.bin`: the per-draw totals over the shard's areas, draws × years × columns little-endian
///   Int64 (integers of 1/1024: shards add exactly).
/// - `regions.bin`: for each of `whole_regions` its quantiles (years × columns × 3 doubles), then for
///   each of `partial_regions` its per-draw sums (years × `RegionTotals.heldColumns` × draws Int64).
///
/// Why binary and not CSV: the merged files must be byte-identical to a single run's, so values travel
/// as bits, not as decimal text; and a region's partial sums are draws × years × 24 integers.
package enum ShardArchive {
    package static let manifestName = "shard.json"
    static let areasName = "areas.bin"
    static let totalsName = "totals.bin"
    static let regionsName = "regions.bin"

    /// Whether `path` is a shard folder (a previous shard may be replaced by a new one).
    package static func isShardFolder(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(manifestName))
    }

    /// Doubles per area in `areas.bin`.
    static func doublesPerArea(years: Int, centralYears: Int) -> Int {
        years * OutputColumns.count * 3 + years * 2 * OutputColumns.measures.count + centralYears * 2 * PopulationLayout.ageCount
    }

    /// The shard folder's files, `shard.json` last (name, bytes).
    package static func files(_ output: ShardOutput, plan: CapacityPlan, detail: String, tool: String,
                              workingDirectory: String) throws -> [(name: String, data: Data)] {
        var areas = Data()
        for q in output.quantiles {
            append(q.values, to: &areas)
            append(q.metShare, to: &areas)
            append(q.central, to: &areas)
        }
        let totals = output.totals.integerBytes()
        var regions = Data()
        let finished = output.regionTotals.finished()
        let whole = finished.indices.filter { !finished[$0].isEmpty }
        for r in whole { append(finished[r], to: &regions) }
        let partial = output.regionTotals.partialSums()
        let cells = RegionTotals.heldColumns * plan.years.count * max(1, output.regionTotals.draws)
        for (_, sums) in partial {
            var bytes = Data(count: cells * 8)
            bytes.withUnsafeMutableBytes { out in
                for i in 0..<cells { out.storeBytes(of: sums[i].littleEndian, toByteOffset: i * 8, as: Int64.self) }
            }
            regions.append(bytes)
        }
        let binaries = [(areasName, areas), (totalsName, totals), (regionsName, regions)]
        let scenario = plan.scenario
        let keys = output.regions.regions.map(\.key)
        let manifest = ShardManifest(
            format: ShardManifest.currentFormat, tool: "carecap \(tool)", scenario: scenario.file,
            workingDirectory: workingDirectory, scenarioHash: FNV1a64.of(scenario.text).tagged,
            scenarioName: scenario.name, inputHash: PlanFingerprint.of(plan), variant: scenario.variant, seed: scenario.uncertainty?.seed,
            draws: output.regionTotals.draws, detail: detail, shard: output.shard.index, shards: output.shard.count,
            baseYear: plan.baseYear, horizon: plan.years.last!, runAreaCount: plan.inputs.areas.count,
            areas: output.areas.map { plan.areaCodes[$0] }, wholeRegions: whole.map { keys[$0] },
            partialRegions: partial.map { keys[$0.region] },
            files: binaries.map { .init(name: $0.0, bytes: $0.1.count, fnv1a64: FNV1a64.of($0.1).hex) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(manifest)
        return binaries.map { (name: $0.0, data: $0.1) } + [(name: manifestName, data: json + Data("\n".utf8))]
    }

    static func append(_ values: [Double], to data: inout Data) {
        values.withUnsafeBufferPointer { buffer in
            var bytes = Data(count: buffer.count * 8)
            bytes.withUnsafeMutableBytes { out in
                for (i, v) in buffer.enumerated() { out.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 8, as: UInt64.self) }
            }
            data.append(bytes)
        }
    }

    /// FNV-1a 64 of `data`, 16 hex digits.
}

extension ShardArchive {
    /// A shard folder opened for merging: its manifest read, its files' sizes and hashes checked.
    package struct Folder: Sendable {
        package let path: String
        package let manifest: ShardManifest

        /// Reads `shard.json` of `path`; throws `ShardMerge.Failure` naming the folder and what is wrong.
        package init(path: String) throws(ShardMerge.Failure) {
            self.path = path
            let file = (path as NSString).appendingPathComponent(ShardArchive.manifestName)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .notShardFolder(path, "no such folder") }
            guard isFolder.boolValue else { throw .notShardFolder(path, "it is a file, not a folder") }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .notShardFolder(path, "it has no \(ShardArchive.manifestName); expected the folder a `carecap run FILE --shard K/N --out FOLDER` wrote")
            }
            do {
                manifest = try JSONDecoder().decode(ShardManifest.self, from: data)
            } catch {
                throw .notShardFolder(path, "\(ShardArchive.manifestName) is not a shard manifest (\(ResultStore.describe(error)))")
            }
            guard manifest.format == ShardManifest.currentFormat else {
                throw .notShardFolder(path, "\(ShardArchive.manifestName): format \"\(manifest.format)\", expected \"\(ShardManifest.currentFormat)\"")
            }
        }

        /// The bytes of `name`, checked against the manifest's size and hash.
        func read(_ name: String) throws(ShardMerge.Failure) -> Data {
            let file = (path as NSString).appendingPathComponent(name)
            guard let entry = manifest.files.first(where: { $0.name == name }) else {
                throw .damaged(path, name, "\(ShardArchive.manifestName) does not list it")
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw .damaged(path, name, "it is missing or unreadable") }
            guard data.count == entry.bytes else {
                throw .damaged(path, name, "it has \(data.count) bytes, \(ShardArchive.manifestName) says \(entry.bytes)")
            }
            let hash = FNV1a64.of(data).hex
            guard hash == entry.fnv1a64 else {
                throw .damaged(path, name, "its FNV-1a 64 hash is \(hash), \(ShardArchive.manifestName) says \(entry.fnv1a64)")
            }
            return data
        }

        /// The size `name` should have, from the run's shape; throws when the manifest says otherwise.
        func expect(_ name: String, bytes: Int) throws(ShardMerge.Failure) {
            guard let entry = manifest.files.first(where: { $0.name == name }) else {
                throw .damaged(path, name, "\(ShardArchive.manifestName) does not list it")
            }
            guard entry.bytes == bytes else {
                throw .damaged(path, name, "\(ShardArchive.manifestName) gives \(entry.bytes) bytes, expected \(bytes) for this run's areas, years and draws")
            }
        }

        /// Checks `name`'s size and hash against the manifest, reading it a megabyte at a time (a
        /// shard's region sums are not held whole; the merge reads each region's slice when it needs it).
        func verify(_ name: String) throws(ShardMerge.Failure) {
            let file = (path as NSString).appendingPathComponent(name)
            guard let entry = manifest.files.first(where: { $0.name == name }) else {
                throw .damaged(path, name, "\(ShardArchive.manifestName) does not list it")
            }
            guard let handle = FileHandle(forReadingAtPath: file) else { throw .damaged(path, name, "it is missing or unreadable") }
            defer { try? handle.close() }
            var hash = FNV1a64()
            var bytes = 0
            while true {
                let chunk: Data
                do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw .damaged(path, name, "it cannot be read (\(error))") }
                if chunk.isEmpty { break }
                bytes += chunk.count
                chunk.withUnsafeBytes { hash.add($0) }
            }
            guard bytes == entry.bytes else {
                throw .damaged(path, name, "it has \(bytes) bytes, \(ShardArchive.manifestName) says \(entry.bytes)")
            }
            guard hash.hex == entry.fnv1a64 else {
                throw .damaged(path, name, "its FNV-1a 64 hash is \(hash.hex), \(ShardArchive.manifestName) says \(entry.fnv1a64)")
            }
        }

        /// `count` bytes of `name` from `offset` (after `verify`).
        func read(_ name: String, offset: Int, count: Int) throws(ShardMerge.Failure) -> Data {
            let file = (path as NSString).appendingPathComponent(name)
            guard let handle = FileHandle(forReadingAtPath: file) else { throw .damaged(path, name, "it is missing or unreadable") }
            defer { try? handle.close() }
            do {
                try handle.seek(toOffset: UInt64(offset))
                let data = try handle.read(upToCount: count) ?? Data()
                guard data.count == count else { throw ShardMerge.Failure.damaged(path, name, "it ends before byte \(offset + count)") }
                return data
            } catch let failure as ShardMerge.Failure {
                throw failure
            } catch {
                throw .damaged(path, name, "it cannot be read (\(error))")
            }
        }
    }
}

extension Data {
    /// `count` little-endian doubles from index `start` (8-byte units), read in one pass over the bytes
    /// (the merge reads 17 million of them for a national run).
    func doubles(from start: Int, count: Int) -> [Double] {
        withUnsafeBytes { raw in
            (0..<count).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: (start + $0) * 8, as: UInt64.self))) }
        }
    }
}
