import RetomaCore

/// Why a PostgreSQL database cannot be used: its URL, its password, its TLS set-up, its schema or the server.
/// No message repeats a password or a bound value.
public enum PostgresSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    case notPostgres
    case passwordInURL
    /// What is wrong with the URL, in both languages (the message around it is chosen by language too).
    case malformed(en: String, pt: String)
    case passwordFileExposed(path: String, mode: Int)
    /// verify-ca / verify-full with no authority to check the server's certificate against.
    case rootCertificateMissing(path: String)
    case tls(String)
    /// The server could not be reached or refused us (`reason` is the server's or the network's, password-free).
    case connect(database: String, reason: String)
    /// The database was migrated by a newer Retoma; it was not changed.
    case newerSchema(database: String, found: Int, known: Int)
    /// The database holds tables but is not Retoma's; it was not changed.
    case foreignDatabase(database: String)

    public func message(_ lang: Lang) -> String {
        let (en, pt) = texts
        return lang == .pt ? pt : en
    }

    private var texts: (en: String, pt: String) {
        switch self {
        case .notPostgres:
            return ("not a postgres:// or postgresql:// URL", "não é uma URL postgres:// ou postgresql://")
        case .passwordInURL:
            return ("the database URL holds a password; remove it from the URL and set PGPASSWORD, a ~/.pgpass file or password in [database] of the config (chmod 600)",
                    "a URL do banco traz uma senha; tire-a da URL e use PGPASSWORD, um arquivo ~/.pgpass ou password em [database] da configuração (chmod 600)")
        case .malformed(let en, let pt):
            return ("malformed PostgreSQL URL: \(en); write it like postgres://user@host:5432/dbname?sslmode=require",
                    "URL do PostgreSQL inválida: \(pt); escreva como postgres://usuario@host:5432/banco?sslmode=require")
        case .passwordFileExposed(let path, let mode):
            let octal = String(mode, radix: 8)
            return ("\(path) can be read by other users (mode \(octal)); refusing to use it. Run: chmod 600 \(path)",
                    "\(path) pode ser lido por outros usuários (modo \(octal)); não será usado. Rode: chmod 600 \(path)")
        case .rootCertificateMissing(let path):
            return ("sslmode verify-ca/verify-full needs the authorities to trust: \(path) does not exist; give sslrootcert=FILE (or sslrootcert=system)",
                    "sslmode verify-ca/verify-full precisa das autoridades confiáveis: \(path) não existe; informe sslrootcert=ARQUIVO (ou sslrootcert=system)")
        case .tls(let why):
            return ("TLS set-up for PostgreSQL failed: \(why)", "falha ao preparar o TLS do PostgreSQL: \(why)")
        case .connect(let database, let reason):
            return ("cannot use PostgreSQL at \(database): \(reason)", "não foi possível usar o PostgreSQL em \(database): \(reason)")
        case .newerSchema(let database, let found, let known):
            return ("\(database) was written by a newer version of Retoma (schema \(found), this one knows up to \(known)); update Retoma to open it (the database was left untouched)",
                    "\(database) foi gravado por uma versão mais nova do Retoma (esquema \(found), esta conhece até \(known)); atualize o Retoma para abri-lo (o banco não foi alterado)")
        case .foreignDatabase(let database):
            return ("\(database) holds tables of another program; Retoma needs an empty database of its own (createdb), and left this one untouched",
                    "\(database) tem tabelas de outro programa; o Retoma precisa de um banco vazio só seu (createdb), e não alterou este")
        }
    }

    public var description: String { message(.en) }
}
