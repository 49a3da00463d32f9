import CGSL

/// A GSL status code turned into a Swift error, with the call that returned it.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    public let status: Int32
    public let operation: String

    public init(status: Int32, operation: String) {
        self.status = status
        self.operation = operation
    }

    /// GSL's status constants (GSL_EDOM, ...) import as `Int`.
    public init(status: Int, operation: String) {
        self.init(status: Int32(status), operation: operation)
    }

    public var description: String {
        let reason = gsl_strerror(status).map { String(cString: $0) } ?? "unknown GSL status"
        return "GSL \(operation) failed: \(reason) (status \(status))"
    }
}

/// GSL's default handler aborts the process; CareCap checks every status instead.
/// Swift initialises a global lazily and exactly once, even across threads.
private let gslErrorHandlerDisabled: Bool = {
    gsl_set_error_handler_off()
    return true
}()

public enum GSL {
    /// Call before the first GSL routine; cheap after the first call.
    @inline(__always)
    public static func prepare() {
        _ = gslErrorHandlerDisabled
    }

    /// Throws when `status` is not GSL_SUCCESS.
    @inline(__always)
    public static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
        if status != GSL_SUCCESS {
            throw GSLError(status: status, operation: operation())
        }
    }
}
