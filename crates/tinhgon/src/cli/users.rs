//! `tinhgon user …` and `tinhgon token …`: accounts and API tokens.

use std::io::BufRead;
use std::process::ExitCode;

use clap::Subcommand;
use tinhgon_domain::access::{Reach, Role};
use tinhgon_domain::UnitCode;
use tinhgon_store::accounts::{self, NewAccount};
use tinhgon_store::{people, units, Store, StoreError};

use super::data::CLI_ACTOR;
use super::{open, Failure};
use crate::auth;
use crate::clock::{now_iso, today};

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

/// What an account is to be.
pub struct AccountSpec<'a> {
    pub name: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub unit: Option<&'a str>,
    pub person: Option<&'a str>,
    pub password: &'a str,
}

fn valid_name(name: &str) -> bool {
    (2..=40).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// Checks and creates an account in one write; shared by the command line and the demo.
pub fn create_account(store: &mut Store, actor: &str, spec: &AccountSpec<'_>) -> Result<(), Failure> {
    if !valid_name(spec.name) {
        return Err(Failure::new(
            format!(
                "Tên đăng nhập '{}' không hợp lệ: 2–40 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang.",
                spec.name
            ),
            format!("The account name '{}' is not valid: 2–40 characters a-z, 0-9, '.', '_', '-'.", spec.name),
        ));
    }
    if let Some((vi, en)) = auth::password_problem(spec.password) {
        return Err(Failure::new(vi, en));
    }
    let unit = spec
        .unit
        .map(|u| {
            UnitCode::parse(u).map_err(|e| Failure::new(format!("Mã đơn vị: {}", e.vi()), format!("Unit code: {e}")))
        })
        .transpose()?;
    match (spec.role.reach(), &unit, spec.person) {
        (Reach::Subtree, None, _) => {
            return Err(Failure::new(
                format!("Vai trò {} cần --unit: đơn vị gốc của phạm vi.", spec.role.label_vi()),
                format!("The role {} needs --unit: the root unit of its scope.", spec.role.label_en()),
            ))
        }
        (Reach::OwnRecord, _, None) => {
            return Err(Failure::new(
                "Vai trò đảng viên cần --person: mã hồ sơ của chính người đó.",
                "The member role needs --person: the code of the member's own record.",
            ))
        }
        _ => {}
    }
    let hash = auth::hash_password(spec.password)?;
    store.write(actor, &now_iso(), |w| -> Result<(), Failure> {
        if let Some(u) = &unit {
            if units::unit_id(w.tx(), u)?.is_none() {
                return Err(Failure::new(format!("Không có đơn vị mã {u}."), format!("There is no unit {u}.")));
            }
        }
        if let Some(p) = spec.person {
            if people::person_id(w.tx(), p)?.is_none() {
                return Err(Failure::new(format!("Không có người mã {p}."), format!("There is no person {p}.")));
            }
        }
        if accounts::account(w.tx(), spec.name)?.is_some() {
            return Err(Failure::new(
                format!("Tài khoản {} đã có.", spec.name),
                format!("The account {} exists already.", spec.name),
            ));
        }
        w.insert_account(&NewAccount {
            name: spec.name,
            display_name: spec.display_name,
            role: spec.role,
            scope: if spec.role.reach() == Reach::Subtree { unit.as_ref() } else { None },
            person: spec.person,
            password_hash: &hash,
        })?;
        Ok(())
    })
}

fn read_password() -> Result<String, Failure> {
    eprintln!("Mật khẩu (một dòng) / password (one line):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::new(format!("Không đọc được mật khẩu: {e}"), format!("Cannot read the password: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn unknown_account(name: &str) -> Failure {
    Failure::new(format!("Không có tài khoản {name}."), format!("There is no account {name}."))
}

fn conflict_or(name: &str) -> impl Fn(StoreError) -> Failure + '_ {
    move |e| match e {
        StoreError::Conflict(_) => unknown_account(name),
        e => Failure::from(e),
    }
}

pub fn user(db: &str, cmd: UserCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    match cmd {
        UserCommand::Add { name, role, unit, person, display_name } => {
            let role =
                Role::parse(&role).map_err(|e| Failure::new(format!("Vai trò: {}", e.vi()), format!("Role: {e}")))?;
            let password = read_password()?;
            create_account(
                &mut store,
                CLI_ACTOR,
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
        }
        UserCommand::Passwd { name } => {
            let password = read_password()?;
            if let Some((vi, en)) = auth::password_problem(&password) {
                return Err(Failure::new(vi, en));
            }
            let hash = auth::hash_password(&password)?;
            store.write(CLI_ACTOR, &now_iso(), |w| w.set_password(&name, &hash)).map_err(conflict_or(&name))?;
            eprintln!("Đã đổi mật khẩu của {name}. / Password of {name} changed.");
        }
        UserCommand::Disable { name } => {
            let changed =
                store.write(CLI_ACTOR, &now_iso(), |w| w.disable_account(&name)).map_err(conflict_or(&name))?;
            if changed {
                eprintln!("Đã khóa tài khoản {name}. / Account {name} disabled.");
            } else {
                eprintln!("Tài khoản {name} đã bị khóa từ trước. / Account {name} was disabled already.");
            }
        }
        UserCommand::List => {
            for a in store.read(accounts::accounts)? {
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
            let account = store.read(|tx| accounts::account(tx, &user))?.ok_or_else(|| unknown_account(&user))?;
            if account.disabled_at.is_some() {
                return Err(Failure::new(
                    format!("Tài khoản {user} đã bị khóa."),
                    format!("The account {user} is disabled."),
                ));
            }
            let expires_on = expires.map(|d| today().add_days(d as i32));
            let token = format!("{}{}", auth::TOKEN_PREFIX, auth::secret()?);
            let id = store.write(CLI_ACTOR, &now_iso(), |w| {
                w.insert_token(&user, &auth::secret_hash(&token), &label, expires_on)
            })?;
            println!("{token}");
            eprintln!(
                "Mã truy cập số {id} cho {user}{}; chỉ in ra lần này, hãy cất giữ cẩn thận.\n\
                 Token {id} for {user}{}; shown only this once, keep it safe. Use: Authorization: Bearer <token>",
                expires_on.map(|d| format!(", hết hạn {}", d.vn())).unwrap_or_default(),
                expires_on.map(|d| format!(", expires {d}")).unwrap_or_default(),
            );
        }
        TokenCommand::List { user } => {
            for t in store.read(|tx| accounts::tokens(tx, user.as_deref()))? {
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
            if store.write(CLI_ACTOR, &now_iso(), |w| w.revoke_token(id))? {
                eprintln!("Đã thu hồi mã truy cập {id}. / Token {id} revoked.");
            } else {
                return Err(Failure::new(
                    format!("Không có mã truy cập số {id} còn hiệu lực."),
                    format!("There is no live token {id}."),
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
