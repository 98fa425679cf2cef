//! `tinhgon badges` and `tinhgon due`: party badges due and awarded, and the work due at a unit.

use std::process::ExitCode;

use clap::Subcommand;
use tinhgon_domain::{Decision, DocumentNumber, UnitCode};

use super::{failure, open, operator, parse_date, Failure};
use crate::services::party::{badges, due};

#[derive(Subcommand)]
pub enum BadgeCommand {
    /// Đảng viên đến mốc tặng Huy hiệu mà chưa được tặng / members due a badge and not yet awarded
    Due {
        #[arg(long)]
        unit: String,
        /// Đến ngày (mặc định: một năm nữa) / reached by this day (default: a year from today)
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Ghi việc tặng Huy hiệu theo quyết định / record a badge awarded by a decision
    Award {
        #[arg(long)]
        person: String,
        /// Số năm tuổi Đảng: 30, 40, 45 … 90 / years of party age
        #[arg(long)]
        years: i32,
        /// Ngày trao / the award day
        #[arg(long)]
        on: String,
        #[arg(long)]
        decision: String,
        #[arg(long)]
        decision_date: String,
        /// Xét sớm do ốm nặng / early consideration for serious illness
        #[arg(long)]
        ill: bool,
    },
}

fn unit(code: &str) -> Result<UnitCode, Failure> {
    UnitCode::parse(code).map_err(|e| Failure::new(e.vi(), e.to_string()))
}

pub fn badges(db: &str, cmd: BadgeCommand) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        BadgeCommand::Due { unit: code, until, json } => {
            let until = match until {
                Some(u) => parse_date(&u, "đến ngày", "until")?,
                None => cx.today.add_months(12),
            };
            let list = badges::due(&mut store, &cx, &unit(&code)?, until).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
            } else {
                println!("{} đảng viên đến mốc tặng Huy hiệu / members due a badge: {}", list.len(), list.len());
                for b in &list {
                    println!(
                        "  {}  {} năm / years  {} ({})  {}  đủ ngày / reached {}",
                        b.due.award_on.vn(),
                        b.due.years,
                        b.name,
                        b.person,
                        b.cell,
                        b.due.reaches_on.vn()
                    );
                }
            }
        }
        BadgeCommand::Award { person, years, on, decision, decision_date, ill } => {
            let on = parse_date(&on, "ngày trao", "the award day")?;
            let number = DocumentNumber::parse(&decision).map_err(|e| Failure::new(e.vi(), e.to_string()))?;
            let date = parse_date(&decision_date, "ngày quyết định", "the decision's date")?;
            badges::award(&mut store, &cx, &person, years, &Decision { number, date }, on, ill).map_err(failure)?;
            println!("Đã ghi Huy hiệu {years} năm tuổi Đảng.\nRecorded the {years}-year badge.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tinhgon due --unit U`: the work due at a unit, overdue first.
pub fn due(db: &str, code: &str, json: bool) -> Result<ExitCode, Failure> {
    let mut store = open(db)?;
    let cx = operator();
    let items = due::at(&mut store, &cx, &unit(code)?).map_err(failure)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&items).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let late = items.iter().filter(|i| i.overdue).count();
    println!("Việc cần làm: {}, quá hạn {late} / work due: {}, overdue {late}", items.len(), items.len());
    for i in &items {
        let (vi, en) = i.work.labels();
        let flag = if i.overdue { "  QUÁ HẠN / OVERDUE" } else { "" };
        println!("  {}  {vi} / {en}: {} ({}) {} [{}]{flag}", i.due.vn(), i.name, i.person, i.cell, i.reference);
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
pub enum DuesCommand {
    /// Căn cứ tính đảng phí của một đảng viên từ một tháng / what a member's dues are counted on from a month
    Basis {
        #[arg(long)]
        person: String,
        /// Từ tháng (mm/yyyy) / from the month
        #[arg(long)]
        from: String,
        /// insured, pensioner, student, other
        #[arg(long)]
        category: String,
        /// Tiền lương đóng bảo hiểm hoặc lương hưu (đồng/tháng) / insured salary or pension (đồng a month)
        #[arg(long, default_value_t = 0)]
        base: i64,
        /// social_pension, poor_household, serious_illness
        #[arg(long)]
        exemption: Option<String>,
        /// Giảm 30, 50 hoặc 70% / a reduction of 30, 50 or 70 percent
        #[arg(long, requires = "until")]
        reduction: Option<i64>,
        /// Giảm đến hết tháng / the reduction's last month
        #[arg(long)]
        until: Option<String>,
    },
    /// Ghi nộp đảng phí một tháng / record one month's dues paid
    Pay {
        #[arg(long)]
        person: String,
        #[arg(long)]
        month: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        on: String,
    },
    /// Nhập tệp nộp đảng phí (person,month,amount,paid_on), tất cả hoặc không / import a payments file, all or nothing
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Sổ đảng phí của một đảng viên trong năm / a member's dues ledger for a year
    Ledger {
        #[arg(long)]
        person: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// Đảng viên không đóng đảng phí 3 tháng trong năm / members who did not pay 3 months in a year
    Unpaid {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
}

fn month(text: &str) -> Result<tinhgon_domain::party::dues::Month, Failure> {
    tinhgon_domain::party::dues::Month::parse(text).ok_or_else(|| {
        Failure::new(
            format!("«{text}» không phải tháng: viết mm/yyyy"),
            format!("'{text}' is not a month: write mm/yyyy"),
        )
    })
}

pub fn dues_cmd(db: &str, cmd: DuesCommand) -> Result<ExitCode, Failure> {
    use crate::services::party::dues;
    use tinhgon_domain::party::dues::{Basis, Category, Exemption};
    let mut store = open(db)?;
    let cx = operator();
    let code_err = |e: tinhgon_domain::catalog::UnknownCode| Failure::new(e.vi(), e.to_string());
    match cmd {
        DuesCommand::Basis { person, from, category, base, exemption, reduction, until } => {
            let basis = Basis {
                from: month(&from)?,
                category: Category::parse(&category).map_err(code_err)?,
                base,
                exemption: exemption.map(|e| Exemption::parse(&e)).transpose().map_err(code_err)?,
                reduction: match (reduction, until) {
                    (Some(p), Some(u)) => Some((p, month(&u)?)),
                    _ => None,
                },
            };
            dues::set_basis(&mut store, &cx, &person, &basis).map_err(failure)?;
            println!("Đã ghi căn cứ tính đảng phí.\nRecorded the dues basis.");
        }
        DuesCommand::Pay { person, month: m, amount, on } => {
            let table = crate::files::Table {
                headers: dues::COLUMNS.iter().map(|c| c.to_string()).collect(),
                rows: vec![(1, vec![person, m, amount, on])],
            };
            let mut errors = Vec::new();
            let rows = dues::parse(&table, &mut errors);
            if !errors.is_empty() {
                return Err(failure(crate::services::Error::Invalid(errors)));
            }
            dues::pay(&mut store, &cx, &rows, false).map_err(failure)?;
            println!("Đã ghi nộp đảng phí.\nRecorded the payment.");
        }
        DuesCommand::Import { file, dry_run } => {
            let table = crate::files::read(&file).map_err(|e| Failure::new(e.vi(), e.en()))?;
            table.require(&dues::COLUMNS).map_err(|e| Failure::new(e.vi(), e.en()))?;
            let mut errors = Vec::new();
            let rows = dues::parse(&table, &mut errors);
            let result = if errors.is_empty() {
                dues::pay(&mut store, &cx, &rows, dry_run)
            } else {
                Err(crate::services::Error::Invalid(errors))
            };
            match result {
                Ok(n) => println!(
                    "Đã ghi {n} khoản nộp{}.\nRecorded {n} payments{}.",
                    if dry_run { " (kiểm tra, chưa ghi)" } else { "" },
                    if dry_run { " (checked, nothing written)" } else { "" }
                ),
                Err(crate::services::Error::Invalid(errors)) => return Err(super::data::report(&errors)),
                Err(e) => return Err(failure(e)),
            }
        }
        DuesCommand::Ledger { person, year, json } => {
            let l = dues::ledger(&mut store, &cx, &person, year).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&l).unwrap_or_default());
            } else {
                for m in &l.months {
                    let paid = m
                        .paid
                        .as_ref()
                        .map_or("chưa nộp / unpaid".to_string(), |p| format!("{} đ, {}", p.amount, p.paid_on.vn()));
                    println!("  {}  {} đ ({})  {paid}", m.owed.month.vn(), m.owed.amount, m.owed.reason);
                }
                println!("Chưa nộp {} tháng / unpaid months: {}", l.unpaid.len(), l.unpaid.len());
            }
        }
        DuesCommand::Unpaid { unit: code, year, json } => {
            let list = dues::unpaid(&mut store, &cx, &unit(&code)?, year).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).unwrap_or_default());
            } else {
                println!("{} đảng viên / members", list.len());
                for u in &list {
                    let months: Vec<String> = u.months.iter().map(|m| m.vn()).collect();
                    println!("  {} ({})  {}  {}", u.name, u.person, u.cell, months.join(", "));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tinhgon party-stats --unit U --from D --to D`: party work over a period.
pub fn party_stats(
    db: &str,
    code: &str,
    (from, to): (&str, &str),
    compare: Option<(&str, &str)>,
    json: bool,
) -> Result<ExitCode, Failure> {
    use crate::services::party::stats;
    let mut store = open(db)?;
    let cx = operator();
    let from = parse_date(from, "từ ngày", "from")?;
    let to = parse_date(to, "đến ngày", "to")?;
    let f = stats::period(&mut store, &cx, &unit(code)?, from, to).map_err(failure)?;
    if let Some((a, b)) = compare {
        let (a, b) = (parse_date(a, "kỳ so sánh từ", "compare from")?, parse_date(b, "kỳ so sánh đến", "compare to")?);
        let other = stats::period(&mut store, &cx, &unit(code)?, a, b).map_err(failure)?;
        let both = stats::compare(f, other);
        if json {
            println!("{}", serde_json::to_string_pretty(&both).unwrap_or_default());
        } else {
            println!("{:<28} {:>10} {:>10} {:>10}", "", both.figures.from.vn(), both.other.from.vn(), "±");
            for (name, a, b) in stats::rows(&both.figures, &both.other) {
                println!("{name:<28} {a:>10} {b:>10} {:>+10}", a - b);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&f).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let c = &f.counts;
    println!(
        "Công tác đảng viên {} từ {} đến trước {} / party work {} from {} to {}",
        f.unit,
        from.vn(),
        to.vn(),
        f.unit,
        from,
        to
    );
    for (vi, en, n) in [
        ("Kết nạp", "Admissions", c.admissions),
        ("Công nhận chính thức", "Recognitions", c.recognitions),
        ("Xóa tên", "Removals", c.removals),
        ("Khai trừ", "Expulsions", c.expulsions),
        ("Từ trần", "Deaths", c.deaths),
        ("Chuyển đi", "Transfers out", c.transfers_out),
        ("Chuyển đến", "Transfers in", c.transfers_in),
        ("Chuyển trong đơn vị", "Transfers within", c.transfers_within),
        ("Huy hiệu Đảng đã trao", "Badges awarded", c.badges),
        ("Đang chuyển sinh hoạt (ngày cuối)", "In transit (last day)", f.in_transit),
    ] {
        println!("  {vi} / {en}: {n}");
    }
    println!("  Tuổi đảng / party age:");
    for (band, n) in &f.by_party_age {
        println!("    {band}: {n}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `tinhgon leave`: a member leaves the party on a ground, by a decision.
pub fn leave(
    db: &str,
    person: &str,
    ground: &str,
    on: &str,
    (decision, decision_date): (&str, &str),
    note: Option<&str>,
) -> Result<ExitCode, Failure> {
    use tinhgon_domain::party::leaving::Ground;
    let mut store = open(db)?;
    let cx = operator();
    let ground = Ground::parse(ground).map_err(|e| Failure::new(e.vi(), e.to_string()))?;
    let on = parse_date(on, "ngày ra khỏi Đảng", "the day of leaving")?;
    let number = DocumentNumber::parse(decision).map_err(|e| Failure::new(e.vi(), e.to_string()))?;
    let date = parse_date(decision_date, "ngày quyết định", "the decision's date")?;
    crate::services::party::leaving::leave(&mut store, &cx, person, ground, on, &Decision { number, date }, note)
        .map_err(failure)?;
    println!("Đã ghi: {}.\nRecorded: {}.", ground.label_vi(), ground.label_en());
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
pub enum RecordCommand {
    /// Thông tin trong phiếu đảng viên của một người / a person's member record
    Show {
        #[arg(long)]
        person: String,
        #[arg(long)]
        json: bool,
    },
    /// Nhập tệp phiếu đảng viên, tất cả hoặc không / import a file of member records, all or nothing
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Xuất phiếu đảng viên; số định danh chỉ khi ghi rõ --with citizen_id / export the records; the
    /// citizen IDs only when asked for by name
    Export {
        file: std::path::PathBuf,
        /// citizen_id
        #[arg(long = "with")]
        with: Vec<String>,
    },
}

pub fn record_cmd(db: &str, cmd: RecordCommand) -> Result<ExitCode, Failure> {
    use crate::services::party::record;
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        RecordCommand::Show { person, json } => {
            let r = record::get(&mut store, &cx, &person).map_err(failure)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            } else if let Some(r) = r {
                let p = &r.particulars;
                for (vi, en, v) in [
                    ("Nơi sinh", "Place of birth", &p.place_of_birth),
                    ("Quê quán", "Home town", &p.home_town),
                    ("Tôn giáo", "Religion", &p.religion),
                    ("Nghề nghiệp", "Occupation", &p.occupation),
                    ("Chức danh", "Job title", &p.job_title),
                    ("Học vấn phổ thông", "General education", &p.general_education),
                    ("Ngoại ngữ", "Foreign language", &p.foreign_language),
                    ("Số thẻ đảng viên", "Party card", &p.party_card_no),
                    ("Số lý lịch", "Party record", &p.party_record_no),
                    ("Số định danh", "Citizen ID", &r.citizen_id),
                ] {
                    println!("  {vi} / {en}: {}", v.as_deref().unwrap_or("—"));
                }
            } else {
                println!("Chưa có phiếu đảng viên.\nNo member record yet.");
            }
        }
        RecordCommand::Import { file, dry_run } => {
            let table = crate::files::read(&file).map_err(|e| Failure::new(e.vi(), e.en()))?;
            table.require(&["person"]).map_err(|e| Failure::new(e.vi(), e.en()))?;
            let mut errors = Vec::new();
            let rows = record::parse(&table, &mut errors);
            let result = if errors.is_empty() {
                record::set(&mut store, &cx, &rows, dry_run)
            } else {
                Err(crate::services::Error::Invalid(errors))
            };
            match result {
                Ok(n) => println!(
                    "Đã nhập {n} phiếu{}.\nImported {n} records{}.",
                    if dry_run { " (kiểm tra, chưa ghi)" } else { "" },
                    if dry_run { " (checked, nothing written)" } else { "" }
                ),
                Err(crate::services::Error::Invalid(errors)) => return Err(super::data::report(&errors)),
                Err(e) => return Err(failure(e)),
            }
        }
        RecordCommand::Export { file, with } => {
            if let Some(bad) = with.iter().find(|w| w.as_str() != "citizen_id") {
                return Err(Failure::new(
                    format!("--with chỉ nhận citizen_id, không nhận «{bad}»"),
                    format!("--with takes citizen_id only, not '{bad}'"),
                ));
            }
            let rows = record::export(&mut store, &cx, !with.is_empty()).map_err(failure)?;
            crate::files::write(&file, &record::COLUMNS, &rows).map_err(|e| Failure::new(e.vi(), e.en()))?;
            println!(
                "Đã xuất {} phiếu vào {}.\nExported {} records to {}.",
                rows.len(),
                file.display(),
                rows.len(),
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tinhgon particulars`: particulars of a person that change from a date.
pub fn particulars(db: &str, person: &str, from: &str, change: [Option<String>; 4]) -> Result<ExitCode, Failure> {
    use crate::services::register::people::{change_particulars, Change};
    use tinhgon_domain::catalog::{Education, Theory};
    let mut store = open(db)?;
    let cx = operator();
    let from = parse_date(from, "từ ngày", "from")?;
    let [ethnicity, education, theory, occupation] = change;
    let code_err = |e: tinhgon_domain::catalog::UnknownCode| Failure::new(e.vi(), e.to_string());
    let change = Change {
        ethnicity,
        education: education.map(|e| Education::parse(&e)).transpose().map_err(code_err)?,
        theory: theory.map(|t| Theory::parse(&t)).transpose().map_err(code_err)?,
        occupation,
    };
    change_particulars(&mut store, &cx, person, from, &change).map_err(failure)?;
    println!("Đã ghi thay đổi từ ngày {}.\nRecorded the change from {from}.", from.vn());
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
pub enum PartyFileCommand {
    /// Nhập tệp công tác đảng viên, tất cả hoặc không / import a file of party work, all or nothing
    Import {
        #[arg(value_enum)]
        what: crate::services::party::files::PartyFile,
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Xuất ra CSV hoặc XLSX, nhập lại được / export to CSV or XLSX, in the columns import reads
    Export {
        #[arg(value_enum)]
        what: crate::services::party::files::PartyFile,
        file: std::path::PathBuf,
    },
}

pub fn party_files(db: &str, cmd: PartyFileCommand) -> Result<ExitCode, Failure> {
    use crate::services::party::files;
    let mut store = open(db)?;
    let cx = operator();
    match cmd {
        PartyFileCommand::Import { what, file, dry_run } => {
            let table = crate::files::read(&file).map_err(|e| Failure::new(e.vi(), e.en()))?;
            match files::import(&mut store, &cx, what, &table, dry_run) {
                Ok(n) if dry_run => println!(
                    "Hợp lệ: {n} dòng, chưa ghi gì (--dry-run).\nValid: {n} rows, nothing written (--dry-run)."
                ),
                Ok(n) => println!("Đã nhập {n} dòng.\nImported {n} rows."),
                Err(crate::services::Error::Invalid(errors)) => return Err(super::data::report(&errors)),
                Err(e) => return Err(failure(e)),
            }
        }
        PartyFileCommand::Export { what, file } => {
            let rows = files::export(&mut store, &cx, what).map_err(failure)?;
            crate::files::write(&file, what.columns(), &rows).map_err(|e| Failure::new(e.vi(), e.en()))?;
            println!(
                "Đã xuất {} dòng vào {}.\nExported {} rows to {}.",
                rows.len(),
                file.display(),
                rows.len(),
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
