import RetomaCore

/// A setting from the environment that cannot be used, said in the interface language.
struct SetupError: Error, Equatable {
    var pt: String
    var en: String
    func message(_ lang: Lang) -> String { lang == .pt ? pt : en }
}
