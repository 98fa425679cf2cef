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
    /// A line of the checkpoint file that is not a checkpoint.
    UnreadableCheckpoint {
        line: usize,
        reason: String,
    },
}

impl Problem {
    pub fn vi(&self) -> String {
        use Problem as P;
        match self {
            P::MissingEntry { expected, found } => format!("nhật ký thiếu mục {expected} (gặp mục {found})"),
            P::BrokenChain { seq } => format!("mục {seq} không nối với mục trước (chuỗi băm bị đứt)"),
            P::AlteredEntry { seq } => format!("nội dung mục {seq} đã bị sửa sau khi ghi"),
            P::MoreInLog { n } => format!("… và {n} lỗi khác trong nhật ký"),
            P::Orphans { table, n } => format!("{n} dòng của bảng {table} không có mục nhật ký đã ghi ra nó"),
            P::Tree(e) => e.vi(),
            P::RecognizedBeforeAdmission { n } => format!("{n} đảng viên có ngày công nhận chính thức trước ngày kết nạp"),
            P::OverlappingMemberships { n } => {
                format!("{n} cặp giai đoạn sinh hoạt đảng của cùng một người chồng lên nhau")
            }
            P::UnlistedGivenNames { n } => {
                format!("{n} người có tên gọi không có trong danh sách tên dùng để tìm kiếm")
            }
            P::EmptyIntervals { n } => format!("{n} dòng có ngày kết thúc không sau ngày bắt đầu"),
            P::TwoMainJobs { person, from, first: (ua, ta), second: (ub, tb) } => format!(
                "{person} có hai công việc chính cùng lúc từ ngày {}: «{ta}» tại {ua} và «{tb}» tại {ub}",
                from.vn()
            ),
            P::MoreMainJobs { n } => format!("… và {n} cặp công việc chính chồng lên nhau khác"),
            P::PartyPostOfNonMember { person, unit, title, from } => format!(
                "{person} giữ chức vụ «{title}» tại tổ chức đảng {unit} từ ngày {} mà không là đảng viên suốt thời gian đó",
                from.vn()
            ),
            P::MorePartyPosts { n } => format!("… và {n} chức vụ đảng khác do người không là đảng viên giữ"),
            P::TruncatedTail { checkpoint, seq, head } => format!(
                "điểm kiểm tra số {checkpoint} đã ký mục {seq} nhưng nhật ký chỉ còn đến mục {head}: các mục mới nhất đã bị xóa"
            ),
            P::RewrittenChain { checkpoint, seq } => format!(
                "mục {seq} không còn là mục mà điểm kiểm tra số {checkpoint} đã ký: chuỗi nhật ký đã bị viết lại"
            ),
            P::BadSignature { checkpoint, in_file } => format!(
                "chữ ký của điểm kiểm tra số {checkpoint} ({}) không khớp khóa công khai được tin cậy",
                if *in_file { "trong tệp" } else { "trong cơ sở dữ liệu" }
            ),
            P::CheckpointMissing { checkpoint, seq } => format!(
                "điểm kiểm tra số {checkpoint} (mục {seq}) có trong tệp nhưng không còn trong cơ sở dữ liệu"
            ),
            P::CheckpointDiffers { checkpoint } => {
                format!("điểm kiểm tra số {checkpoint} trong cơ sở dữ liệu khác với bản trong tệp")
            }
            P::Unsigned { from, to } => {
                format!("các mục {from}–{to} ghi sau điểm kiểm tra cuối cùng: không chữ ký nào bảo đảm chúng")
            }
            P::UnreadableCheckpoint { line, reason } => {
                format!("dòng {line} của tệp điểm kiểm tra không đọc được: {reason}")
            }
        }
    }

    pub fn en(&self) -> String {
        use Problem as P;
        match self {
            P::MissingEntry { expected, found } => format!("change-log entry {expected} is missing (found {found})"),
            P::BrokenChain { seq } => format!("entry {seq} does not follow from the previous one (hash chain broken)"),
            P::AlteredEntry { seq } => format!("entry {seq} was altered after it was written"),
            P::MoreInLog { n } => format!("… and {n} more change-log problems"),
            P::Orphans { table, n } => format!("{n} rows of {table} cite no change-log entry"),
            P::Tree(e) => e.to_string(),
            P::RecognizedBeforeAdmission { n } => format!("{n} memberships are recognized before admission"),
            P::OverlappingMemberships { n } => format!("{n} pairs of one person's membership periods overlap"),
            P::UnlistedGivenNames { n } => format!("{n} people have a given name missing from the search's list"),
            P::EmptyIntervals { n } => format!("{n} rows end on or before they begin"),
            P::TwoMainJobs { person, from, first: (ua, ta), second: (ub, tb) } => {
                format!("{person} holds two main jobs at once from {from}: '{ta}' in {ua} and '{tb}' in {ub}")
            }
            P::MoreMainJobs { n } => format!("… and {n} more pairs of overlapping main jobs"),
            P::PartyPostOfNonMember { person, unit, title, from } => format!(
                "{person} holds '{title}' in the party organization {unit} from {from} without being a member throughout"
            ),
            P::MorePartyPosts { n } => format!("… and {n} more party posts held by non-members"),
            P::TruncatedTail { checkpoint, seq, head } => format!(
                "checkpoint {checkpoint} signed entry {seq}, but the change log ends at {head}: its newest entries were deleted"
            ),
            P::RewrittenChain { checkpoint, seq } => {
                format!("entry {seq} is not the one checkpoint {checkpoint} signed: the change log was rewritten")
            }
            P::BadSignature { checkpoint, in_file } => format!(
                "the signature of checkpoint {checkpoint} ({}) is not that of the trusted public key",
                if *in_file { "in the file" } else { "in the database" }
            ),
            P::CheckpointMissing { checkpoint, seq } => {
                format!("checkpoint {checkpoint} (entry {seq}) is in the file but no longer in the database")
            }
            P::CheckpointDiffers { checkpoint } => {
                format!("checkpoint {checkpoint} in the database differs from the one in the file")
            }
            P::Unsigned { from, to } => {
                format!("entries {from}–{to} were written after the last checkpoint: no signature covers them")
            }
            P::UnreadableCheckpoint { line, reason } => {
                format!("line {line} of the checkpoint file cannot be read: {reason}")
            }
        }
    }
}
