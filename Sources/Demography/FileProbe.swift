#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a path given as an input cannot be read as what it should be, in words that are true: a file
/// that does not exist, a folder where a file was expected, permission denied, a symbolic link loop,
/// a FIFO or device. `FileManager` answers these with one "no such file" or "cannot be read"; this asks
/// the system, by opening the path as the readers will.
package enum FileProbe {
    package enum Expected: Sendable {
        case file, folder

        var noun: String { self == .file ? "a file" : "a folder" }
    }

    package enum Problem: Sendable, Equatable, CustomStringConvertible {
        case doesNotExist
        /// A symbolic link whose target does not exist.
        case danglingLink
        /// A component of the path before the last is a file, not a folder.
        case parentIsNotAFolder
        case isAFolder
        case isAFile
        case permissionDenied
        case symlinkLoop
        /// A FIFO, socket or device: reading it could block or never end.
        case notARegularFile(String)
        case other(String)

        package var description: String {
            switch self {
            case .doesNotExist: "does not exist"
            case .danglingLink: "is a symbolic link to a path that does not exist"
            case .parentIsNotAFolder: "does not exist (a part of the path before the last is a file, not a folder)"
            case .isAFolder: "is a folder, not a file"
            case .isAFile: "is a file, not a folder"
            case .permissionDenied: "cannot be opened: permission denied"
            case .symlinkLoop: "cannot be opened: a loop of symbolic links"
            case .notARegularFile(let kind): "is not a regular file (\(kind))"
            case .other(let reason): "cannot be opened: \(reason)"
            }
        }

        /// The same, as what was found where a readable file was expected (`DataFileError.found`).
        package var found: String {
            switch self {
            case .doesNotExist: "nothing: the path does not exist"
            case .danglingLink: "a symbolic link to a path that does not exist"
            case .parentIsNotAFolder: "nothing: a part of the path before the last is a file, not a folder"
            case .isAFolder: "a folder"
            case .isAFile: "a file"
            case .permissionDenied: "a path this user may not read (permission denied)"
            case .symlinkLoop: "a loop of symbolic links"
            case .notARegularFile(let kind): kind
            case .other(let reason): reason
            }
        }
    }

    /// nil when `path` opens for reading as `expected`; else what stands in the way.
    package static func problem(at path: String, expecting expected: Expected) -> Problem? {
        // Non-blocking, so that probing a FIFO does not wait for a writer.
        var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC
        if expected == .folder { flags |= O_DIRECTORY }
        let fd = open(path, flags)
        guard fd >= 0 else { return problem(errno: errno, path: path, expected: expected) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return .other(String(cString: strerror(errno))) }
        let type = status.st_mode & S_IFMT
        switch (expected, type) {
        case (.file, S_IFREG), (.folder, S_IFDIR): break
        case (.file, S_IFDIR): return .isAFolder
        case (.file, S_IFIFO): return .notARegularFile("a FIFO")
        case (.file, S_IFSOCK): return .notARegularFile("a socket")
        case (.file, S_IFCHR), (.file, S_IFBLK): return .notARegularFile("a device")
        case (.file, _): return .notARegularFile("not a file")
        case (.folder, _): return .isAFile
        }
        // A folder that opens may still refuse to let its files be opened.
        if expected == .folder, access(path, X_OK) != 0, errno == EACCES { return .permissionDenied }
        return nil
    }

    static func problem(errno code: Int32, path: String, expected: Expected) -> Problem {
        switch code {
        case ENOENT:
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK { return .danglingLink }
            return .doesNotExist
        case ENOTDIR:
            // O_DIRECTORY on a file, or a file used as a folder earlier in the path.
            var status = stat()
            if expected == .folder, stat(path, &status) == 0 { return .isAFile }
            return .parentIsNotAFolder
        case EACCES, EPERM: return .permissionDenied
        case ELOOP: return .symlinkLoop
        case ENAMETOOLONG: return .other("the path is too long")
        case ENXIO: return .notARegularFile("a socket or device with no reader")
        default: return .other(String(cString: strerror(code)))
        }
    }
}
