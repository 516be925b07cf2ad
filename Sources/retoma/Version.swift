/// What `retoma --version` prints. Raised with each release.
enum RetomaVersion {
    static let current = "0.15.0"
}
