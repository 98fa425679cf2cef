//! `tinhgon user …` and `tinhgon token …`: accounts and API tokens.

use crate::i18n::Label;
use std::io::BufRead;
use std::process::ExitCode;
use tinhgon_domain::msg::Msg;

use crate::services::Store;
use clap::Subcommand;
use tinhgon_domain::access::Role;
use tinhgon_domain::UnitCode;

use super::{failure, open, operator, Failure};
use crate::services::{accounts, Ctx};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Tạo tài khoản (mật khẩu đọc từ đầu vào chuẩn) / create an account (password read from standard input)
    Add {
        name: String,
        /// admin, organization, inspection, home_affairs, secretary, auditor, member
        #[arg(long)]
        role: String,
        /// Đơn vị gốc của phạm vi / the unit whose subtree the account reaches
        #[arg(long)]
        unit: Option<String>,
        /// Mã người (vai trò member) / the person record (member role)
        #[arg(long)]
        person: Option<String>,
        /// Họ tên hiển thị / name shown in the application
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Đổi mật khẩu (đọc từ đầu vào chuẩn) / change a password (read from standard input)
    Passwd { name: String },
    /// Khóa tài khoản và thu hồi mọi mã truy cập / disable an account and revoke its tokens
    Disable { name: String },
    /// Danh sách tài khoản / list accounts
    List,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Tạo mã truy cập API (in ra một lần) / create an API token (printed once)
    Create {
        #[arg(long)]
        user: String,
        /// Hết hạn sau số ngày / expires after this many days
        #[arg(long)]
        expires: Option<u32>,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Danh sách mã truy cập / list tokens
    List {
        #[arg(long)]
        user: Option<String>,
    },
    /// Thu hồi mã truy cập / revoke a token
    Revoke { id: i64 },
}

pub use crate::services::accounts::AccountSpec;

/// Checks and creates an account; shared by the command line and the demo.
pub fn create_account(store: &mut Store, cx: &Ctx, spec: &AccountSpec<'_>) -> Result<(), Failure> {
    accounts::create(store, cx, spec).map_err(failure)
}

fn read_password() -> Result<String, Failure> {
    eprintln!("Mật khẩu (một dòng) / password (one line):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::said(Msg::new("cli-user-cannot-read-password").text("e", &e)))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub fn user(db: &str, cmd: UserCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    match cmd {
        UserCommand::Add { name, role, unit, person, display_name } => {
            let role = Role::parse(&role).map_err(|e| Failure::new(crate::i18n::vi(&e), crate::i18n::en(&e)))?;
            let password = read_password()?;
            create_account(
                &mut store,
                &operator(),
                &AccountSpec {
                    name: &name,
                    display_name: display_name.as_deref().unwrap_or(&name),
                    role,
                    unit: unit.as_deref(),
                    person: person.as_deref(),
                    password: &password,
                },
            )?;
            eprintln!("Đã tạo tài khoản {name} ({}). / Account {name} created ({}).", role.label_vi(), role.label_en());
            if person.is_none() && role.may(tinhgon_domain::access::Action::ReadCases) {
                eprintln!(
                    "Lưu ý: tài khoản chưa gắn với hồ sơ của người dùng (--person); vụ việc về một người trùng tên hiển thị                      được giấu khỏi tài khoản, nhưng hãy gắn hồ sơ để chắc chắn. / Note: the account is not linked to its                      holder's record (--person); cases about a person of its display name are kept from it, but link the                      record to be sure."
                );
            }
        }
        UserCommand::Passwd { name } => {
            let password = read_password()?;
            accounts::set_password(&mut store, &operator(), &name, &password).map_err(failure)?;
            eprintln!("Đã đổi mật khẩu của {name}. / Password of {name} changed.");
        }
        UserCommand::Disable { name } => {
            let changed = accounts::disable(&mut store, &operator(), &name).map_err(failure)?;
            if changed {
                eprintln!("Đã khóa tài khoản {name}. / Account {name} disabled.");
            } else {
                eprintln!("Tài khoản {name} đã bị khóa từ trước. / Account {name} was disabled already.");
            }
        }
        UserCommand::List => {
            for a in accounts::list(&mut store, &operator()).map_err(failure)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    a.name,
                    a.role,
                    a.scope.as_ref().map_or("-", UnitCode::as_str),
                    if a.disabled_at.is_some() { "đã khóa/disabled" } else { "hoạt động/active" },
                    a.display_name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn token(db: &str, cmd: TokenCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    match cmd {
        TokenCommand::Create { user, expires, label } => {
            let (id, token, expires_on) =
                accounts::create_token(&mut store, &operator(), &user, expires, &label).map_err(failure)?;
            println!("{token}");
            eprintln!(
                "Mã truy cập số {id} cho {user}{}; chỉ in ra lần này, hãy cất giữ cẩn thận.\n\
                 Token {id} for {user}{}; shown only this once, keep it safe. Use: Authorization: Bearer <token>",
                expires_on
                    .map(|d| crate::i18n::said(&Msg::new("cli-token-expires").date("on", d)).0)
                    .unwrap_or_default(),
                expires_on
                    .map(|d| crate::i18n::said(&Msg::new("cli-token-expires").date("on", d)).1)
                    .unwrap_or_default(),
            );
        }
        TokenCommand::List { user } => {
            for t in accounts::tokens(&mut store, &operator(), user.as_deref()).map_err(failure)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.account,
                    t.expires_on.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    if t.revoked_at.is_some() { "đã thu hồi/revoked" } else { "hiệu lực/live" },
                    t.label
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if accounts::revoke_token(&mut store, &operator(), id).map_err(failure)? {
                eprintln!("Đã thu hồi mã truy cập {id}. / Token {id} revoked.");
            } else {
                return Err(Failure::said(Msg::new("cli-user-there-no-live-token").text("id", id)));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
