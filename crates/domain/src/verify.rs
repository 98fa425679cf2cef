//! What `tinhgon verify` can find wrong with a register, and how it says so in Vietnamese and
//! English: the store finds, this module words.

use crate::date::Date;
use crate::register::RegisterError;

/// One problem of a register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The change log skips an entry.
    MissingEntry {
        expected: i64,
        found: i64,
    },
    /// An entry does not follow from the previous one.
    BrokenChain {
        seq: i64,
    },
    /// An entry's content no longer matches its hash.
    AlteredEntry {
        seq: i64,
    },
    /// More change-log problems than are listed.
    MoreInLog {
        n: usize,
    },
    /// Rows that cite no change-log entry.
    Orphans {
        table: String,
        n: i64,
    },
    /// The unit tree breaks a rule of the register.
    Tree(RegisterError),
    RecognizedBeforeAdmission {
        n: i64,
    },
    OverlappingMemberships {
        n: i64,
    },
    UnlistedGivenNames {
        n: i64,
    },
    EmptyIntervals {
        n: i64,
    },
    /// A person with two main jobs at once.
    TwoMainJobs {
        person: String,
        from: Date,
        first: (String, String),
        second: (String, String),
    },
    MoreMainJobs {
        n: usize,
    },
    /// A post in a party organization held by someone who is not a member throughout.
    PartyPostOfNonMember {
        person: String,
        unit: String,
        title: String,
        from: Date,
    },
    MorePartyPosts {
        n: usize,
    },
    /// A checkpoint signed an entry the log no longer reaches: its newest entries were deleted.
    TruncatedTail {
        checkpoint: i64,
        seq: i64,
        head: i64,
    },
    /// The entry a checkpoint signed is no longer the same: the chain was rewritten.
    RewrittenChain {
        checkpoint: i64,
        seq: i64,
    },
    /// A checkpoint whose signature is not that of the trusted key.
    BadSignature {
        checkpoint: i64,
        in_file: bool,
    },
    /// A checkpoint of the file that the database no longer holds, or holds otherwise.
    CheckpointMissing {
        checkpoint: i64,
        seq: i64,
    },
    CheckpointDiffers {
        checkpoint: i64,
    },
    /// Entries after the newest checkpoint, which no signature covers.
    Unsigned {
        from: i64,
        to: i64,
    },
    /// Checkpoints of the database not yet in the file (a note, not a fault).
    CheckpointsLagging {
        n: usize,
    },
    /// A line of the checkpoint file that is not a checkpoint.
    UnreadableCheckpoint {
        line: usize,
        reason: String,
    },
}

impl crate::msg::Said for Problem {
    fn msg(&self) -> crate::msg::Msg {
        use crate::msg::Msg;
        use Problem as P;
        match self {
            P::MissingEntry { expected, found } => {
                Msg::new("verify-missing-entry").text("expected", expected).text("found", found)
            }
            P::BrokenChain { seq } => Msg::new("verify-broken-chain").text("seq", seq),
            P::AlteredEntry { seq } => Msg::new("verify-altered-entry").text("seq", seq),
            P::MoreInLog { n } => Msg::new("verify-more-in-log").int("n", *n as i64),
            P::Orphans { table, n } => Msg::new("verify-orphans").int("n", *n).text("table", table),
            P::Tree(e) => e.msg(),
            P::RecognizedBeforeAdmission { n } => Msg::new("verify-recognized-before-admission").int("n", *n),
            P::OverlappingMemberships { n } => Msg::new("verify-overlapping-memberships").int("n", *n),
            P::UnlistedGivenNames { n } => Msg::new("verify-unlisted-given-names").int("n", *n),
            P::EmptyIntervals { n } => Msg::new("verify-empty-intervals").int("n", *n),
            P::TwoMainJobs { person, from, first: (ua, ta), second: (ub, tb) } => Msg::new("verify-two-main-jobs")
                .text("person", person)
                .date("from", *from)
                .text("first", ta)
                .text("first_unit", ua)
                .text("second", tb)
                .text("second_unit", ub),
            P::MoreMainJobs { n } => Msg::new("verify-more-main-jobs").int("n", *n as i64),
            P::PartyPostOfNonMember { person, unit, title, from } => Msg::new("verify-party-post-of-non-member")
                .text("person", person)
                .text("title", title)
                .text("unit", unit)
                .date("from", *from),
            P::MorePartyPosts { n } => Msg::new("verify-more-party-posts").int("n", *n as i64),
            P::TruncatedTail { checkpoint, seq, head } => {
                Msg::new("verify-truncated-tail").text("checkpoint", checkpoint).text("seq", seq).text("head", head)
            }
            P::RewrittenChain { checkpoint, seq } => {
                Msg::new("verify-rewritten-chain").text("checkpoint", checkpoint).text("seq", seq)
            }
            P::BadSignature { checkpoint, in_file } => {
                Msg::new(if *in_file { "verify-bad-signature-file" } else { "verify-bad-signature-database" })
                    .text("checkpoint", checkpoint)
            }
            P::CheckpointMissing { checkpoint, seq } => {
                Msg::new("verify-checkpoint-missing").text("checkpoint", checkpoint).text("seq", seq)
            }
            P::CheckpointDiffers { checkpoint } => Msg::new("verify-checkpoint-differs").text("checkpoint", checkpoint),
            P::Unsigned { from, to } => Msg::new("verify-unsigned").text("from", from).text("to", to),
            P::CheckpointsLagging { n } => Msg::new("verify-checkpoints-lagging").int("n", *n as i64),
            P::UnreadableCheckpoint { line, reason } => {
                Msg::new("verify-unreadable-checkpoint").text("line", line).text("reason", reason)
            }
        }
    }
}
