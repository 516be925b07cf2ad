import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import TUIKit

/// The files a person edits. The first byte picks the reader ('0'–'2'; see `part(_:of:)`):
/// - '0' + config.toml text: the TOML reader, then the [channel], [cloud], [evolution] and [ai] sections as
///   Retoma reads them (a first byte of 0x80 or more makes the file readable by others, which a secret forbids);
/// - '1' + a theme file: the theme parser, and the theme mapped down to fewer colours;
/// - '2' + text: the webhook's listen address ("127.0.0.1:8787").
extension FuzzTarget {
    public static let config = FuzzTarget(
        name: "config",
        summary: "config.toml (TOML reader, channel and AI sections), theme files, the listen address",
        run: ConfigFuzz.run)
}

enum ConfigFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let raw = Data(bytes.dropFirst())
        // As ConfigFile.read decodes a file: invalid UTF-8 becomes U+FFFD.
        let text = String(decoding: raw, as: UTF8.self)
        switch part(mode, of: 3) {
        case 0: config(text, raw: raw, sharedMode: mode >= 0x80)
        case 1:
            // ThemeLoader refuses a file that is not UTF-8 before parsing it.
            if let text = String(data: raw, encoding: .utf8) { theme(text, colors: Int(mode)) }
        default: _ = ListenAddress.parse(text)
        }
    }

    /// Stands in for a secret's value so that a message repeating it can be told apart from one repeating a
    /// word that happens to match: a private-use character no message template contains.
    static let marker: Character = "\u{E000}"

    static func config(_ text: String, raw: Data, sharedMode: Bool) {
        let document: TOMLDocument
        do {
            document = try TOMLSubset.parse(text)
        } catch {
            return
        }
        let mode = sharedMode ? 0o644 : 0o600
        let file = ConfigFile(path: "/fuzz/config.toml", document: document, mode: mode)
        _ = try? ChannelConfiguration.resolve(file: file, environment: [:])

        // Config errors never repeat a secret's value: mark every secret-named string and look for the mark.
        if !text.contains(marker) {
            var marked = document
            for (section, values) in document.sections {
                for (key, value) in values where ConfigSecrets.isSecretName(key) {
                    if case .string(let s) = value { marked.sections[section]?[key] = .string("\(marker)\(s)\(marker)") }
                }
            }
            do {
                _ = try ChannelConfiguration.resolve(file: ConfigFile(path: file.path, document: marked, mode: mode),
                                                     environment: [:])
            } catch {
                require(!error.message.contains(marker), "a config error repeats a secret: \(error.message)")
            }
        }

        // The [ai] section is read from a file only: write one when there is such a section.
        if document.sections["ai"] != nil {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-fuzz-\(getpid()).toml").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard FileManager.default.createFile(atPath: path, contents: raw,
                                                 attributes: [.posixPermissions: mode]) else { return }
            _ = try? AIConfig.load(environment: [:], configPath: path)
        }
    }

    static func theme(_ text: String, colors: Int) {
        guard let theme = try? Theme.parse(text: text, file: "fuzz.theme") else { return }
        for n in [8, 16, 256, colors] {
            _ = theme.mappedDown(toColors: n)
            _ = theme.adapted(toColors: n, environment: [:])
        }
        _ = Theme.monochrome(from: theme)
    }
}
