//! An elder's record: enrolment, contacts, linking a family account, revealing phones.

use super::*;

#[derive(Template)]
#[template(path = "daycare_elder.html")]
pub(super) struct ElderPage {
    shell: Shell,
    /// The elder, or none for the enrolment form.
    elder: Option<ElderView>,
    grid: Option<Grid>,
    community: String,
    candidates: Vec<Candidate>,
    /// The name looked for among the candidates.
    q: String,
    /// The contacts' phones in full (the record's).
    phones: Vec<String>,
    problem: Problem,
    typed: Fields,
    /// Which form came back: enrol, edit, contact, book:ID.
    form: String,
}

impl ElderPage {
    fn t(&self) -> &'static DaycareTexts {
        &self.shell.t.centre.daycare
    }
    fn day(&self, d: &NaiveDate) -> String {
        day_words(self.t(), *d)
    }
    fn head(&self, g: &Grid, m: &Meal) -> String {
        meal_head(self.t(), g, *m)
    }
    fn phone(&self, i: &usize) -> String {
        self.phones.get(*i).cloned().unwrap_or_default()
    }
    /// Whether the phones are shown in full (revealed for a reason).
    fn revealed(&self) -> bool {
        self.elder.as_ref().is_some_and(|e| e.contacts.iter().zip(&self.phones).any(|(c, p)| *p != c.phone_masked))
    }
    fn diet_list(&self) -> Vec<(&'static str, &'static str)> {
        self.t().diet_names.to_vec()
    }
    fn has_diet(&self, code: &str) -> bool {
        if self.form == "enrol" || self.form == "edit" {
            return self.typed.all("diet").contains(&code);
        }
        self.elder.as_ref().is_some_and(|e| e.elder.diets.split(',').any(|d| d == code))
    }
    fn value(&self, form: &str, key: &str) -> String {
        if self.form == form {
            return self.typed.get(key).to_owned();
        }
        match (&self.elder, key) {
            (Some(e), "allergies") if form == "edit" => e.elder.allergies.clone(),
            (Some(e), "notes") if form == "edit" => e.elder.notes.clone(),
            _ => String::new(),
        }
    }
    fn age(&self, n: &u32) -> String {
        self.t().age.replace("{n}", &n.to_string())
    }
    fn error(&self, form: &str, field: &str) -> Option<&str> {
        if self.form == form { self.problem.at(field) } else { None }
    }
    fn general(&self, form: &str, shown: &[&str]) -> Option<&str> {
        if self.form == form { self.problem.general(shown) } else { None }
    }
    /// The form the elder's fields are in: the record's, or the enrolment's.
    fn elder_form(&self) -> &'static str {
        if self.elder.is_some() { "edit" } else { "enrol" }
    }
    fn chosen(&self, c: &Candidate) -> bool {
        self.form == "enrol" && self.typed.get("person") == c.person.to_string()
    }
}

pub(super) async fn elder_page_with(state: &AppState, v: &Visitor, id: Uuid, back: Back) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let record = state.app.daycare_record(user, &v.ip, id, None).await?;
    elder_page_of(state, v, record, back).await
}

pub(super) async fn elder_page_of(
    state: &AppState,
    v: &Visitor,
    (elder, phones): (ElderView, Vec<String>),
    back: Back,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let id = elder.elder.id;
    let grid = if elder.elder.active { Some(state.app.booking_grid(user, id).await?) } else { None };
    let page = ElderPage {
        shell: v.shell(),
        community: elder.elder.community_id.clone(),
        elder: Some(elder),
        grid,
        candidates: Vec::new(),
        q: String::new(),
        phones,
        problem: back.problem,
        typed: back.typed,
        form: back.form,
    };
    own_page(back.status, page)
}

/// `GET /daycare/elders/{id}`: an elder's record (the centre's staff).
pub async fn elder_page(State(state): State<AppState>, v: Visitor, Path(id): Path<Uuid>) -> Result<Response, Refusal> {
    elder_page_with(&state, &v, id, Back::ok()).await
}

pub(super) async fn enrol_page_with(
    state: &AppState,
    v: &Visitor,
    (community, q): (Option<&str>, &str),
    back: Back,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let communities = crate::web::life::communities_run(state, v).await?;
    let community = crate::web::life::chosen(&communities, community);
    let q = q.trim();
    let candidates = state
        .app
        .daycare_candidates(user, &community)
        .await?
        .into_iter()
        .filter(|c| q.is_empty() || c.name.contains(q) || back.typed.get("person") == c.person.to_string())
        .collect();
    let page = ElderPage {
        shell: v.shell(),
        elder: None,
        grid: None,
        community,
        candidates,
        q: q.to_owned(),
        phones: Vec::new(),
        problem: back.problem,
        typed: back.typed,
        form: back.form,
    };
    own_page(back.status, page)
}

/// `GET /daycare/elders/new`: the enrolment form.
pub async fn enrol_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<DaycareQuery>,
) -> Result<Response, Refusal> {
    enrol_page_with(&state, &v, (q.community.as_deref(), q.q.as_deref().unwrap_or_default()), Back::ok()).await
}

pub(super) fn contact_from(f: &Fields) -> NewContact {
    NewContact {
        name: f.get("contact_name").to_owned(),
        relation: f.get("contact_relation").to_owned(),
        phone: f.get("contact_phone").to_owned(),
    }
}

/// `POST /daycare/elders`: enrols an elder.
pub async fn enrol_submit(
    State(state): State<AppState>,
    v: Visitor,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let community = f.get("community").to_owned();
    let contact = contact_from(&f);
    let diets = match diets_from(&f) {
        Ok(d) => d,
        Err(e) => {
            let problem = invalid(&v, e)?;
            let back = Back {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem,
                typed: f,
                form: "enrol".into(),
                ..Back::ok()
            };
            return enrol_page_with(&state, &v, (Some(&community), ""), back).await;
        }
    };
    let n = NewElder {
        community: community.clone(),
        person: f.get("person").parse().ok(),
        diets,
        allergies: f.get("allergies").to_owned(),
        notes: f.get("notes").to_owned(),
        contact: Some(contact),
    };
    match state.app.enrol_elder(user, &v.ip, n).await {
        Ok(e) => Ok(Redirect::to(&format!("/daycare/elders/{}", e.id)).into_response()),
        Err(e) => {
            let problem = invalid(&v, e)?;
            let back = Back {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem,
                typed: f,
                form: "enrol".into(),
                ..Back::ok()
            };
            enrol_page_with(&state, &v, (Some(&community), ""), back).await
        }
    }
}

pub(super) async fn done_on_elder(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    done: Result<(), crate::app::Error>,
    (f, form): (Fields, &str),
) -> Result<Response, Refusal> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/daycare/elders/{id}")).into_response()),
        Err(e) => {
            let problem = invalid(v, e)?;
            let back =
                Back { status: StatusCode::UNPROCESSABLE_ENTITY, problem, typed: f, form: form.into(), ..Back::ok() };
            elder_page_with(state, v, id, back).await
        }
    }
}

/// `POST /daycare/elders/{id}`: diets, allergies, notes, enrolment.
pub async fn elder_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let active = !f.ticked("leave");
    let done = match diets_from(&f) {
        Ok(diets) => {
            state.app.update_elder(user, &v.ip, id, (&diets, f.get("allergies"), f.get("notes")), active).await
        }
        Err(e) => Err(e),
    };
    done_on_elder(&state, &v, id, done, (f, "edit")).await
}

/// `POST /daycare/elders/{id}/contacts`.
pub async fn contact_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = state.app.add_elder_contact(user, &v.ip, id, &contact_from(&f)).await;
    done_on_elder(&state, &v, id, done, (f, "contact")).await
}

/// `POST /daycare/elders/{id}/reveal`: the contacts' phones in full, for a
/// stated reason (audited).
pub async fn reveal_submit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<Uuid>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    match state.app.daycare_record(user, &v.ip, id, Some(f.get("reason"))).await {
        Ok(record) => elder_page_of(&state, &v, record, Back::ok()).await,
        Err(e) => {
            let problem = invalid(&v, e)?;
            let back = Back {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problem,
                typed: f,
                form: "reveal".into(),
                ..Back::ok()
            };
            elder_page_with(&state, &v, id, back).await
        }
    }
}

/// `POST /daycare/elders/{id}/contacts/{contact}/link`: links (or with
/// `unlink=1` unlinks) the family member's account.
pub async fn contact_link(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, contact)): Path<(Uuid, Uuid)>,
    RawForm(raw): RawForm,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    let f = Fields::from_body(&raw);
    let done = state.app.link_elder_contact(user, &v.ip, id, contact, f.get("unlink") == "1").await;
    done_on_elder(&state, &v, id, done, (f, "contact")).await
}

/// `POST /daycare/elders/{id}/contacts/{contact}/remove`.
pub async fn contact_remove(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, contact)): Path<(Uuid, Uuid)>,
) -> Result<Response, Refusal> {
    let user = v.signed_in()?;
    state.app.remove_elder_contact(user, &v.ip, id, contact).await?;
    Ok(Redirect::to(&format!("/daycare/elders/{id}")).into_response())
}

// The menu.
