//! The command line: parse, call one service operation, print. Messages are Vietnamese first.

mod bench;
mod demo;
mod directives;
mod party;
mod plans;
mod register;
pub use demo::DEMO_PASSWORD;
mod stats;
mod trust;
pub mod users;

use std::path::PathBuf;
use std::process::ExitCode;
use tinhgon_domain::msg::{Msg, Said};

use clap::{Parser, Subcommand};
use tinhgon_domain::Date;

use crate::demo::Scale;
use crate::services::trust::Signing;

/// The default database: one SQLite file under ./tinhgon-data.
pub const DEFAULT_DB: &str = "sqlite://tinhgon-data/tinhgon.sqlite3";

#[derive(Parser)]
#[command(
    name = "tinhgon",
    version,
    about = "tinhgon — sổ đăng ký bộ máy hệ thống chính trị và công tác đảng\n\
             tinhgon — the register of the political system's apparatus and its party work",
    after_help = "Ngày viết dd/mm/yyyy hoặc yyyy-mm-dd. Dates: dd/mm/yyyy or yyyy-mm-dd."
)]
struct Cli {
    /// Cơ sở dữ liệu / database: sqlite://PATH or postgres://USER@HOST:PORT/DB
    #[arg(long, env = "TINHGON_DB", global = true, default_value = DEFAULT_DB)]
    db: String,
    /// Phiên đăng nhập kết thúc sau số phút không dùng / a browser session ends after this many idle minutes
    #[arg(long, env = "TINHGON_SESSION_IDLE_MINUTES", global = true, default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=720))]
    session_idle_minutes: u32,
    /// Khóa ký điểm kiểm tra nhật ký (ed25519, ngoài cơ sở dữ liệu) / the key that signs the change
    /// log's checkpoints (ed25519, kept outside the database); `tinhgon key new FILE` makes one
    #[arg(long, env = "TINHGON_SIGNING_KEY", global = true)]
    signing_key: Option<PathBuf>,
    /// Tệp ghi thêm các điểm kiểm tra (mặc định KHÓA.checkpoints) / the file checkpoints are
    /// appended to (default KEY.checkpoints)
    #[arg(long, env = "TINHGON_CHECKPOINTS", global = true, requires = "signing_key")]
    checkpoints: Option<PathBuf>,
    /// Máy chủ ký điểm kiểm tra ít nhất sau số phút này / the server signs a checkpoint at least
    /// this often, in minutes
    #[arg(long, env = "TINHGON_CHECKPOINT_MINUTES", global = true, default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    checkpoint_minutes: u32,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Nạp dữ liệu mẫu / load the deterministic demo register
    Demo {
        /// tiny: vài trăm người (cho kiểm thử); province: Hà Tĩnh ~165.000 đảng viên; national: ~5,6 triệu
        #[arg(long, value_enum, default_value = "province")]
        scale: Scale,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Xóa dữ liệu cũ trước khi nạp / erase the database first
        #[arg(long)]
        fresh: bool,
        /// Chạy máy chủ sau khi nạp / start the server afterwards
        #[arg(long)]
        serve: bool,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Dựng bộ máy trước 01/07/2025 (63 tỉnh, huyện, xã) rồi nhập, mô phỏng và thực hiện đề án
        /// sắp xếp 2025 / build the apparatus before 1 July 2025, then import, simulate and apply the
        /// 2025 reorganization as a plan
        #[arg(long)]
        replay_2025: bool,
        /// Với --replay-2025: dừng ở bản dự thảo đã mô phỏng, không thực hiện / with --replay-2025:
        /// stop at the simulated draft, do not apply
        #[arg(long, requires = "replay_2025")]
        no_apply: bool,
    },
    /// Chạy máy chủ HTTP (JSON API) / run the HTTP server
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Đọc từ bản sao PostgreSQL (streaming replica) khi bản sao đã theo kịp; ghi vào --db /
        /// read from a PostgreSQL streaming replica whenever it has caught up; writes go to --db
        #[arg(long, value_name = "URL", env = "TINHGON_READ_DB")]
        read_db: Option<String>,
    },
    /// Nhập tệp CSV/XLSX, tất cả hoặc không gì cả / import a CSV or XLSX file, all or nothing
    Import {
        #[arg(value_enum)]
        what: register::files::FileKind,
        file: PathBuf,
        /// Chỉ kiểm tra, không ghi / validate only
        #[arg(long)]
        dry_run: bool,
    },
    /// Xuất ra CSV hoặc XLSX (theo đuôi tệp) / export to CSV or XLSX (by extension)
    Export {
        #[arg(value_enum)]
        what: register::files::FileKind,
        file: PathBuf,
    },
    /// Số liệu thống kê của một đơn vị / figures of a unit at a date
    Stats {
        /// Mã đơn vị / unit code
        #[arg(long)]
        unit: String,
        /// Tại ngày (mặc định hôm nay) / as of (default today)
        #[arg(long)]
        at: Option<String>,
        /// So sánh với ngày / compare with this date
        #[arg(long)]
        compare: Option<String>,
        /// Năm của công tác đảng (sinh hoạt, xếp loại; mặc định năm của --at; với --compare, năm
        /// của ngày so sánh) / the year of the party work (meetings, ratings; default the year of
        /// --at; with --compare, the compared date's year)
        #[arg(long)]
        year: Option<i32>,
        /// Một đối tượng JSON / one JSON object
        #[arg(long)]
        json: bool,
        /// Đoạn văn tổ chức cơ sở đảng và đảng viên theo loại hình, cho báo cáo / the paragraph of
        /// grassroots organizations and members by sector, for a report
        #[arg(long, conflicts_with = "json")]
        paragraph: bool,
    },
    /// Kiểm tra nhật ký thay đổi, điểm kiểm tra và tính toàn vẹn / check the change log, its
    /// checkpoints and the register
    Verify {
        /// Tệp điểm kiểm tra giữ ngoài cơ sở dữ liệu / the checkpoint file kept outside the database
        #[arg(long)]
        checkpoints: Option<PathBuf>,
        /// Khóa công khai được tin cậy (KHÓA.pub) / the trusted public key (KEY.pub)
        #[arg(long)]
        public_key: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Ký ngay một điểm kiểm tra của nhật ký / sign a checkpoint of the change log now
    Checkpoint,
    /// Khóa ký / signing keys
    #[command(subcommand)]
    Key(trust::KeyCommand),
    /// Sao lưu sổ đăng ký đang chạy vào một tệp SQLite mới / back up the running register into a
    /// new SQLite file
    Backup { file: PathBuf },
    /// Khôi phục từ tệp sao lưu vào --db (phải trống) / restore a backup into --db (which must be empty)
    Restore { file: PathBuf },
    /// Chuyển toàn bộ sổ đăng ký sang cơ sở dữ liệu khác / move a whole register to another database
    Migrate {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Xuất mọi bảng dạng văn bản chuẩn (để so sánh hai bản) / every table as canonical text, to
    /// compare two copies
    Dump { dir: PathBuf },
    /// Tài khoản người dùng / user accounts
    #[command(subcommand)]
    User(users::UserCommand),
    /// Mã truy cập API cho chương trình / API tokens for programs
    #[command(subcommand)]
    Token(users::TokenCommand),
    /// Kết nạp đảng viên, từng bước / admission of party members, step by step
    #[command(subcommand)]
    Admission(party::admissions::AdmissionCommand),
    /// Công tác đảng viên trong một khoảng thời gian / party work over a period
    PartyStats {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        from: String,
        /// Đến trước ngày (không tính ngày này) / to, not including the day
        #[arg(long)]
        to: String,
        /// So sánh với kỳ từ ngày / compare with the period from
        #[arg(long, requires = "compare_to")]
        compare_from: Option<String>,
        #[arg(long, requires = "compare_from")]
        compare_to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Ra khỏi Đảng: xóa tên (5 trường hợp), khai trừ, cho ra khỏi Đảng, từ trần / leaving the party
    Leave {
        #[arg(long)]
        person: String,
        /// skipped_activity_or_dues, returned_card, declined_no_progress, breached_two_years,
        /// political_standards, expulsion, resignation, death
        #[arg(long)]
        ground: String,
        #[arg(long)]
        on: String,
        #[command(flatten)]
        decision: DecisionArgs,
        #[arg(long)]
        note: Option<String>,
    },
    /// Thông tin thay đổi theo thời gian (dân tộc, trình độ, lý luận, nghề nghiệp) từ một ngày /
    /// particulars that change from a date
    Particulars {
        #[arg(long)]
        person: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        ethnicity: Option<String>,
        #[arg(long)]
        education: Option<String>,
        #[arg(long)]
        theory: Option<String>,
        #[arg(long)]
        occupation: Option<String>,
    },
    /// Tệp công tác đảng viên: các bước kết nạp, chuyển sinh hoạt, huy hiệu, đảng phí / files of
    /// party work: admission steps, transfers, badges, dues payments
    #[command(subcommand)]
    Party(party::files::PartyFileCommand),
    /// Đợt sơ kết, tổng kết / review campaigns
    #[command(subcommand)]
    Campaign(directives::campaigns::CampaignCommand),
    /// Phiếu đảng viên (2-HSĐV) / the party member record
    #[command(subcommand)]
    Record(party::record::RecordCommand),
    /// Đảng phí / party dues
    #[command(subcommand)]
    Dues(party::dues::DuesCommand),
    /// Huy hiệu Đảng / party badges
    #[command(subcommand)]
    Badges(party::badges::BadgeCommand),
    /// Việc cần làm của một đơn vị, theo thời hạn / the work due at a unit, by deadline
    Due {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        json: bool,
    },
    /// Chuyển sinh hoạt đảng / transfers of party activity
    #[command(subcommand)]
    Transfer(party::transfers::TransferCommand),
    /// Đề án sắp xếp tổ chức bộ máy / restructuring plans
    #[command(subcommand)]
    Plan(plans::PlanCommand),
    /// Quy định (ngưỡng, định mức) theo thời gian / effective-dated rule values
    #[command(subcommand)]
    Rules(plans::RulesCommand),
    /// Đo hiệu năng (XÓA cơ sở dữ liệu rồi nạp dữ liệu mẫu) / benchmark: ERASES the database, loads a demo, measures
    Bench {
        #[arg(long, value_enum, default_value = "national")]
        scale: Scale,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, default_value_t = 300)]
        queries: usize,
        /// Đo trên dữ liệu đã nạp / measure the register already loaded
        #[arg(long)]
        skip_load: bool,
        /// Chỉ đo việc nhập đảng viên của một tỉnh qua đường nhập có kiểm tra, so với nạp hàng loạt
        /// / measure only a province's members imported through the checked path against the bulk load
        #[arg(long)]
        members_import: bool,
        /// Chỉ thử các bộ đọc dữ liệu vào với N đầu vào ngẫu nhiên và gần đúng (không dùng cơ sở dữ
        /// liệu) / only feed N arbitrary and near-valid inputs to every parser (no database)
        #[arg(long, value_name = "N")]
        parsers: Option<u64>,
        /// Chỉ đo máy chủ dưới tải đồng thời trên sổ đăng ký đã có (nạp dữ liệu mẫu cấp tỉnh nếu
        /// trống) / only measure the server under concurrent reads and writes, on the register given
        #[arg(long)]
        load: bool,
        /// Với --load: số giây mỗi pha / with --load: seconds per phase
        #[arg(long, default_value_t = 300, requires = "load")]
        seconds: u64,
        /// Với --load: số kết nối đọc / with --load: reading connections
        #[arg(long, default_value_t = 32, requires = "load")]
        clients: usize,
        /// Với --load: số lần ghi mỗi giây / with --load: writes per second
        #[arg(long, default_value_t = 20, requires = "load")]
        writes_per_second: u32,
    },
}

/// An error for people: Vietnamese, then English.
#[derive(Debug)]
pub struct Failure {
    pub vi: String,
    pub en: String,
}

impl Failure {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Failure {
        Failure { vi: vi.into(), en: en.into() }
    }

    /// A refusal of the command line, said by key.
    pub fn said(m: tinhgon_domain::msg::Msg) -> Failure {
        let (vi, en) = crate::i18n::said(&m);
        Failure { vi, en }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::said(Msg::new("cli-error").text("error", format!("{e:#}")))
    }
}

impl From<crate::services::StoreError> for Failure {
    fn from(e: crate::services::StoreError) -> Self {
        Failure::said(Msg::new("cli-cli-database-error").text("e", &e))
    }
}

/// The context of the command line's operations: the operator of the machine that holds the
/// database, who reaches the whole register.
pub fn operator() -> crate::services::Ctx {
    crate::services::Ctx::operator(crate::clock::today(), crate::clock::now_iso())
}

/// A service's refusal, for the terminal.
pub fn failure(e: crate::services::Error) -> Failure {
    let (vi, en) = e.messages();
    Failure::new(vi, en)
}

/// A date given on the command line; `what` is the catalog key that names it ("the day sent").
pub fn parse_date(text: &str, what: &'static str) -> Result<Date, Failure> {
    Date::parse(text).map_err(|e| Failure::said(Msg::new("cli-bad-date").key_arg("what", what).said("why", e.msg())))
}

/// The decision a change is made by: its number and its date.
#[derive(clap::Args, Debug)]
pub struct DecisionArgs {
    /// Số quyết định, ví dụ 202/2025/QH15 / decision number
    #[arg(long)]
    decision: String,
    /// Ngày quyết định / decision date
    #[arg(long)]
    decision_date: String,
}

impl DecisionArgs {
    pub fn read(&self) -> Result<tinhgon_domain::Decision, Failure> {
        let number = tinhgon_domain::DocumentNumber::parse(&self.decision).map_err(|e| Failure::said(e.msg()))?;
        let date = parse_date(&self.decision_date, "cli-date-decision-date")?;
        Ok(tinhgon_domain::Decision { number, date })
    }
}

/// Opens the register; its writes are signed when a signing key is configured.
pub fn open(db: &str) -> Result<crate::services::Store, Failure> {
    let mut store = open_unsigned(db)?;
    if let Some(signer) = trust::signer()? {
        store.sign_with(signer).map_err(Failure::from)?;
    }
    Ok(store)
}

/// Opens the register without attaching the signing key.
pub fn open_unsigned(db: &str) -> Result<crate::services::Store, Failure> {
    crate::services::open(db)
        .map_err(|e| Failure::said(Msg::new("cli-cli-cannot-open-database").text("db", redact(db)).text("e", &e)))
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("TINHGON_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    trust::configure(cli.signing_key.clone().map(|k| Signing::new(k, cli.checkpoints.clone())));
    let checkpoint_every = std::time::Duration::from_secs(u64::from(cli.checkpoint_minutes) * 60);
    let sessions = |idle| (sessions(idle), checkpoint_every);
    let result = match cli.command {
        Command::Demo { scale, seed, fresh, serve, addr, replay_2025, no_apply } => {
            let replay = replay_2025.then_some(if no_apply { demo::Replay::Draft } else { demo::Replay::Apply });
            let serve = serve.then(|| (addr, sessions(cli.session_idle_minutes)));
            demo::run(&cli.db, demo::Options { scale, seed, fresh, replay, serve })
        }
        Command::Serve { addr, read_db } => {
            serve((&cli.db, read_db.as_deref()), &addr, sessions(cli.session_idle_minutes))
        }
        Command::Import { what, file, dry_run } => register::files::import(&cli.db, what, &file, dry_run),
        Command::Export { what, file } => register::files::export(&cli.db, what, &file),
        Command::Stats { unit, at, compare, year, json, paragraph } => {
            stats::run(&cli.db, &unit, (at.as_deref(), compare.as_deref()), year, (json, paragraph))
        }
        Command::Verify { checkpoints, public_key, json } => trust::verify(&cli.db, checkpoints, public_key, json),
        Command::Checkpoint => trust::checkpoint(&cli.db),
        Command::Key(cmd) => trust::key(cmd),
        Command::Backup { file } => trust::backup(&cli.db, &file),
        Command::Restore { file } => trust::restore(&file, &cli.db),
        Command::Migrate { from, to } => trust::migrate(&from, &to),
        Command::Dump { dir } => trust::dump(&cli.db, &dir),
        Command::User(cmd) => users::user(&cli.db, cmd),
        Command::Token(cmd) => users::token(&cli.db, cmd),
        Command::Admission(cmd) => party::admissions::run(&cli.db, cmd),
        Command::Transfer(cmd) => party::transfers::run(&cli.db, cmd),
        Command::Badges(cmd) => party::badges::badges(&cli.db, cmd),
        Command::Dues(cmd) => party::dues::dues_cmd(&cli.db, cmd),
        Command::Record(cmd) => party::record::record_cmd(&cli.db, cmd),
        Command::Party(cmd) => party::files::party_files(&cli.db, cmd),
        Command::Campaign(cmd) => directives::campaigns::run(&cli.db, cmd),
        Command::Particulars { person, from, ethnicity, education, theory, occupation } => {
            party::record::particulars(&cli.db, &person, &from, [ethnicity, education, theory, occupation])
        }
        Command::Leave { person, ground, on, decision, note } => {
            party::leaving::leave(&cli.db, &person, &ground, &on, &decision, note.as_deref())
        }
        Command::PartyStats { unit, from, to, compare_from, compare_to, json } => {
            let compare = compare_from.as_deref().zip(compare_to.as_deref());
            party::stats::party_stats(&cli.db, &unit, (&from, &to), compare, json)
        }
        Command::Due { unit, json } => party::due::due(&cli.db, &unit, json),
        Command::Plan(cmd) => plans::plan(&cli.db, cmd),
        Command::Rules(cmd) => plans::rules(&cli.db, cmd),
        Command::Bench { parsers: Some(n), seed, .. } => bench::parsers(n, seed),
        Command::Bench { load: true, seconds, clients, writes_per_second, .. } => {
            bench::load(&cli.db, &crate::bench::load::LoadOptions { seconds, clients, writes_per_second })
        }
        Command::Bench { scale, seed, queries, skip_load, members_import, parsers: None, .. } => {
            bench::run(&cli.db, (scale, seed), queries, skip_load, members_import)
        }
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("{}\n{}", f.vi, f.en);
            ExitCode::FAILURE
        }
    }
}

/// Starts the server on a register opened here, so that a bad URL or schema fails with a clear
/// message before anything listens.
pub fn serve(
    (db, read_db): (&str, Option<&str>),
    addr: &str,
    sessions: (crate::auth::SessionPolicy, std::time::Duration),
) -> Result<ExitCode, Failure> {
    let store = open(db)?;
    crate::http::serve_blocking((db, read_db, addr), store, sessions, crate::routes::router)
        .map_err(|e| Failure::new(e.vi, e.en))?;
    Ok(ExitCode::SUCCESS)
}

fn sessions(idle_minutes: u32) -> crate::auth::SessionPolicy {
    crate::auth::SessionPolicy { idle_secs: i64::from(idle_minutes) * 60, ..Default::default() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_appear_in_messages() {
        assert_eq!(super::redact("postgres://tg:secret@127.0.0.1:5432/db"), "postgres://tg:***@127.0.0.1:5432/db");
        assert_eq!(super::redact("sqlite://x.sqlite3"), "sqlite://x.sqlite3");
    }
}
