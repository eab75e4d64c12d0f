//! Refusals of mediation, petitions and the 三零 figures.

use super::fill;
use crate::app::refusal::CaseRefusal;
use crate::web::i18n::Lang;

texts! {
    /// The words.
    pub struct MediationRefusals {
        code, summary, event, party, id_number, parties, changed_meanwhile, text, when, session, court, video,
        no_agreement, grid, room, not_now, no_text, no_consent, zero_year, zero_day, zero_summary, zero_event,
    }
}

/// 简体中文.
pub const ZH: MediationRefusals = MediationRefusals {
    code: "请从列表中选择（可选：{known}）",
    summary: "请写明纠纷或信访事项（5 到 2000 字）",
    event: "该事件不属于本社区，或已转为调解案件",
    party: "每位当事人请填写姓名（最多 40 字），住址最多 120 字",
    id_number: "当事人的身份证号码不正确，请核对后重填（可不填）",
    parties: "矛盾纠纷须有申请人和被申请人，信访件须有信访人；当事人最多 10 位",
    changed_meanwhile: "案件刚被其他人处理过，请刷新后再试",
    text: "协议条款、笔录或回访情况最多 4000 字",
    when: "时间应不晚于现在，且在一年以内",
    session: "请填写调解地点（最多 60 字）、参加人员（最多 300 字）和调解笔录（最多 4000 字）",
    court: "科技法庭庭审请同时填写法院名称和承办法官",
    video: "视频连线地址应以 http:// 或 https:// 开头",
    no_agreement: "该案件尚未达成调解协议，无协议书可打印",
    grid: "请选择本社区的网格",
    room: "请选择本社区服务中心的场地",
    not_now: "案件当前状态（{state}）下不能{action}",
    no_text: "请填写说明（理由、笔录、协议条款或回访情况）",
    no_consent: "信访事项转入调解须经双方当事人同意，请确认并勾选",
    zero_year: "年份不正确",
    zero_day: "请填写发生日期：不晚于今天，且在三年以内",
    zero_summary: "请简要写明发生了什么（2 到 200 字，不写姓名）",
    zero_event: "事故关联的事件应是本社区的安全隐患事件，且只能登记一次",
};

/// English.
pub const EN: MediationRefusals = MediationRefusals {
    code: "Choose from the list (one of: {known})",
    summary: "Describe the dispute or petition (5 to 2000 characters)",
    event: "That event is not this community's, or it is a case already",
    party: "Give each party's name (at most 40 characters); an address has at most 120",
    id_number: "A party's ID number is not valid; check it or leave it empty",
    parties: "A dispute needs an applicant and a respondent, a petition its petitioner; at most 10 parties",
    changed_meanwhile: "Someone else has just acted on this case; reload and try again",
    text: "Terms, minutes or follow-up notes have at most 4000 characters",
    when: "The time is not later than now, and within a year",
    session: "Give the place (at most 60 characters), who took part (at most 300) and the minutes (at most 4000)",
    court: "A court session names both the court and the judge",
    video: "The video address starts with http:// or https://",
    no_agreement: "No agreement was reached in this case: there is nothing to print",
    grid: "Choose a grid of this community",
    room: "Choose a room of this community's centre",
    not_now: "While the case is {state}, it cannot {action}",
    no_text: "Write the reason, minutes, terms or follow-up notes",
    no_consent: "A petition goes to mediation only with both parties' consent: confirm and tick the box",
    zero_year: "That year is not valid",
    zero_day: "Give the day it happened: not later than today, within three years",
    zero_summary: "Say briefly what happened (2 to 200 characters, no names)",
    zero_event: "An accident's event is a safety event of this community, recorded once",
};

/// Why CaseRefusal refused, in a language.
pub(super) fn words(reason: &CaseRefusal, lang: Lang) -> String {
    let texts = lang.texts();
    let r = &texts.refusals;
    match reason {
        CaseRefusal::MediationCode { known } => fill(r.mediation.code, &[("known", known)]),
        CaseRefusal::MediationSummary => r.mediation.summary.into(),
        CaseRefusal::MediationEvent => r.mediation.event.into(),
        CaseRefusal::MediationParty => r.mediation.party.into(),
        CaseRefusal::MediationIdNumber => r.mediation.id_number.into(),
        CaseRefusal::MediationParties => r.mediation.parties.into(),
        CaseRefusal::MediationRefused(refused) => {
            use crate::domain::mediation::case::Refused;
            match refused {
                Refused::NotNow { state, action } => {
                    let t = &texts.mediation;
                    let state = t.states[state.index()].1;
                    let action = t.actions.iter().find(|(k, _)| k == action).map_or(*action, |(_, w)| *w);
                    fill(r.mediation.not_now, &[("state", &state), ("action", &action)])
                }
                Refused::NoText => r.mediation.no_text.into(),
                Refused::NoConsent => r.mediation.no_consent.into(),
            }
        }
        CaseRefusal::MediationChangedMeanwhile => r.mediation.changed_meanwhile.into(),
        CaseRefusal::MediationText => r.mediation.text.into(),
        CaseRefusal::MediationWhen => r.mediation.when.into(),
        CaseRefusal::MediationSession => r.mediation.session.into(),
        CaseRefusal::MediationCourt => r.mediation.court.into(),
        CaseRefusal::MediationVideo => r.mediation.video.into(),
        CaseRefusal::MediationNoAgreement => r.mediation.no_agreement.into(),
        CaseRefusal::MediationGrid => r.mediation.grid.into(),
        CaseRefusal::MediationRoom => r.mediation.room.into(),
        CaseRefusal::ZeroYear => r.mediation.zero_year.into(),
        CaseRefusal::ZeroDay => r.mediation.zero_day.into(),
        CaseRefusal::ZeroSummary => r.mediation.zero_summary.into(),
        CaseRefusal::ZeroEvent => r.mediation.zero_event.into(),
    }
}
