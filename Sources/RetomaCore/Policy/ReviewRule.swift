import Foundation

/// Whether a column's written follow-ups wait for a person before they go out ("Revisar antes de enviar").
/// The one decision the dialog, `followup show` and the engine all take.
public enum ReviewRule {
    /// The local demo model writes poor texts: while it is the writer, nothing it writes reaches a real
    /// customer (Cloud API, Evolution) without a person's approval. The sandbox delivers nowhere and may auto-send.
    public static func forced(localDemoWriter: Bool, realChannel: Bool) -> Bool {
        localDemoWriter && realChannel
    }

    /// True when drafts of a column with `config` wait in the review queue.
    public static func required(_ config: FollowUpConfig, forced: Bool) -> Bool {
        forced || config.review
    }
}
