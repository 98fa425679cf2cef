//! The route table: every route of the server — pages, forms, the API, imports, exports, assets —
//! declared once, with what it needs of its caller and a sample request. The router is built from
//! these rows, and the role-by-route test walks them, so a route cannot exist without being tested
//! for every role.

use axum::extract::DefaultBodyLimit;
use axum::http::{Method, StatusCode};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use tinhgon_domain::access::Action;

use crate::http::{headers, Problem, State};
use crate::services::FileKind;
use crate::web::units::{dashboard, exports, page, tree};
use crate::web::{self, directives, forms, party, people, plans};

/// What a route needs of its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Anyone, signed in or not: the sign-in page, the assets, health, the API's description.
    Nobody,
    /// A signed-in caller whose role may take the action.
    Role(Action),
    /// A signed-in caller whose role may take any of the actions (the import page).
    AnyOf(&'static [Action]),
}

/// A body of a sample request; `{unit}` and `{person}` stand for a unit and a person the test
/// chooses in or out of the caller's reach, and `{taken}` for the code of a person who exists
/// (so that a new person with it is refused, whoever asks).
#[derive(Clone, Copy, Debug)]
pub enum Body {
    None,
    Form(&'static str),
    Json(&'static str),
    Csv(&'static str),
}

impl Body {
    /// Whether the body names a unit or a person to be chosen.
    pub fn names(&self) -> (bool, bool) {
        let text = match self {
            Body::None => "",
            Body::Form(t) | Body::Json(t) | Body::Csv(t) => t,
        };
        (text.contains("{unit}"), text.contains("{person}"))
    }
}

/// What the role-by-route test sends, and the answer for a caller who may: every target of the
/// path theirs, and whatever the body names out of their reach (a write never succeeds, so the
/// test writes nothing).
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// The path asked: `{unit}` or `{person}` stand for the target of the path.
    pub path: &'static str,
    pub body: Body,
    pub status: u16,
}

/// One route.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub need: Need,
    pub sample: Sample,
    handler: MethodRouter<State>,
}

fn filter(m: &Method) -> MethodFilter {
    match *m {
        Method::POST => MethodFilter::POST,
        Method::DELETE => MethodFilter::DELETE,
        _ => MethodFilter::GET,
    }
}

fn row<H, T>(method: Method, path: &'static str, need: Need, handler: H, sample: Sample) -> Route
where
    H: axum::handler::Handler<T, State>,
    T: 'static,
{
    let handler = on(filter(&method), handler);
    Route { method, path, need, sample, handler }
}

const fn read(path: &'static str, status: u16) -> Sample {
    Sample { path, body: Body::None, status }
}

const fn form(path: &'static str, body: &'static str) -> Sample {
    Sample { path, body: Body::Form(body), status: 422 }
}

/// The import of one kind of file: the page's upload, the kind in its path.
fn import(kind: FileKind, csv: &'static str, path: &'static str) -> Route {
    let handler =
        on(MethodFilter::POST, move |st, v, q, h, b| async move { forms::import::import(kind, st, v, q, h, b).await })
            .layer(DefaultBodyLimit::max(forms::MAX_UPLOAD));
    let sample = Sample { path, body: Body::Csv(csv), status: 422 };
    Route { method: Method::POST, path, need: Need::Role(kind.action()), sample, handler }
}

/// The upload of a file of minutes: the body is the file, up to the size a file may have.
fn upload<H, T>(path: &'static str, need: Need, sample: Sample, handler: H) -> Route
where
    H: axum::handler::Handler<T, State>,
    T: 'static,
{
    let limit = crate::services::attachments::MAX_FILE + 1024;
    let handler = on(MethodFilter::POST, handler).layer(DefaultBodyLimit::max(limit));
    Route { method: Method::POST, path, need, sample, handler }
}

const EDITS: &[Action] = &[Action::EditUnits, Action::EditPositions, Action::EditMembers, Action::EditPeople];

/// Every route of the server.
pub fn table() -> Vec<Route> {
    use Action::*;
    use Method as M;
    use Need::{AnyOf, Nobody, Role};
    vec![
        // Signing in, the language, the assets.
        row(M::GET, "/", Role(Read), web::home, read("/", 303)),
        row(M::GET, "/login", Nobody, web::login_page, read("/login", 200)),
        row(M::POST, "/login", Nobody, web::login, Sample { path: "/login", body: Body::Form("name=tochuc&password=x"), status: 403 }),
        row(M::POST, "/logout", Role(Read), web::logout, Sample { path: "/logout", body: Body::Form("_csrf="), status: 303 }),
        row(M::GET, "/lang/{lang}", Nobody, web::set_lang, read("/lang/en", 303)),
        row(M::GET, "/assets/app.css", Nobody, web::css, read("/assets/app.css", 200)),
        row(M::GET, "/assets/app.js", Nobody, web::js, read("/assets/app.js", 200)),
        row(M::GET, "/favicon.ico", Nobody, || async { StatusCode::NO_CONTENT }, read("/favicon.ico", 204)),
        // Reading the register.
        row(M::GET, "/units", Role(Read), tree::units_page, read("/units?q=thanh%20sen", 200)),
        row(M::GET, "/units/{code}", Role(Read), page::unit_page, read("/units/{unit}", 200)),
        row(M::GET, "/units/{code}/tree", Role(Read), tree::tree_fragment, read("/units/{unit}/tree", 200)),
        row(M::GET, "/units/{code}/stats.xlsx", Role(Read), exports::stats_xlsx, read("/units/{unit}/stats.xlsx?at=01/06/2026", 200)),
        row(M::GET, "/units/{code}/dashboard", Role(Read), dashboard::dashboard, read("/units/{unit}/dashboard?compare=01/01/2020", 200)),
        row(M::GET, "/units/{code}/members.xlsx", Role(Read), exports::members_xlsx, read("/units/{unit}/members.xlsx", 200)),
        row(M::GET, "/units/{code}/party-work", Role(Read), crate::web::units::party_work::party_work_page, read("/units/{unit}/party-work?year=2026&compare=2025", 200)),
        row(M::GET, "/units/{code}/party-work.xlsx", Role(Read), crate::web::units::party_work::party_work_xlsx, read("/units/{unit}/party-work.xlsx?year=2026&compare=2025", 200)),
        row(M::GET, "/units/{code}/positions.xlsx", Role(Read), exports::positions_xlsx, read("/units/{unit}/positions.xlsx", 200)),
        row(M::GET, "/people", Role(Read), people::people_page, read("/people?q=nguyen", 200)),
        row(M::GET, "/people/{code}", Role(Read), people::person_page, read("/people/{person}", 200)),
        // Changing the register through forms.
        row(M::GET, "/units/new", Role(EditUnits), forms::units::new_unit_page, read("/units/new?parent={unit}", 200)),
        row(M::POST, "/units/new", Role(EditUnits), forms::units::new_unit, form("/units/new", "code=42.NEW1&name=Chi%20b%E1%BB%99%20m%E1%BB%9Bi&kind=party_cell&parent={unit}&valid_from=01/02/2026&decision_no=9-Q%C4%90/TU&decision_date=20/01/2026")),
        row(M::GET, "/units/{code}/edit", Role(EditUnits), forms::units::edit_unit_page, read("/units/{unit}/edit", 200)),
        row(M::POST, "/units/{code}/edit", Role(EditUnits), forms::units::edit_unit, form("/units/{unit}/edit", "name=%C4%90%E1%BB%95i%20t%C3%AAn&kind=party_cell&parent={unit}&valid_from=01/02/2026&decision_no=9-Q%C4%90/TU&decision_date=20/01/2026")),
        row(M::POST, "/units/{code}/end", Role(EditUnits), forms::units::end_unit, form("/units/{unit}/end", "valid_to=01/02/2026&decision_no=9-Q%C4%90/TU&decision_date=20/01/2026")),
        row(M::GET, "/units/{code}/positions/new", Role(EditPositions), forms::positions::appoint_page, read("/units/{unit}/positions/new", 200)),
        row(M::POST, "/units/{code}/positions/new", Role(EditPositions), forms::positions::appoint, form("/units/{unit}/positions/new", "person={person}&title=Chuy%C3%AAn%20vi%C3%AAn&rank=staff&primary=0&valid_from=01/02/2026&decision_no=9-Q%C4%90/TU&decision_date=20/01/2026")),
        row(M::GET, "/units/{code}/positions/end", Role(EditPositions), forms::positions::end_position_page, read("/units/{unit}/positions/end", 200)),
        row(M::POST, "/units/{code}/positions/end", Role(EditPositions), forms::positions::end_position, form("/units/{unit}/positions/end", "person={person}&title=Kh%C3%B4ng%20c%C3%B3&valid_to=01/02/2026&decision_no=9-Q%C4%90/TU&decision_date=20/01/2026")),
        row(M::GET, "/people/new", Role(EditPeople), forms::people::new_person_page, read("/people/new", 200)),
        row(M::POST, "/people/new", Role(EditPeople), forms::people::new_person, form("/people/new", "code={taken}&full_name=Nguy%E1%BB%85n%20V%C4%83n%20M%E1%BB%9Bi&gender=male&birth_date=01/01/1990")),
        row(M::GET, "/people/{code}/edit", Role(EditPeople), forms::people::edit_person_page, read("/people/{person}/edit", 200)),
        row(M::POST, "/people/{code}/edit", Role(EditPeople), forms::people::edit_person, form("/people/{person}/edit", "full_name=Nguy%E1%BB%85n%20V%C4%83n%20M%E1%BB%9Bi&gender=male&birth_date=01/01/2999")),
        row(M::GET, "/people/{code}/memberships/new", Role(EditMembers), forms::memberships::membership_page, read("/people/{person}/memberships/new", 200)),
        row(M::POST, "/people/{code}/memberships/new", Role(EditMembers), forms::memberships::membership, form("/people/{person}/memberships/new", "unit={unit}&status=probationary&admitted_on=01/02/2016&valid_to=01/03/2016&decision_no=9-Q%C4%90/TU&decision_date=20/01/2016")),
        row(M::GET, "/people/{code}/memberships/end", Role(EditMembers), forms::memberships::end_membership_page, read("/people/{person}/memberships/end", 200)),
        row(M::POST, "/people/{code}/memberships/end", Role(EditMembers), forms::memberships::end_membership, form("/people/{person}/memberships/end", "valid_to=01/01/1900&reason=deceased&decision_no=9-Q%C4%90/TU&decision_date=20/01/2026")),
        // Imports.
        row(M::GET, "/import", AnyOf(EDITS), forms::import::import_page, read("/import", 200)),
        import(FileKind::Units, "code,name,kind,parent,valid_from\n42.NEW2,Chi bộ mới,party_cell,{unit},01/02/2026\n", "/import/units"),
        import(FileKind::People, "code,full_name,gender,birth_date\n{taken},Nguyễn Văn Mới,nam,01/01/1990\n", "/import/people"),
        import(FileKind::Members, "person,unit,status,admitted_on,valid_to\n{person},{unit},probationary,01/02/2016,01/03/2016\n", "/import/members"),
        import(FileKind::Positions, "person,unit,title,rank,valid_from,primary\n{person},{unit},Chuyên viên,staff,01/02/2026,0\n", "/import/positions"),
        import(FileKind::Quotas, "unit,year,category,quota\n{unit},2026,civil_servant,5\n", "/import/quotas"),
        // Restructuring plans and the rules they are judged by.
        row(M::GET, "/units/{code}/due", Role(Read), party::due::due_page, read("/units/{unit}/due", 200)),
        row(M::GET, "/units/{code}/dues", Role(Read), party::dues::dues_page, read("/units/{unit}/dues?month=03/2026", 200)),
        row(M::POST, "/units/{code}/dues", Role(EditMembers), party::dues::record_payment, form("/units/{unit}/dues", "person={person}&month=01/2090&amount=1000&paid_on=01/01/2026")),
        row(M::GET, "/units/{code}/meetings", Role(Read), party::meetings::meetings_page, read("/units/{unit}/meetings?from=01/01/2026&to=31/12/2026", 200)),
        row(M::POST, "/units/{code}/meetings", Role(EditMembers), party::meetings::plan_meeting, form("/units/{unit}/meetings", "kind=regular&planned_on=01/01/1900&topic=")),
        row(M::GET, "/units/{code}/ratings", Role(Read), party::ratings::ratings_page, read("/units/{unit}/ratings?year=2025", 200)),
        row(M::POST, "/units/{code}/ratings", Role(EditMembers), party::ratings::save_ratings, form("/units/{unit}/ratings", "year=2025&stage=decision&grade.{unit}=tsvm")),
        row(M::GET, "/units/{code}/documents", Role(Read), directives::documents::documents_page, read("/units/{unit}/documents", 200)),
        row(M::POST, "/units/{code}/documents", Role(Direct), directives::documents::create_document, form("/units/{unit}/documents", "kind=chuong_trinh&title=Ch%C6%B0%C6%A1ng%20tr%C3%ACnh&sign=06-CTr/HU&issued_on=01/01/1900&targets={unit}")),
        row(M::GET, "/documents/{id}", Role(Read), directives::documents::document_page, read("/documents/999999", 404)),
        row(M::POST, "/documents/{id}/issue", Role(Direct), directives::documents::issue_document, Sample { path: "/documents/999999/issue", body: Body::Form("sign=01-KH/TU&issued_on=05/01/2026"), status: 404 }),
        row(M::POST, "/documents/{id}/files/{file}/withdraw", Role(Direct), directives::documents::withdraw_file, Sample { path: "/documents/999999/files/1/withdraw", body: Body::Form("confirm=1"), status: 404 }),
        row(M::GET, "/documents/{id}/word.docx", Role(Read), directives::documents::document_word, read("/documents/999999/word.docx", 404)),
        row(M::POST, "/documents/{id}/tasks", Role(Direct), directives::task_forms::add_task, Sample { path: "/documents/999999/tasks", body: Body::Form("title=x&unit={unit}&deadline=30/06/2026"), status: 404 }),
        row(M::POST, "/documents/{id}/rollup", Role(Direct), directives::task_forms::set_rollup, Sample { path: "/documents/999999/rollup", body: Body::Form("rollup=weighted"), status: 404 }),
        row(M::POST, "/tasks/{id}/progress", Role(Direct), directives::task_forms::report_task, Sample { path: "/tasks/999999/progress", body: Body::Form("progress=50"), status: 404 }),
        row(M::GET, "/units/{code}/campaigns", Role(Read), directives::campaigns::campaigns_page, read("/units/{unit}/campaigns", 200)),
        row(M::POST, "/units/{code}/campaigns", Role(Direct), directives::campaigns::launch, form("/units/{unit}/campaigns", "kind=tong_ket&title=T%E1%BB%95ng%20k%E1%BA%BFt&reference_on=01/01/1900&report_by=01/02/1900&field.members_total=on")),
        row(M::GET, "/campaigns/{id}", Role(Read), directives::campaigns::campaign_page, read("/campaigns/999999", 404)),
        row(M::POST, "/campaigns/{id}/teams", Role(Direct), directives::campaigns::add_team, Sample { path: "/campaigns/999999/teams", body: Body::Form("name=T%E1%BB%95%201&members=x&units={unit}"), status: 404 }),
        row(M::POST, "/campaigns/{id}/prefill", Role(Direct), directives::campaigns::start_prefill, Sample { path: "/campaigns/999999/prefill", body: Body::Form("x=1"), status: 404 }),
        row(M::GET, "/campaigns/{id}/prefill", Role(Read), directives::campaigns::prefill_page, read("/campaigns/999999/prefill", 404)),
        row(M::GET, "/campaigns/{id}/aggregate", Role(Read), directives::campaigns::aggregate_page, read("/campaigns/999999/aggregate", 404)),
        row(M::GET, "/campaigns/{id}/aggregate.xlsx", Role(Read), directives::campaigns::aggregate_xlsx, read("/campaigns/999999/aggregate.xlsx", 404)),
        row(M::GET, "/campaigns/{id}/reports/{code}", Role(Read), directives::campaigns::report_page, read("/campaigns/999999/reports/{unit}", 404)),
        row(M::POST, "/campaigns/{id}/reports/{code}", Role(Direct), directives::campaigns::save_report, Sample { path: "/campaigns/999999/reports/{unit}", body: Body::Form("action=submit&text.0=x"), status: 404 }),
        row(M::GET, "/campaigns/{id}/reports/{code}/word.docx", Role(Read), directives::campaigns::report_word, read("/campaigns/999999/reports/{unit}/word.docx", 404)),
        row(M::GET, "/cases", Role(Read), party::cases::cases_page, read("/cases?unit={unit}&year=2026", 200)),
        row(M::POST, "/cases", Role(Inspect), party::cases::open_case, form("/cases", "kind=inspection&handler={unit}&opened_on=01/01/2199&title=Ki%E1%BB%83m%20tra&subject_person={person}")),
        row(M::GET, "/cases/{id}", Role(Read), party::cases::case_page, read("/cases/999999", 404)),
        row(M::POST, "/cases/{id}/conclusion", Role(Inspect), party::cases::conclude_case, Sample { path: "/cases/999999/conclusion", body: Body::Form("concluded_on=05/01/2026&conclusion=x"), status: 404 }),
        row(M::POST, "/cases/{id}/discipline", Role(Inspect), party::cases::record_discipline, Sample { path: "/cases/999999/discipline", body: Body::Form("form=reprimand&breach=ordinary&breach_on=01/01/2026&decided_by=42&decided_on=02/01/2026&decision_no=5-Q%C4%90/UBKT"), status: 404 }),
        row(M::POST, "/cases/{id}/disciplines/{decision}/announcement", Role(Inspect), party::cases::announce_decision, Sample { path: "/cases/999999/disciplines/999999/announcement", body: Body::Form("announced_on=05/01/2026"), status: 404 }),
        row(M::POST, "/meetings/{id}/files/{file}/withdraw", Role(EditMembers), party::meetings::withdraw_file, Sample { path: "/meetings/999999/files/1/withdraw", body: Body::Form("confirm=1"), status: 404 }),
        row(M::GET, "/meetings/{id}", Role(Read), party::meetings::meeting_page, read("/meetings/999999", 404)),
        row(M::POST, "/meetings/{id}/held", Role(EditMembers), party::meetings::hold_meeting, Sample { path: "/meetings/999999/held", body: Body::Form("held_on=01/02/2026&presence.X=present"), status: 404 }),
        row(M::GET, "/admissions", Role(Read), party::admissions::admissions_page, read("/admissions", 200)),
        row(M::POST, "/admissions", Role(EditMembers), party::admissions::open_admission, form("/admissions", "person={person}&cell={unit}&on=01/02/2016&general_education=13/12")),
        row(M::GET, "/admissions/{id}", Role(Read), party::admissions::admission_page, read("/admissions/999999", 404)),
        row(M::POST, "/admissions/{id}/steps", Role(EditMembers), party::admissions::record_step, Sample { path: "/admissions/999999/steps", body: Body::Form("step=course&on=01/02/2016"), status: 404 }),
        row(M::GET, "/transfers", Role(Read), party::transfers::transfers_page, read("/transfers", 200)),
        row(M::POST, "/transfers", Role(EditMembers), party::transfers::send_transfer, form("/transfers", "person={person}&kind=official&to_cell={unit}&on=01/02/2016&letter=99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999")),
        row(M::POST, "/transfers/{id}/receive", Role(EditMembers), party::transfers::receive_transfer, Sample { path: "/transfers/999999/receive", body: Body::Form("on=01/02/2016"), status: 404 }),
        row(M::GET, "/plans", Role(ReadPlans), plans::list, read("/plans", 200)),
        row(M::GET, "/plans/new", Role(ApplyPlans), plans::new_page, read("/plans/new", 200)),
        row(M::POST, "/plans/new", Role(ApplyPlans), plans::create, form("/plans/new", "name=B%E1%BB%91%20tr%C3%AD&decision=9-Q%C4%90/TU&decision_date=20/01/2026&effective=01/02/2026&ops=op,unit,person,title,rank,primary%0Acreate_position,{unit},{person},Ph%C3%B3,deputy,0%0A")),
        row(M::GET, "/plans/over-cap", Role(ReadPlans), plans::over_cap, read("/plans/over-cap", 200)),
        row(M::GET, "/plans/{id}", Role(ReadPlans), plans::show, read("/plans/999", 404)),
        row(M::GET, "/plans/{id}/edit", Role(ApplyPlans), plans::edit_page, read("/plans/999/edit", 404)),
        row(M::POST, "/plans/{id}/edit", Role(ApplyPlans), plans::edit, Sample { path: "/plans/999/edit", body: Body::Form("name=x"), status: 404 }),
        row(M::POST, "/plans/{id}/apply", Role(ApplyPlans), plans::apply, Sample { path: "/plans/999/apply", body: Body::Form("_csrf="), status: 404 }),
        row(M::POST, "/plans/{id}/revert", Role(ApplyPlans), plans::revert, Sample { path: "/plans/999/revert", body: Body::Form("_csrf="), status: 404 }),
        row(M::GET, "/rules", Role(ReadPlans), plans::rules_page, read("/rules", 200)),
        row(M::POST, "/rules", Role(Administer), plans::set_rule, form("/rules", "rule=cell_min_members&value=-1&from=01/01/2027&source=")),
        // The JSON API.
        row(M::GET, "/api/health", Nobody, crate::api::health::health, read("/api/health", 200)),
        row(M::GET, "/api/openapi.json", Nobody, crate::api::openapi::openapi, read("/api/openapi.json", 200)),
        row(M::GET, "/api/units", Role(Read), crate::api::register::units::list_units, read("/api/units?q=ha%20tinh", 200)),
        row(M::POST, "/api/units", Role(EditUnits), crate::api::register::units::create_unit, Sample { path: "/api/units", body: Body::Json(r#"{"code":"42.NEW3","name":"Chi bộ mới","kind":"party_cell","parent":"{unit}","valid_from":"2026-02-01"}"#), status: 422 }),
        row(M::GET, "/api/units/{code}", Role(Read), crate::api::register::units::get_unit, read("/api/units/{unit}", 200)),
        row(M::GET, "/api/units/{code}/children", Role(Read), crate::api::register::units::unit_children, read("/api/units/{unit}/children", 200)),
        row(M::GET, "/api/units/{code}/members", Role(Read), crate::api::register::units::unit_members, read("/api/units/{unit}/members", 200)),
        row(M::GET, "/api/units/{code}/positions", Role(Read), crate::api::register::units::unit_positions, read("/api/units/{unit}/positions", 200)),
        row(M::GET, "/api/units/{code}/stats", Role(Read), crate::api::register::units::unit_stats, read("/api/units/{unit}/stats", 200)),
        row(M::GET, "/api/people", Role(Read), crate::api::register::people::list_people, read("/api/people?q=nguyen", 200)),
        row(M::POST, "/api/people", Role(EditPeople), crate::api::register::people::create_person, Sample { path: "/api/people", body: Body::Json(r#"{"code":"{taken}","full_name":"Nguyễn Văn Mới","gender":"nam","birth_date":"1990-01-01"}"#), status: 422 }),
        row(M::GET, "/api/people/{code}", Role(Read), crate::api::register::people::get_person, read("/api/people/{person}", 200)),
        row(M::POST, "/api/members", Role(EditMembers), crate::api::register::members::create_member, Sample { path: "/api/members", body: Body::Json(r#"{"person":"{person}","unit":"{unit}","status":"probationary","admitted_on":"2016-02-01","valid_to":"2016-03-01"}"#), status: 422 }),
        // Party work: an admission or a transfer named by number is absent to whoever it is not
        // in reach of; the samples' bodies are refused whoever they name.
        row(M::GET, "/api/units/{code}/party-stats", Role(Read), crate::api::party::stats::party_stats, read("/api/units/{unit}/party-stats?from=2025-01-01&to=2026-01-01", 200)),
        row(M::GET, "/api/people/{code}/record", Role(Read), crate::api::party::record::member_record, read("/api/people/{person}/record", 200)),
        row(M::GET, "/api/units/{code}/badges-due", Role(Read), crate::api::party::badges::badges_due, read("/api/units/{unit}/badges-due?until=2027-01-01", 200)),
        row(M::GET, "/api/units/{code}/due", Role(Read), crate::api::party::due::work_due, read("/api/units/{unit}/due", 200)),
        row(M::GET, "/api/people/{code}/dues", Role(Read), crate::api::party::dues::dues_ledger, read("/api/people/{person}/dues?year=2026", 200)),
        row(M::POST, "/api/dues/payments", Role(EditMembers), crate::api::party::dues::pay_dues, Sample { path: "/api/dues/payments", body: Body::Json(r#"{"person":"{person}","month":"01/2090","amount":1000,"paid_on":"2026-01-05"}"#), status: 422 }),
        row(M::POST, "/api/badges", Role(EditMembers), crate::api::party::badges::award_badge, Sample { path: "/api/badges", body: Body::Json(r#"{"person":"{person}","years":35,"on":"2026-09-02","decision_no":"5-QĐ/TU","decision_date":"2026-08-20"}"#), status: 422 }),
        row(M::POST, "/api/leavings", Role(EditMembers), crate::api::party::leaving::leave, Sample { path: "/api/leavings", body: Body::Json(r#"{"person":"{person}","ground":"death","on":"1900-01-01","decision_no":"5-QĐ/TU","decision_date":"1900-01-02"}"#), status: 422 }),
        row(M::GET, "/api/admissions", Role(Read), crate::api::party::admissions::list_admissions, read("/api/admissions", 200)),
        row(M::POST, "/api/admissions", Role(EditMembers), crate::api::party::admissions::open_admission, Sample { path: "/api/admissions", body: Body::Json(r#"{"person":"{person}","cell":"{unit}","on":"2016-02-01","general_education":"13/12"}"#), status: 422 }),
        row(M::GET, "/api/admissions/{id}", Role(Read), crate::api::party::admissions::get_admission, read("/api/admissions/999999", 404)),
        row(M::POST, "/api/admissions/{id}/steps", Role(EditMembers), crate::api::party::admissions::admission_step, Sample { path: "/api/admissions/999999/steps", body: Body::Json(r#"{"step":"course","on":"2016-02-01"}"#), status: 404 }),
        row(M::GET, "/api/transfers", Role(Read), crate::api::party::transfers::list_transfers, read("/api/transfers", 200)),
        row(M::POST, "/api/transfers", Role(EditMembers), crate::api::party::transfers::send_transfer, Sample { path: "/api/transfers", body: Body::Json(r#"{"person":"{person}","to_cell":"{unit}","on":"2016-02-01","letter":"99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"}"#), status: 422 }),
        row(M::POST, "/api/transfers/{id}/receive", Role(EditMembers), crate::api::party::transfers::receive_transfer, Sample { path: "/api/transfers/999999/receive", body: Body::Json(r#"{"on":"2016-02-01"}"#), status: 404 }),
        row(M::POST, "/api/meetings", Role(EditMembers), crate::api::party::meetings::create_meeting, Sample { path: "/api/meetings", body: Body::Json(r#"{"unit":"{unit}","kind":"regular","held_on":"1900-01-05","attendance":[{"person":"{person}","presence":"present"}]}"#), status: 422 }),
        upload("/api/meetings/{id}/files", Role(EditMembers), Sample { path: "/api/meetings/999999/files?name=b.pdf", body: Body::Csv("%PDF-1.4"), status: 404 }, crate::api::party::meetings::attach_file),
        row(M::GET, "/api/meetings/{id}/files/{file}", Role(Read), crate::api::party::meetings::get_file, read("/api/meetings/999999/files/1", 404)),
        row(M::DELETE, "/api/meetings/{id}/files/{file}", Role(EditMembers), crate::api::party::meetings::withdraw_file, Sample { path: "/api/meetings/999999/files/1", body: Body::None, status: 404 }),
        row(M::POST, "/api/meetings/{id}/held", Role(EditMembers), crate::api::party::meetings::hold_meeting, Sample { path: "/api/meetings/999999/held", body: Body::Json(r#"{"held_on":"2026-01-05"}"#), status: 404 }),
        row(M::GET, "/api/meetings/{id}", Role(Read), crate::api::party::meetings::get_meeting, read("/api/meetings/999999", 404)),
        row(M::GET, "/api/units/{code}/meetings", Role(Read), crate::api::party::meetings::unit_meetings, read("/api/units/{unit}/meetings?from=2026-01-01&to=2026-12-31", 200)),
        row(M::GET, "/api/units/{code}/meeting-stats", Role(Read), crate::api::party::meetings::meeting_stats, read("/api/units/{unit}/meeting-stats?from=2026-01-01&to=2026-12-31", 200)),
        row(M::POST, "/api/documents", Role(Direct), crate::api::directives::documents::create_document, Sample { path: "/api/documents", body: Body::Json(r#"{"issuer":"{unit}","kind":"chuong_trinh","title":"Chương trình hành động","sign":"06-CTr/HU","issued_on":"2017-01-05","targets":["{unit}"]}"#), status: 422 }),
        row(M::GET, "/api/documents/{id}", Role(Read), crate::api::directives::documents::get_document, read("/api/documents/999999", 404)),
        row(M::POST, "/api/documents/{id}/issue", Role(Direct), crate::api::directives::documents::issue_document, Sample { path: "/api/documents/999999/issue", body: Body::Json(r#"{"sign":"01-KH/TU","issued_on":"2026-01-05"}"#), status: 404 }),
        row(M::POST, "/api/documents/{id}/expire", Role(Direct), crate::api::directives::documents::expire_document, Sample { path: "/api/documents/999999/expire", body: Body::Json(r#"{"on":"2026-01-05"}"#), status: 404 }),
        upload("/api/documents/{id}/files", Role(Direct), Sample { path: "/api/documents/999999/files?name=b.pdf", body: Body::Csv("%PDF-1.4"), status: 404 }, crate::api::directives::documents::attach_file),
        row(M::GET, "/api/documents/{id}/files/{file}", Role(Read), crate::api::directives::documents::get_file, read("/api/documents/999999/files/1", 404)),
        row(M::DELETE, "/api/documents/{id}/files/{file}", Role(Direct), crate::api::directives::documents::withdraw_file, Sample { path: "/api/documents/999999/files/1", body: Body::None, status: 404 }),
        row(M::GET, "/api/documents/{id}/docx", Role(Read), crate::api::directives::documents::document_docx, read("/api/documents/999999/docx", 404)),
        row(M::GET, "/api/units/{code}/documents", Role(Read), crate::api::directives::documents::unit_documents, read("/api/units/{unit}/documents", 200)),
        row(M::POST, "/api/units/{code}/congresses", Role(Direct), crate::api::directives::documents::add_congress, Sample { path: "/api/units/{unit}/congresses", body: Body::Json(r#"{"closed_on":"1900-01-01","label":"Đại hội"}"#), status: 422 }),
        row(M::POST, "/api/documents/{id}/tasks", Role(Direct), crate::api::directives::tasks::add_task, Sample { path: "/api/documents/999999/tasks", body: Body::Json(r#"{"unit":"{unit}","title":"Nhiệm vụ","deadline":"2026-06-30"}"#), status: 404 }),
        row(M::GET, "/api/documents/{id}/tasks", Role(Read), crate::api::directives::tasks::document_tasks, read("/api/documents/999999/tasks", 404)),
        row(M::POST, "/api/documents/{id}/rollup", Role(Direct), crate::api::directives::tasks::set_rollup, Sample { path: "/api/documents/999999/rollup", body: Body::Json(r#"{"rollup":"weighted"}"#), status: 404 }),
        row(M::POST, "/api/tasks/{id}/progress", Role(Direct), crate::api::directives::tasks::report_task, Sample { path: "/api/tasks/999999/progress", body: Body::Json(r#"{"progress":50}"#), status: 404 }),
        row(M::GET, "/api/units/{code}/tasks", Role(Read), crate::api::directives::tasks::unit_tasks, read("/api/units/{unit}/tasks", 200)),
        row(M::POST, "/api/campaigns", Role(Direct), crate::api::directives::campaigns::launch, Sample { path: "/api/campaigns", body: Body::Json(r#"{"launcher":"{unit}","title":"Tổng kết","reference_on":"2016-12-31","report_by":"2017-02-28","fields":["members_total"]}"#), status: 422 }),
        row(M::GET, "/api/campaigns/{id}", Role(Read), crate::api::directives::campaigns::get_campaign, read("/api/campaigns/999999", 404)),
        row(M::POST, "/api/campaigns/{id}/teams", Role(Direct), crate::api::directives::campaigns::add_team, Sample { path: "/api/campaigns/999999/teams", body: Body::Json(r#"{"name":"Tổ 1","members":"x","units":["{unit}"]}"#), status: 404 }),
        row(M::GET, "/api/campaigns/{id}/aggregate", Role(Read), crate::api::directives::campaigns::aggregate, read("/api/campaigns/999999/aggregate", 404)),
        row(M::GET, "/api/campaigns/{id}/reports/{code}", Role(Read), crate::api::directives::campaigns::get_report, read("/api/campaigns/999999/reports/{unit}", 404)),
        row(M::POST, "/api/campaigns/{id}/reports/{code}", Role(Direct), crate::api::directives::campaigns::save_report, Sample { path: "/api/campaigns/999999/reports/{unit}", body: Body::Json(r#"{"texts":["x"],"submit":true}"#), status: 404 }),
        row(M::GET, "/api/units/{code}/campaigns", Role(Read), crate::api::directives::campaigns::unit_campaigns, read("/api/units/{unit}/campaigns", 200)),
        row(M::POST, "/api/ratings", Role(EditMembers), crate::api::party::ratings::rate, Sample { path: "/api/ratings", body: Body::Json(r#"{"ratings":[{"year":2025,"subject":"organization","unit":"{unit}","grade":"tsvm"},{"year":2025,"subject":"member","person":"{person}","grade":"httnv"}]}"#), status: 422 }),
        row(M::GET, "/api/units/{code}/ratings", Role(Read), crate::api::party::ratings::unit_ratings, read("/api/units/{unit}/ratings?year=2025", 200)),
        row(M::GET, "/api/units/{code}/party-work", Role(Read), crate::api::party::ratings::party_work, read("/api/units/{unit}/party-work?year=2025&compare=2024", 200)),
        row(M::POST, "/api/cases", Role(Inspect), crate::api::party::cases::open_case, Sample { path: "/api/cases", body: Body::Json(r#"{"kind":"inspection","handler":"{unit}","opened_on":"2199-01-01","title":"Kiểm tra","subject_person":"{person}"}"#), status: 422 }),
        row(M::POST, "/api/cases/{id}/conclusion", Role(Inspect), crate::api::party::cases::conclude_case, Sample { path: "/api/cases/999999/conclusion", body: Body::Json(r#"{"concluded_on":"2026-01-05","conclusion":"x"}"#), status: 404 }),
        row(M::GET, "/api/cases/{id}", Role(Read), crate::api::party::cases::get_case, read("/api/cases/999999", 404)),
        row(M::GET, "/api/units/{code}/cases", Role(Read), crate::api::party::cases::unit_cases, read("/api/units/{unit}/cases?year=2026", 200)),
        row(M::POST, "/api/disciplines", Role(Inspect), crate::api::party::disciplines::decide, Sample { path: "/api/disciplines", body: Body::Json(r#"{"person":"{person}","form":"reprimand","breach_on":"2026-01-01","decided_by":"{unit}","decided_on":"2199-01-02","decision_no":"5-QĐ/UBKT"}"#), status: 422 }),
        row(M::POST, "/api/disciplines/{id}/announcement", Role(Inspect), crate::api::party::disciplines::announce, Sample { path: "/api/disciplines/999999/announcement", body: Body::Json(r#"{"announced_on":"2026-01-05"}"#), status: 404 }),
        row(M::GET, "/api/units/{code}/disciplines", Role(Read), crate::api::party::disciplines::unit_disciplines, read("/api/units/{unit}/disciplines?year=2026", 200)),
        row(M::GET, "/api/{*rest}", Nobody, api_absent, read("/api/nope", 404)),
        row(M::POST, "/api/{*rest}", Nobody, api_absent, Sample { path: "/api/nope", body: Body::Json("{}"), status: 404 }),
    ]
}

async fn api_absent() -> Problem {
    let (vi, en) = crate::i18n::both("route-absent", &[]);
    Problem::not_found(vi, en)
}

/// The whole server — the JSON API and the web application — from the table; any other path is
/// the not-found page, another method on a known path a 405.
pub fn router(state: State) -> Router {
    table()
        .into_iter()
        .fold(Router::new(), |r, route| r.route(route.path, route.handler))
        .fallback(web::not_found_page)
        .method_not_allowed_fallback(not_allowed)
        .with_state(state)
        .layer(axum::middleware::from_fn(refuse_controls))
        .layer(axum::middleware::map_response(headers::secure))
}

/// A known path asked with another method: problem+json on the API, a page elsewhere.
async fn not_allowed(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> axum::response::Response {
    refusal(&uri, &headers, StatusCode::METHOD_NOT_ALLOWED, "route-method")
}

fn refusal(
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
    status: StatusCode,
    key: &str,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        let (vi, en) = crate::i18n::both(key, &[]);
        Problem::new(status, vi, en).into_response()
    } else {
        web::unreadable(headers, status)
    }
}

/// A path or query string that carries a control character (percent-encoded or not) is refused
/// with 400 before any handler sees it: no code, name or date holds one, and the databases would
/// refuse some of them with an error of their own.
async fn refuse_controls(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let raw = req.uri().path_and_query().map_or("", |p| p.as_str());
    if headers::has_control(raw) {
        return refusal(req.uri(), req.headers(), StatusCode::BAD_REQUEST, "route-control-character");
    }
    next.run(req).await
}
