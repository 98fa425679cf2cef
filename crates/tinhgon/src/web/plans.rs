//! Restructuring plans in the browser: the list, a draft's particulars and operations edited as
//! text, the simulation of a plan (what it changes and which rules it breaks), the apply and
//! revert buttons for those with the right, the units still above their deputy caps, and the
//! rules plans are judged by (edited by the administrator).

use std::collections::HashMap;
use std::fmt::Write;

use crate::services::plans::{PlanStatus, StoredPlan};
use axum::extract::{Path, State as Extract};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tinhgon_domain::access::Action;
use tinhgon_domain::plan::{Outcome, Plan};
use tinhgon_domain::rules::RuleKey;
use tinhgon_domain::text::{format_delta, format_percent};
use tinhgon_domain::{Date, Decision, DocumentNumber, UnitCode};

use super::html::esc;
use super::i18n::{Lang, Tr};
use super::{respond, Form, PageError, Query, Viewer};
use crate::clock::today;
use crate::files::Table;
use crate::http::{Problem, State};
use crate::services::plans::{self, PlanFailure};
use crate::services::{Ctx, Error};

type Fields = HashMap<String, String>;

/// The text in the viewer's language.
fn say<'a>(tr: Tr, vi: &'a str, en: &'a str) -> &'a str {
    if tr.lang == Lang::Vi {
        vi
    } else {
        en
    }
}

fn problem(vi: String, en: String, status: StatusCode) -> PageError {
    PageError::from_problem(Problem::new(status, vi, en))
}

fn require(v: &Viewer, action: Action) -> Result<(), PageError> {
    if v.may(action) {
        Ok(())
    } else {
        Err(PageError::from_problem(Error::Forbidden.into()))
    }
}

/// A plan of the caller's, as stored.
async fn reachable(state: &State, cx: Ctx, id: i64) -> Result<StoredPlan, PageError> {
    Ok(state.with_store(move |s| Ok(plans::get(s, &cx, id)?)).await?)
}

fn status_label(tr: Tr, s: PlanStatus) -> &'static str {
    tr.label(s.label_vi(), s.label_en())
}

pub(crate) async fn list(Extract(state): Extract<State>, v: Viewer) -> Response {
    let run = async {
        require(&v, Action::ReadPlans)?;
        let cx = v.caller.cx();
        let lines = state.with_store(move |s| Ok(plans::list(s, &cx)?)).await?;
        let tr = v.tr;
        let mut rows = String::new();
        for l in &lines {
            let _ = write!(
                rows,
                "<tr><td><a href=\"/plans/{id}\">{id}</a></td><td><a href=\"/plans/{id}\">{name}</a></td><td>{status}</td>\
                 <td>{no}, {date}</td><td>{eff}</td><td class=\"num\">{ops}</td></tr>",
                id = l.id,
                name = esc(&l.name),
                status = esc(status_label(tr, l.status)),
                no = esc(&l.decision.number.to_string()),
                date = esc(&tr.date(l.decision.date)),
                eff = esc(&tr.date(l.effective)),
                ops = esc(&tr.int(l.ops)),
            );
        }
        let table = if lines.is_empty() {
            format!("<p>{}</p>", esc(say(tr, "Chưa có đề án nào.", "No plans yet.")))
        } else {
            format!(
                "<div class=\"scroll\"><table><caption>{cap}</caption><thead><tr><th scope=\"col\">{n}</th><th scope=\"col\">{name}</th>\
                 <th scope=\"col\">{st}</th><th scope=\"col\">{dec}</th><th scope=\"col\">{eff}</th><th scope=\"col\">{ops}</th></tr></thead>\
                 <tbody>{rows}</tbody></table></div>",
                cap = esc(say(tr, "Đề án sắp xếp tổ chức bộ máy", "Restructuring plans")),
                n = esc(say(tr, "Số", "No.")),
                name = esc(say(tr, "Tên đề án", "Name")),
                st = esc(say(tr, "Trạng thái", "Status")),
                dec = esc(say(tr, "Căn cứ", "Legal basis")),
                eff = esc(say(tr, "Hiệu lực", "Effective")),
                ops = esc(say(tr, "Thao tác", "Operations")),
            )
        };
        let new = if v.may(Action::ApplyPlans) {
            format!(
                "<p><a class=\"button\" href=\"/plans/new\">{}</a></p>",
                esc(say(tr, "Soạn đề án mới", "Draft a new plan"))
            )
        } else {
            String::new()
        };
        let body = format!(
            "<h1>{title}</h1><p class=\"lead\">{intro}</p>{new}{table}<p><a href=\"/plans/over-cap\">{cap}</a> · <a href=\"/rules\">{rules}</a></p>",
            title = esc(say(tr, "Đề án sắp xếp", "Restructuring plans")),
            intro = esc(say(
                tr,
                "Mỗi đề án được mô phỏng trước khi quyết định, thực hiện một lần trọn vẹn vào ngày hiệu lực và có thể hoàn tác.",
                "Each plan is simulated before it is decided, applied whole on its effective date, and can be reverted."
            )),
            cap = esc(say(tr, "Đơn vị còn vượt số cấp phó", "Units still above their deputy cap")),
            rules = esc(say(tr, "Quy định áp dụng", "Rules applied")),
        );
        Ok::<_, PageError>(v.page(say(tr, "Đề án sắp xếp", "Restructuring plans"), &body))
    };
    respond(&v, run.await)
}

/// The particulars and operations of a plan, as the form shows and takes them.
const FIELDS: &[(&str, &str, &str)] = &[
    ("name", "Tên đề án", "Name"),
    ("decision", "Số quyết định (ví dụ 202/2025/QH15)", "Decision number (e.g. 202/2025/QH15)"),
    ("decision_date", "Ngày quyết định", "Decision date"),
    ("effective", "Ngày hiệu lực", "Effective date"),
    ("surplus_years", "Số năm giải quyết cấp phó dôi dư", "Years to bring surplus deputies within the cap"),
    ("baseline_year", "Năm gốc tính tinh giản biên chế", "Baseline year of staffing cuts"),
    ("target_cut", "Chỉ tiêu giảm biên chế", "Target staffing cut"),
];

fn plan_form(v: &Viewer, action: &str, values: &Fields, errors: &[String], status: StatusCode) -> Response {
    let tr = v.tr;
    let mut html = String::new();
    if !errors.is_empty() {
        let _ =
            write!(html, "<div class=\"error\" role=\"alert\"><p>{}</p><ul>", esc(say(tr, "Chưa lưu:", "Not saved:")));
        for e in errors.iter().take(100) {
            let _ = write!(html, "<li>{}</li>", esc(e));
        }
        html.push_str("</ul></div>");
    }
    let _ = write!(
        html,
        "<form method=\"post\" action=\"{action}\" class=\"edit\"><input type=\"hidden\" name=\"_csrf\" value=\"{}\">",
        esc(v.caller.csrf())
    );
    for (name, vi, en) in FIELDS {
        let kind = match *name {
            "decision_date" | "effective" => "date",
            "surplus_years" | "baseline_year" | "target_cut" => "number",
            _ => "text",
        };
        let required =
            if matches!(*name, "name" | "decision" | "decision_date" | "effective") { " required" } else { "" };
        let _ = write!(
            html,
            "<p class=\"field\"><label for=\"{name}\">{label}</label><input id=\"{name}\" name=\"{name}\" type=\"{kind}\" value=\"{value}\"{required}></p>",
            label = esc(say(tr, vi, en)),
            value = esc(values.get(*name).map_or("", String::as_str)),
        );
    }
    let _ = write!(
        html,
        "<p class=\"field\"><label for=\"ops\">{label}</label><textarea id=\"ops\" name=\"ops\" rows=\"16\" cols=\"100\" required>{ops}</textarea></p>\
         <p class=\"hint\">{hint}</p><p><button type=\"submit\">{save}</button></p></form>",
        label = esc(say(tr, "Thao tác (CSV: một thao tác mỗi dòng, hoặc bảng ánh xạ mã cũ → mã mới)", "Operations (CSV: one operation per row, or a mapping of old codes to new ones)")),
        ops = esc(values.get("ops").map_or("", String::as_str)),
        hint = esc(say(tr, "Các cột và tên thao tác như trong hướng dẫn (README): op, unit, target, name, kind, parent, led_by, sector, share, …", "Columns and operation names as in the README: op, unit, target, name, kind, parent, led_by, sector, share, …")),
        save = esc(say(tr, "Lưu dự thảo", "Save the draft")),
    );
    let title = say(tr, "Dự thảo đề án", "Draft plan");
    super::page(tr, Some(&v.caller), title, &format!("<h1>{}</h1>{html}", esc(title)), status)
}

pub(crate) async fn new_page(v: Viewer) -> Response {
    let run = async {
        require(&v, Action::ApplyPlans)?;
        let mut values = Fields::new();
        values.insert("surplus_years".into(), "3".into());
        values.insert("ops".into(), plans::OP_COLUMNS.join(",") + "\n");
        Ok::<_, PageError>(plan_form(&v, "/plans/new", &values, &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

/// Reads the form: the plan's particulars, or the messages for what is wrong.
fn read_form(tr: Tr, f: &Fields) -> Result<(Plan, crate::files::Table), Vec<String>> {
    let mut errors = Vec::new();
    let text = |k: &str| f.get(k).map_or("", |s| s.trim());
    let name = text("name").to_string();
    if name.is_empty() {
        errors.push(say(tr, "Đề án cần có tên.", "A plan needs a name.").to_string());
    }
    let number = match DocumentNumber::parse(text("decision")) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.push(if tr.lang == Lang::Vi { e.vi() } else { e.to_string() });
            None
        }
    };
    let mut date = |k: &str, vi: &str, en: &str| match Date::parse(text(k)).ok() {
        Some(d) => Some(d),
        None => {
            errors.push(format!("{}: '{}'", say(tr, vi, en), text(k)));
            None
        }
    };
    let decided = date("decision_date", "Ngày quyết định không hợp lệ", "Invalid decision date");
    let effective = date("effective", "Ngày hiệu lực không hợp lệ", "Invalid effective date");
    let mut number_of = |k: &str, vi: &str, en: &str| -> Option<u32> {
        let t = text(k);
        if t.is_empty() {
            return None;
        }
        match t.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(format!("{}: '{t}'", say(tr, vi, en)));
                None
            }
        }
    };
    let surplus_years = number_of("surplus_years", "Số năm không hợp lệ", "Invalid number of years").unwrap_or(3);
    let baseline_year = number_of("baseline_year", "Năm gốc không hợp lệ", "Invalid baseline year").map(|y| y as i32);
    let target_cut = number_of("target_cut", "Chỉ tiêu giảm không hợp lệ", "Invalid target cut");
    let table = match crate::files::read_bytes(text("ops").as_bytes().to_vec()) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.push(if tr.lang == Lang::Vi { e.vi() } else { e.en() });
            None
        }
    };
    match (number, decided, effective, table) {
        (Some(number), Some(date), Some(effective), Some(table)) if errors.is_empty() => Ok((
            Plan {
                name,
                decision: Decision { number, date },
                effective,
                surplus_years,
                baseline_year,
                target_cut,
                ops: Vec::new(),
            },
            table,
        )),
        _ => Err(errors),
    }
}

/// A refused draft's messages, one a line, at most a hundred rows.
fn import_errors(tr: Tr, e: &Error) -> Vec<String> {
    let (vi, en) = match e {
        Error::Invalid(rows) => plans::ImportFailure::Rows(rows.clone()).messages(100),
        other => other.messages(),
    };
    say(tr, &vi, &en).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

pub(crate) async fn create(Extract(state): Extract<State>, v: Viewer, Form(f): Form<Fields>) -> Response {
    let run = async {
        require(&v, Action::ApplyPlans)?;
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        save(&state, &v, &f, None).await
    };
    respond(&v, run.await)
}

/// Stores the form as a new draft (`id` None) or over draft `id`, if every row reads and every
/// unit it names is in reach; otherwise the form again with the messages.
async fn save(state: &State, v: &Viewer, f: &Fields, id: Option<i64>) -> Result<Response, PageError> {
    let tr = v.tr;
    let action = id.map_or_else(|| "/plans/new".to_string(), |id| format!("/plans/{id}/edit"));
    let (plan, table) = match read_form(tr, f) {
        Ok(x) => x,
        Err(errors) => return Ok(plan_form(v, &action, f, &errors, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let cx = v.caller.cx();
    let outcome = state.with_store(move |s| Ok(save_plan(s, &cx, id, &table, plan))).await?;
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("/plans/{id}")).into_response()),
        Err(e @ (Error::Invalid(_) | Error::Plan(_))) => {
            Ok(plan_form(v, &action, f, &import_errors(tr, &e), StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(PageError::from_problem(e.into())),
    }
}

fn save_plan(
    s: &mut crate::services::Store,
    cx: &Ctx,
    id: Option<i64>,
    table: &Table,
    plan: Plan,
) -> Result<i64, Error> {
    plans::save(s, cx, id, table, plan).map(|(id, _)| id)
}

fn values_of(p: &StoredPlan) -> Fields {
    let mut f = Fields::new();
    let plan = &p.plan;
    f.insert("name".into(), plan.name.clone());
    f.insert("decision".into(), plan.decision.number.to_string());
    f.insert("decision_date".into(), plan.decision.date.to_string());
    f.insert("effective".into(), plan.effective.to_string());
    f.insert("surplus_years".into(), plan.surplus_years.to_string());
    f.insert("baseline_year".into(), plan.baseline_year.map_or(String::new(), |y| y.to_string()));
    f.insert("target_cut".into(), plan.target_cut.map_or(String::new(), |y| y.to_string()));
    f.insert("ops".into(), plans::ops_to_csv(&plan.ops));
    f
}

pub(crate) async fn edit_page(Extract(state): Extract<State>, v: Viewer, Path(id): Path<i64>) -> Response {
    let run = async {
        require(&v, Action::ApplyPlans)?;
        let p = reachable(&state, v.caller.cx(), id).await?;
        if p.status == PlanStatus::Applied {
            return Err(applied_refusal(id));
        }
        Ok(plan_form(&v, &format!("/plans/{id}/edit"), &values_of(&p), &[], StatusCode::OK))
    };
    respond(&v, run.await)
}

fn applied_refusal(id: i64) -> PageError {
    problem(
        format!("Đề án {id} đã được thực hiện; hoàn tác trước khi sửa."),
        format!("Plan {id} is applied; revert it before editing."),
        StatusCode::CONFLICT,
    )
}

pub(crate) async fn edit(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Response {
    let run = async {
        require(&v, Action::ApplyPlans)?;
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        let p = reachable(&state, v.caller.cx(), id).await?;
        if p.status == PlanStatus::Applied {
            return Err(applied_refusal(id));
        }
        save(&state, &v, &f, Some(id)).await
    };
    respond(&v, run.await)
}

fn failure_page(f: &PlanFailure) -> PageError {
    let (vi, en) = f.messages();
    let status = match f {
        PlanFailure::NotFound(_) => StatusCode::NOT_FOUND,
        PlanFailure::Status { .. } => StatusCode::CONFLICT,
        PlanFailure::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    problem(vi, en, status)
}

#[derive(serde::Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

pub(crate) async fn show(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Response {
    let run = async {
        require(&v, Action::ReadPlans)?;
        let cx = v.caller.cx();
        let plans::PlanView { plan: p, cut, outcome } =
            state.with_store(move |s| Ok(plans::view(s, &cx, id, today().year())?)).await?;
        let tr = v.tr;
        let mut body = format!("<h1>{}</h1>", esc(&p.plan.name));
        if let Some(done) = q.done.as_deref() {
            let text = match done {
                "applied" => say(tr, "Đã thực hiện đề án.", "The plan was applied."),
                "reverted" => say(tr, "Đã hoàn tác đề án.", "The plan was reverted."),
                _ => "",
            };
            if !text.is_empty() {
                let _ = write!(body, "<p class=\"ok\" role=\"status\">{}</p>", esc(text));
            }
        }
        let plan = &p.plan;
        let _ = write!(
            body,
            "<dl class=\"facts\"><dt>{st}</dt><dd>{status}</dd><dt>{basis}</dt><dd>{no}, {date}</dd><dt>{eff}</dt><dd>{effective}</dd>\
             <dt>{years}</dt><dd>{surplus}</dd></dl>",
            st = esc(say(tr, "Trạng thái", "Status")),
            status = esc(status_label(tr, p.status)),
            basis = esc(say(tr, "Căn cứ", "Legal basis")),
            no = esc(&plan.decision.number.to_string()),
            date = esc(&tr.date(plan.decision.date)),
            eff = esc(say(tr, "Hiệu lực", "Effective")),
            effective = esc(&tr.date(plan.effective)),
            years = esc(say(tr, "Hạn giải quyết cấp phó dôi dư", "Surplus deputies resolved within")),
            surplus = esc(&format!("{} {}", plan.surplus_years, say(tr, "năm", "years"))),
        );
        body.push_str(&buttons(&v, &p));
        if let Some(cut) = cut {
            let (vi, en) = cut.sentence();
            let _ = write!(body, "<p class=\"lead\">{}.</p>", esc(say(tr, &vi, &en)));
        }
        match outcome {
            Ok(o) => body.push_str(&report(tr, &o)),
            Err(f) => {
                let (vi, en) = f.messages();
                let _ = write!(
                    body,
                    "<div class=\"error\" role=\"alert\"><p>{}</p><pre>{}</pre></div>",
                    esc(say(tr, "Không mô phỏng được đề án:", "The plan cannot be simulated:")),
                    esc(say(tr, &vi, &en))
                );
            }
        }
        body.push_str(&ops_list(tr, plan));
        Ok::<_, PageError>(v.page(&plan.name, &body))
    };
    respond(&v, run.await)
}

fn buttons(v: &Viewer, p: &StoredPlan) -> String {
    if !v.may(Action::ApplyPlans) {
        return String::new();
    }
    let tr = v.tr;
    let csrf = esc(v.caller.csrf());
    let form = |path: &str, label: &str, confirm: &str| {
        format!(
            "<form method=\"post\" action=\"/plans/{}/{path}\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\" value=\"{csrf}\">\
             <button type=\"submit\" data-confirm=\"{}\">{}</button></form>",
            p.id,
            esc(confirm),
            esc(label)
        )
    };
    match p.status {
        PlanStatus::Applied => format!(
            "<div class=\"actions\">{}</div>",
            form(
                "revert",
                say(tr, "Hoàn tác đề án", "Revert the plan"),
                say(tr, "Hoàn tác toàn bộ đề án?", "Revert the whole plan?")
            )
        ),
        _ => format!(
            "<div class=\"actions\"><a class=\"button\" href=\"/plans/{}/edit\">{}</a> {}</div>",
            p.id,
            esc(say(tr, "Sửa dự thảo", "Edit the draft")),
            form(
                "apply",
                say(tr, "Thực hiện đề án", "Apply the plan"),
                say(tr, "Thực hiện toàn bộ đề án vào ngày hiệu lực?", "Apply the whole plan on its effective date?")
            )
        ),
    }
}

/// The simulation: what the plan changes, and which rules the result breaks.
fn report(tr: Tr, o: &Outcome) -> String {
    let r = &o.report;
    let mut h = format!("<h2>{}</h2>", esc(say(tr, "Mô phỏng", "Simulation")));
    let _ = write!(
        h,
        "<div class=\"scroll\"><table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(say(tr, "Đơn vị theo loại", "Units by kind")),
        esc(say(tr, "Loại đơn vị", "Kind")),
        esc(say(tr, "Trước", "Before")),
        esc(say(tr, "Sau", "After")),
        esc(say(tr, "Tăng, giảm", "Change")),
    );
    for k in r.by_kind.iter().filter(|k| k.before != k.after) {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(tr.label(k.kind.label_vi(), k.kind.label_en())),
            esc(&tr.int(i64::from(k.before))),
            esc(&tr.int(i64::from(k.after))),
            esc(&format_delta(i64::from(k.after) - i64::from(k.before))),
        );
    }
    h.push_str("</tbody></table></div>");
    let facts: [(&str, &str, String); 7] = [
        ("Đơn vị thành lập", "Units established", tr.int(i64::from(r.established))),
        ("Đơn vị chấm dứt", "Units ended", tr.int(i64::from(r.ended))),
        ("Đơn vị thay đổi", "Units changed", tr.int(i64::from(r.changed))),
        ("Đảng viên chuyển sinh hoạt", "Members moved", tr.int(i64::from(r.members_moved))),
        ("Người giữ chức vụ chuyển", "Staff moved", tr.int(i64::from(r.staff_moved))),
        ("Chức danh bãi bỏ", "Positions abolished", tr.int(i64::from(r.positions_abolished))),
        (
            "Đảng viên đang sinh hoạt",
            "Active members",
            format!("{} → {}", tr.int(r.members.0 as i64), tr.int(r.members.1 as i64)),
        ),
    ];
    h.push_str("<dl class=\"facts\">");
    for (vi, en, value) in facts {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(say(tr, vi, en)), esc(&value));
    }
    h.push_str("</dl>");
    for c in &r.coverage {
        let show = |(held, of): (u32, u32)| {
            format!("{held}/{of} = {}", format_percent(i64::from(held), i64::from(of)).unwrap_or_else(|| "—".into()))
        };
        let _ = write!(
            h,
            "<p>{} ({}): {} → {}</p>",
            esc(say(tr, "Bí thư đồng thời Chủ tịch Hội đồng nhân dân", "Secretary also chairs the people's council")),
            esc(tr.label(c.kind.label_vi(), c.kind.label_en())),
            esc(&show(c.before)),
            esc(&show(c.after)),
        );
    }
    if !r.surplus.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3><div class=\"scroll\"><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            esc(&format!("{} ({})", say(tr, "Cấp phó vượt định mức", "Deputies above cap"), tr.int(r.surplus.len() as i64))),
            esc(say(tr, "Đơn vị", "Unit")),
            esc(say(tr, "Cấp phó", "Deputies")),
            esc(say(tr, "Định mức", "Cap")),
            esc(say(tr, "Hạn", "Deadline")),
        );
        for s in r.surplus.iter().take(200) {
            let _ = write!(
                h,
                "<tr><td>{} {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(s.unit.as_str()),
                esc(&s.name),
                s.deputies,
                s.cap,
                esc(&tr.date(s.deadline))
            );
        }
        h.push_str("</tbody></table></div>");
    }
    let over: Vec<_> = r.staffing.iter().filter(|s| s.quota.is_some_and(|q| s.after > q)).collect();
    if !over.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3><ul>",
            esc(&format!(
                "{} ({})",
                say(tr, "Vượt biên chế được giao", "Above the staffing quota"),
                tr.int(over.len() as i64)
            ))
        );
        for s in over.iter().take(200) {
            let _ =
                write!(h, "<li>{} {}: {} / {}</li>", esc(s.unit.as_str()), esc(&s.name), s.after, s.quota.unwrap_or(0));
        }
        h.push_str("</ul>");
    }
    let _ = write!(h, "<h3>{}</h3>", esc(say(tr, "Quy định bị vi phạm", "Rules broken")));
    if o.findings.is_empty() {
        let _ = write!(h, "<p class=\"ok\">{}</p>", esc(say(tr, "Không vi phạm quy định nào.", "No rule is broken.")));
    } else {
        h.push_str("<ul class=\"findings\">");
        for f in o.findings.iter().take(500) {
            let op = f.op.map_or_else(|| "—".to_string(), |o| (o + 1).to_string());
            let text = if tr.lang == Lang::Vi { f.breach.vi() } else { f.breach.en() };
            let mark = if f.breach.blocking() { say(tr, "chặn thực hiện", "blocks the plan") } else { "" };
            let _ = write!(
                h,
                "<li>{} {op}: {} {} — {}{}</li>",
                esc(say(tr, "thao tác", "operation")),
                esc(f.unit.as_str()),
                esc(&f.name),
                esc(&text),
                if mark.is_empty() { String::new() } else { format!(" <strong>({})</strong>", esc(mark)) },
            );
        }
        h.push_str("</ul>");
    }
    let _ = write!(
        h,
        "<p>{}: {}</p>",
        esc(say(tr, "Số dòng sẽ ghi", "Rows to write")),
        esc(&tr.int(o.changes.size() as i64))
    );
    h
}

fn ops_list(tr: Tr, plan: &Plan) -> String {
    let mut h = format!(
        "<h2>{}</h2><ol class=\"ops\">",
        esc(&format!("{} ({})", say(tr, "Thao tác", "Operations"), tr.int(plan.ops.len() as i64)))
    );
    for op in plan.ops.iter().take(300) {
        let units: Vec<&str> = op.units().into_iter().map(UnitCode::as_str).collect();
        let _ = write!(h, "<li>{}: {}</li>", esc(tr.label(op.label_vi(), op.label_en())), esc(&units.join(", ")));
    }
    h.push_str("</ol>");
    if plan.ops.len() > 300 {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(say(
                tr,
                "… và các thao tác khác (xem bằng tinhgon plan simulate).",
                "… and more (see tinhgon plan simulate)."
            ))
        );
    }
    h
}

/// What a button asks of a plan.
#[derive(Clone, Copy)]
enum Step {
    Apply,
    Revert,
}

pub(crate) async fn apply(state: Extract<State>, v: Viewer, id: Path<i64>, f: Form<Fields>) -> Response {
    step(state, v, id, f, Step::Apply).await
}

pub(crate) async fn revert(state: Extract<State>, v: Viewer, id: Path<i64>, f: Form<Fields>) -> Response {
    step(state, v, id, f, Step::Revert).await
}

/// Applies or reverts a plan in reach, then shows it again.
async fn step(
    Extract(state): Extract<State>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
    what: Step,
) -> Response {
    let run = async {
        require(&v, Action::ApplyPlans)?;
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        let cx = v.caller.cx();
        let outcome = state
            .with_store(move |s| {
                Ok(match what {
                    Step::Apply => plans::apply(s, &cx, id, &mut |_| {}).map(|_| "applied"),
                    Step::Revert => plans::revert(s, &cx, id, &mut |_| {}).map(|_| "reverted"),
                })
            })
            .await?;
        match outcome {
            Ok(done) => Ok(Redirect::to(&format!("/plans/{id}?done={done}")).into_response()),
            Err(Error::Plan(f)) => Err(failure_page(&f)),
            Err(e) => Err(PageError::from_problem(e.into())),
        }
    };
    respond(&v, run.await)
}

#[derive(serde::Deserialize)]
pub(crate) struct AtQuery {
    at: Option<String>,
}

pub(crate) async fn over_cap(Extract(state): Extract<State>, v: Viewer, Query(q): Query<AtQuery>) -> Response {
    let run = async {
        require(&v, Action::ReadPlans)?;
        let tr = v.tr;
        let on = match q.at.as_deref().filter(|s| !s.is_empty()) {
            Some(t) => Date::parse(t).ok().ok_or_else(|| {
                problem(format!("Ngày không hợp lệ: '{t}'"), format!("Invalid date: '{t}'"), StatusCode::BAD_REQUEST)
            })?,
            None => today(),
        };
        let cx = v.caller.cx();
        let list: Vec<_> = state
            .with_store(move |s| Ok(plans::over_cap(s, &cx, on)?))
            .await?
            .into_iter()
            .filter(|o| o.deputies_now > o.cap)
            .collect();
        let mut rows = String::new();
        for o in &list {
            let late = if o.deadline < on {
                format!(" <strong>{}</strong>", esc(say(tr, "QUÁ HẠN", "OVERDUE")))
            } else {
                String::new()
            };
            let _ = write!(
                rows,
                "<tr><td><a href=\"/units/{code}\">{code}</a> {name}</td><td class=\"num\">{now}</td><td class=\"num\">{cap}</td><td>{deadline}{late}</td><td><a href=\"/plans/{plan}\">{plan}</a></td></tr>",
                code = esc(o.unit.as_str()),
                name = esc(&o.name),
                now = o.deputies_now,
                cap = o.cap,
                deadline = esc(&tr.date(o.deadline)),
                plan = o.plan,
            );
        }
        let body = format!(
            "<h1>{title}</h1><p class=\"lead\">{intro}</p><form method=\"get\" action=\"/plans/over-cap\"><label for=\"at\">{at}</label> \
             <input id=\"at\" name=\"at\" type=\"date\" value=\"{on}\"> <button type=\"submit\">{show}</button></form>\
             <div class=\"scroll\"><table><caption>{count}</caption><thead><tr><th scope=\"col\">{unit}</th><th scope=\"col\">{dep}</th>\
             <th scope=\"col\">{capc}</th><th scope=\"col\">{dl}</th><th scope=\"col\">{plan}</th></tr></thead><tbody>{rows}</tbody></table></div>",
            title = esc(say(tr, "Đơn vị còn vượt số cấp phó", "Units still above their deputy cap")),
            intro = esc(say(
                tr,
                "Sau hợp nhất, số cấp phó dôi dư phải giảm về định mức trong thời hạn đề án quy định.",
                "After a merger, surplus deputies must come back within the cap by the deadline the plan set."
            )),
            at = esc(say(tr, "Vào ngày", "On")),
            on = on,
            show = esc(say(tr, "Xem", "Show")),
            count = esc(&format!("{}: {}", say(tr, "Số đơn vị", "Units"), tr.int(list.len() as i64))),
            unit = esc(say(tr, "Đơn vị", "Unit")),
            dep = esc(say(tr, "Cấp phó hiện có", "Deputies now")),
            capc = esc(say(tr, "Định mức", "Cap")),
            dl = esc(say(tr, "Hạn", "Deadline")),
            plan = esc(say(tr, "Đề án", "Plan")),
        );
        Ok::<_, PageError>(v.page(say(tr, "Đơn vị còn vượt số cấp phó", "Units still above their deputy cap"), &body))
    };
    respond(&v, run.await)
}

fn rules_body(v: &Viewer, values: &[tinhgon_domain::rules::RuleValue], errors: &[String], f: &Fields) -> String {
    let tr = v.tr;
    let mut rows = String::new();
    for r in values {
        let _ = write!(
            rows,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(tr.label(r.key.label_vi(), r.key.label_en())),
            r.value,
            esc(&tr.date(r.validity.from)),
            esc(&r.validity.to.map_or_else(|| "—".to_string(), |t| tr.date(t))),
            esc(&r.source),
        );
    }
    let mut h = format!(
        "<h1>{title}</h1><p class=\"lead\">{intro}</p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">{rule}</th>\
         <th scope=\"col\">{value}</th><th scope=\"col\">{from}</th><th scope=\"col\">{to}</th><th scope=\"col\">{source}</th></tr></thead><tbody>{rows}</tbody></table></div>",
        title = esc(say(tr, "Quy định áp dụng cho đề án", "Rules plans are judged by")),
        intro = esc(say(tr, "Mỗi đề án được đánh giá theo quy định có hiệu lực vào ngày hiệu lực của đề án.", "Each plan is judged by the rules in force on its effective date.")),
        rule = esc(say(tr, "Quy định", "Rule")),
        value = esc(say(tr, "Giá trị", "Value")),
        from = esc(say(tr, "Từ ngày", "From")),
        to = esc(say(tr, "Đến ngày", "Until")),
        source = esc(say(tr, "Văn bản", "Source")),
    );
    if v.may(Action::Administer) {
        if !errors.is_empty() {
            let _ = write!(h, "<div class=\"error\" role=\"alert\"><ul>");
            for e in errors {
                let _ = write!(h, "<li>{}</li>", esc(e));
            }
            h.push_str("</ul></div>");
        }
        let mut opts = String::new();
        for k in RuleKey::ALL {
            let selected = if f.get("rule").is_some_and(|r| r == k.code()) { " selected" } else { "" };
            let _ = write!(
                opts,
                "<option value=\"{}\"{selected}>{}</option>",
                k.code(),
                esc(tr.label(k.label_vi(), k.label_en()))
            );
        }
        let val = |k: &str| esc(f.get(k).map_or("", String::as_str));
        let _ = write!(
            h,
            "<h2>{new}</h2><form method=\"post\" action=\"/rules\" class=\"edit\"><input type=\"hidden\" name=\"_csrf\" value=\"{csrf}\">\
             <p class=\"field\"><label for=\"rule\">{rule}</label><select id=\"rule\" name=\"rule\">{opts}</select></p>\
             <p class=\"field\"><label for=\"value\">{value}</label><input id=\"value\" name=\"value\" type=\"number\" min=\"0\" value=\"{v}\" required></p>\
             <p class=\"field\"><label for=\"from\">{from}</label><input id=\"from\" name=\"from\" type=\"date\" value=\"{fr}\" required></p>\
             <p class=\"field\"><label for=\"source\">{source}</label><input id=\"source\" name=\"source\" type=\"text\" value=\"{s}\" required></p>\
             <p><button type=\"submit\">{save}</button></p></form>",
            new = esc(say(tr, "Giá trị mới từ một ngày", "A new value from a date")),
            csrf = esc(v.caller.csrf()),
            rule = esc(say(tr, "Quy định", "Rule")),
            value = esc(say(tr, "Giá trị", "Value")),
            from = esc(say(tr, "Từ ngày", "From")),
            source = esc(say(tr, "Văn bản căn cứ", "Source document")),
            v = val("value"),
            fr = val("from"),
            s = val("source"),
            save = esc(say(tr, "Lưu", "Save")),
        );
    }
    h
}

pub(crate) async fn rules_page(Extract(state): Extract<State>, v: Viewer) -> Response {
    let run = async {
        require(&v, Action::ReadPlans)?;
        let cx = v.caller.cx();
        let book = state.with_store(move |s| Ok(plans::rules(s, &cx)?)).await?;
        let body = rules_body(&v, book.values(), &[], &Fields::new());
        Ok::<_, PageError>(v.page(say(v.tr, "Quy định áp dụng", "Rules"), &body))
    };
    respond(&v, run.await)
}

pub(crate) async fn set_rule(Extract(state): Extract<State>, v: Viewer, Form(f): Form<Fields>) -> Response {
    let run = async {
        require(&v, Action::Administer)?;
        v.check_csrf(f.get("_csrf").map(String::as_str))?;
        let tr = v.tr;
        let text = |k: &str| f.get(k).map_or("", |s| s.trim());
        let mut errors = Vec::new();
        let key = RuleKey::parse(text("rule")).ok();
        if key.is_none() {
            errors.push(format!("{}: '{}'", say(tr, "Không có quy định", "No such rule"), text("rule")));
        }
        let value = text("value").parse::<i64>().ok().filter(|n| *n >= 0);
        if value.is_none() {
            errors.push(format!(
                "{}: '{}'",
                say(tr, "Giá trị phải là số không âm", "The value must be a whole number, 0 or more"),
                text("value")
            ));
        }
        let from = Date::parse(text("from")).ok();
        if from.is_none() {
            errors.push(format!("{}: '{}'", say(tr, "Ngày không hợp lệ", "Invalid date"), text("from")));
        }
        let source = text("source").to_string();
        if source.is_empty() {
            errors.push(say(tr, "Cần nêu văn bản căn cứ.", "Name the source document.").to_string());
        }
        if let (Some(key), Some(value), Some(from), true) = (key, value, from, errors.is_empty()) {
            let cx = v.caller.cx();
            let saved = state.with_store(move |s| Ok(plans::set_rule(s, &cx, (key, from, value), &source))).await?;
            match saved {
                Ok(()) => return Ok(Redirect::to("/rules").into_response()),
                Err(Error::Invalid(rows)) => {
                    errors.extend(rows.iter().map(|r| say(tr, &r.vi, &r.en).to_string()));
                }
                Err(e) => return Err(PageError::from_problem(e.into())),
            }
        }
        let cx = v.caller.cx();
        let book = state.with_store(move |s| Ok(plans::rules(s, &cx)?)).await?;
        let body = rules_body(&v, book.values(), &errors, &f);
        Ok::<_, PageError>(super::page(
            tr,
            Some(&v.caller),
            say(tr, "Quy định áp dụng", "Rules"),
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
    };
    respond(&v, run.await)
}
